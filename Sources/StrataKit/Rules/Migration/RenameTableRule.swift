struct RenameTableRule: MigrationRule {
    static let description = RuleDescription(
        id: "rename-table", severity: .warning, category: .migration,
        summary: "RENAME of an existing table",
        rationale: "Code that is still deployed queries the old name and fails the moment the rename commits. Rename behind a view, or create the new table and migrate in steps.",
        triggeringExamples: [RuleExample("↓ALTER TABLE users RENAME TO accounts;", setup: "CREATE TABLE users (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: ["CREATE TABLE users (id bigint PRIMARY KEY);\nALTER TABLE users RENAME TO accounts;"])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard case .rename(let rename) = context.statement.kind, case .table(let name) = rename.target,
              let table = context.existingTable(name) else { return [] }
        let lock = LockAnalysis.Lock(table: table.name, fact: LockFacts.renameTable)
        return [Self.description.finding(
            "renaming \(table.name) to \(rename.newName) breaks code still using the old name; it \(MigrationWording.lockSentence(lock))",
            at: context.location, object: "\(table.name.schema).\(table.name.name)",
            fix: "ALTER TABLE \(table.name.sql) RENAME TO \(quoteIdentifierIfNeeded(rename.newName));\nCREATE VIEW \(table.name.sql) AS SELECT * FROM \(QualifiedName(schema: table.name.schema, name: rename.newName).sql);  -- until every reader moved")]
    }
}
