struct TruncateTableRule: MigrationRule {
    static let description = RuleDescription(
        id: "truncate-table", severity: .warning, category: .migration,
        summary: "TRUNCATE of an existing table",
        rationale: "TRUNCATE deletes every row, takes ACCESS EXCLUSIVE and, with CASCADE, empties every referencing table too. It does not belong in a schema migration.",
        triggeringExamples: [RuleExample("↓TRUNCATE sessions;", setup: "CREATE TABLE sessions (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: ["CREATE TABLE scratch (id bigint PRIMARY KEY);\nTRUNCATE scratch;"])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard case .truncate = context.statement.kind else { return [] }
        return context.locks.map { lock in
            Self.description.finding("TRUNCATE deletes every row of \(lock.table); it \(MigrationWording.lockSentence(lock))",
                                     at: context.location, object: lock.table.description)
        }
    }
}
