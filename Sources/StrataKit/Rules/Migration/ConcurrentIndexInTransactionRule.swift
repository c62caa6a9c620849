/// CONCURRENTLY cannot run inside a transaction block.
struct ConcurrentIndexInTransactionRule: MigrationRule {
    static let description = RuleDescription(
        id: "concurrent-index-in-transaction", severity: .error, category: .migration,
        summary: "CONCURRENTLY in a migration that runs inside a transaction",
        rationale: "CREATE/DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY fail with 'cannot run inside a transaction block'. Runners that wrap each migration in a transaction need the migration marked to run outside one.",
        triggeringExamples: [RuleExample("↓CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);")],
        nonTriggeringExamples: [RuleExample("-- strata:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);")])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard !context.migration.noTransaction else { return [] }
        let what = context.statement.kind.transactionBlockRefusal
        guard let what else { return [] }
        return [Self.description.finding(
            "\(what) cannot run inside a transaction block; \(MigrationWording.noTransactionHint)",
            at: context.location, fix: "-- strata:no-transaction  (first line of the migration)")]
    }
}
