/// Renames and drops break the application code that is still running during a deploy.
struct RenameColumnRule: MigrationRule {
    static let description = RuleDescription(
        id: "rename-column", severity: .warning, category: .migration,
        summary: "RENAME COLUMN on an existing table",
        rationale: "During a deploy the old application version is still running and still uses the old name: every query that names it fails until the new version is everywhere. Add the new column, write both, backfill, switch reads, then drop the old one.",
        triggeringExamples: [RuleExample("↓ALTER TABLE users RENAME COLUMN name TO full_name;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, name text);")],
        nonTriggeringExamples: ["CREATE TABLE users (id bigint PRIMARY KEY, name text);\nALTER TABLE users RENAME COLUMN name TO full_name;"])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard case .rename(let rename) = context.statement.kind, case .column(let tableName, let from) = rename.target,
              let table = context.existingTable(tableName) else { return [] }
        let lock = LockAnalysis.Lock(table: table.name, fact: LockFacts.renameColumn)
        return [Self.description.finding(
            "renaming \(table.name).\(from) to \(rename.newName) breaks code still using \(from); it \(MigrationWording.lockSentence(lock))",
            at: context.location, object: "\(table.name.schema).\(table.name.name).\(from)",
            fix: "ALTER TABLE \(table.name.sql) ADD COLUMN \(quoteIdentifierIfNeeded(rename.newName)) \(table.column(named: from)?.fullType ?? "text");\n-- write both, backfill, move reads, then drop \(quoteIdentifierIfNeeded(from)) in a later release")]
    }
}
