struct DropColumnRule: MigrationRule {
    static let description = RuleDescription(
        id: "drop-column", severity: .warning, category: .migration,
        summary: "DROP COLUMN on an existing table",
        rationale: "The data is gone for good, and code still deployed that reads or writes the column fails. Stop using the column in a release first; drop it in a later one.",
        triggeringExamples: [RuleExample("ALTER TABLE users ↓DROP COLUMN legacy_code;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, legacy_code text);")],
        nonTriggeringExamples: ["CREATE TABLE users (id bigint PRIMARY KEY, legacy_code text);\nALTER TABLE users DROP COLUMN legacy_code;"])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard let (table, commands) = context.alterCommandsOnExistingTable else { return [] }
        return commands.compactMap { command -> Finding? in
            guard case .dropColumn(let name, _, _) = command, table.columns.isEmpty || table.column(named: name) != nil else { return nil }
            return Self.description.finding(
                "dropping \(table.name).\(name) deletes its data and breaks code still using it; make sure no deployed release reads it",
                at: context.location(ofFirst: "drop"), object: "\(table.name.schema).\(table.name.name).\(name)")
        }
    }
}
