/// CREATE INDEX on a live table blocks writes for the whole build.
struct RequireConcurrentIndexRule: MigrationRule {
    static let description = RuleDescription(
        id: "require-concurrent-index", severity: .error, category: .migration,
        summary: "CREATE INDEX without CONCURRENTLY on an existing table",
        rationale: "A plain CREATE INDEX holds a SHARE lock on the table for the whole build: every INSERT, UPDATE and DELETE waits, for minutes on a large table. CREATE INDEX CONCURRENTLY builds without blocking writes (it must run outside a transaction).",
        triggeringExamples: [RuleExample("↓CREATE INDEX orders_user_id_idx ON orders (user_id);", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);")],
        nonTriggeringExamples: [
            RuleExample("-- strata:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);"),
            "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\nCREATE INDEX orders_user_id_idx ON orders (user_id);",
        ])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard case .createIndex(let create) = context.statement.kind, !create.concurrently,
              let lock = MigrationWording.lock(context, where: { $0.measuredCase == "create_index" }) else { return [] }
        let unique = create.isUnique ? "UNIQUE " : ""
        let name = create.name.map { " IF NOT EXISTS \(quoteIdentifierIfNeeded($0))" } ?? ""
        return [Self.description.finding(
            "CREATE INDEX \(MigrationWording.lockSentence(lock)); build it CONCURRENTLY",
            at: context.location, object: lock.table.description,
            fix: "-- strata:no-transaction\nCREATE \(unique)INDEX CONCURRENTLY\(name) ON \(lock.table.sql) (\(create.keys.map { $0.column.map(quoteIdentifierIfNeeded) ?? "(\($0.expression?.text ?? ""))" }.joined(separator: ", ")));")]
    }
}
