struct DropTableRule: MigrationRule {
    static let description = RuleDescription(
        id: "drop-table", severity: .warning, category: .migration,
        summary: "DROP TABLE of an existing table",
        rationale: "Dropping a table deletes its data irreversibly (the down migration cannot bring rows back) and takes ACCESS EXCLUSIVE. Confirm nothing reads it and that a backup exists.",
        triggeringExamples: [RuleExample("↓DROP TABLE sessions;", setup: "CREATE TABLE sessions (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: ["CREATE TABLE scratch (id bigint PRIMARY KEY);\nDROP TABLE scratch;"])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard case .drop(let drop) = context.statement.kind, drop.objectKind == .table else { return [] }
        return context.locks.map { lock in
            Self.description.finding("dropping \(lock.table) deletes its data for good; it \(MigrationWording.lockSentence(lock))",
                                     at: context.location, object: lock.table.description)
        }
    }
}
