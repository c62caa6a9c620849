import Foundation

struct UnbatchedUpdateRule: MigrationRule {
    static let description = RuleDescription(
        id: "unbatched-update", severity: .warning, category: .migration,
        summary: "UPDATE or DELETE without WHERE on an existing table",
        rationale: "One statement over every row locks every row until it commits, bloats the table with dead tuples, floods WAL and replicas, and cannot be stopped halfway. Batch by key range.",
        triggeringExamples: [RuleExample("↓UPDATE users SET tier = 'free';", setup: "CREATE TABLE users (id bigint PRIMARY KEY, tier text);")],
        nonTriggeringExamples: [RuleExample("UPDATE users SET tier = 'free' WHERE id BETWEEN 1 AND 10000 AND tier IS NULL;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, tier text);")])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard case .dataChange(let change) = context.statement.kind, change.verb == .update || change.verb == .delete,
              !change.hasWhere, let table = context.existingTable(change.table) else { return [] }
        let key = table.primaryKey?.columns.first.map(quoteIdentifierIfNeeded) ?? "id"
        return [Self.description.finding(
            "\(change.verb.rawValue.uppercased()) of every row of \(table.name) in one statement; batch it by key range",
            at: context.location, object: "\(table.name.schema).\(table.name.name)",
            fix: "-- repeat per batch, outside the schema migration:\n\(change.verb == .update ? "UPDATE \(table.name.sql) SET ..." : "DELETE FROM \(table.name.sql)") WHERE \(key) >= $1 AND \(key) < $1 + 10000;")]
    }
}
