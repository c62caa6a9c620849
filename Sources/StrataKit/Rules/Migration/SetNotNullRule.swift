/// SET NOT NULL scans the table under ACCESS EXCLUSIVE unless a validated CHECK proves it.
struct SetNotNullRule: MigrationRule {
    static let description = RuleDescription(
        id: "set-not-null", severity: .error, category: .migration,
        summary: "SET NOT NULL on an existing table without a validated CHECK (col IS NOT NULL)",
        rationale: "SET NOT NULL scans the whole table to prove there are no NULLs, holding ACCESS EXCLUSIVE (no reads, no writes) throughout. With a validated CHECK (col IS NOT NULL) in place, PostgreSQL skips the scan; the CHECK can be added NOT VALID and validated under a weak lock.",
        triggeringExamples: [RuleExample("↓ALTER TABLE users ALTER COLUMN email SET NOT NULL;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, email text);")],
        nonTriggeringExamples: [RuleExample(
            "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
            setup: "CREATE TABLE users (id bigint PRIMARY KEY, email text); ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID; ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;")])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard let (table, commands) = context.alterCommandsOnExistingTable else { return [] }
        return commands.compactMap { command -> Finding? in
            guard case .setNotNull(let name) = command, !LockAnalysis.hasValidatedNotNullCheck(table, column: name) else { return nil }
            let lock = LockAnalysis.Lock(table: table.name, fact: LockFacts.setNotNull)
            let check = quoteIdentifierIfNeeded(ImplicitNames.makeObjectName(table.name.name, name, "not_null"))
            let column = quoteIdentifierIfNeeded(name)
            return Self.description.finding(
                "SET NOT NULL on \(table.name).\(name) \(MigrationWording.lockSentence(lock)); prove it with a validated CHECK first",
                at: context.location, object: "\(table.name.schema).\(table.name.name).\(name)",
                fix: """
                ALTER TABLE \(table.name.sql) ADD CONSTRAINT \(check) CHECK (\(column) IS NOT NULL) NOT VALID;
                -- next migration:
                ALTER TABLE \(table.name.sql) VALIDATE CONSTRAINT \(check);
                -- next migration (no scan now):
                ALTER TABLE \(table.name.sql) ALTER COLUMN \(column) SET NOT NULL;
                ALTER TABLE \(table.name.sql) DROP CONSTRAINT \(check);
                """)
        }
    }
}
