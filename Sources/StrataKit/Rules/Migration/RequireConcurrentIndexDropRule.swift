/// DROP INDEX on a live table takes ACCESS EXCLUSIVE.
struct RequireConcurrentIndexDropRule: MigrationRule {
    static let description = RuleDescription(
        id: "require-concurrent-index-drop", severity: .warning, category: .migration,
        summary: "DROP INDEX without CONCURRENTLY on an existing table",
        rationale: "DROP INDEX takes ACCESS EXCLUSIVE on the table: it waits behind every running query and, while waiting, blocks every new one. DROP INDEX CONCURRENTLY takes a weaker lock (outside a transaction).",
        triggeringExamples: [RuleExample("↓DROP INDEX orders_user_id_idx;", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint); CREATE INDEX orders_user_id_idx ON orders (user_id);")],
        nonTriggeringExamples: [RuleExample("-- strata:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS orders_user_id_idx;", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint); CREATE INDEX orders_user_id_idx ON orders (user_id);")])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard case .drop(let drop) = context.statement.kind, drop.objectKind == .index, !drop.concurrently,
              let lock = MigrationWording.lock(context, where: { $0.measuredCase == "drop_index" }) else { return [] }
        let names = drop.objects.map { $0.name.sql }.joined(separator: ", ")
        return [Self.description.finding(
            "DROP INDEX \(names) \(MigrationWording.lockSentence(lock)); drop it CONCURRENTLY",
            at: context.location, object: lock.table.description,
            fix: "-- strata:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS \(names);")]
    }
}
