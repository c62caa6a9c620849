/// A NOT NULL column without a default cannot be added to a table with rows.
struct AddColumnNotNullWithoutDefaultRule: MigrationRule {
    static let description = RuleDescription(
        id: "add-column-not-null-without-default", severity: .error, category: .migration,
        summary: "ADD COLUMN ... NOT NULL without a DEFAULT on an existing table",
        rationale: "Existing rows would get NULL, so PostgreSQL refuses (`column contains null values`) as soon as the table has a row: the migration works on an empty development database and fails in production.",
        triggeringExamples: [RuleExample("ALTER TABLE users ADD COLUMN ↓tier text NOT NULL;", setup: "CREATE TABLE users (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: [
            RuleExample("ALTER TABLE users ADD COLUMN tier text NOT NULL DEFAULT 'free';", setup: "CREATE TABLE users (id bigint PRIMARY KEY);"),
            RuleExample("ALTER TABLE users ADD COLUMN tier text;", setup: "CREATE TABLE users (id bigint PRIMARY KEY);"),
        ])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard let (table, commands) = context.alterCommandsOnExistingTable else { return [] }
        return commands.compactMap { command -> Finding? in
            guard case .addColumn(let column, _) = command, column.isNotNull, column.defaultExpression == nil,
                  column.identity == nil, column.generated == nil, column.type?.serial == nil else { return nil }
            let name = quoteIdentifierIfNeeded(column.name)
            return Self.description.finding(
                "adding \(column.name) NOT NULL without a default fails on \(table.name) as soon as it has rows",
                at: column.location, object: "\(table.name.schema).\(table.name.name).\(column.name)",
                fix: """
                ALTER TABLE \(table.name.sql) ADD COLUMN \(name) \(column.type?.displayName ?? "text");
                -- backfill in batches, then in later migrations:
                ALTER TABLE \(table.name.sql) ADD CONSTRAINT \(quoteIdentifierIfNeeded(ImplicitNames.makeObjectName(table.name.name, column.name, "not_null"))) CHECK (\(name) IS NOT NULL) NOT VALID;
                ALTER TABLE \(table.name.sql) VALIDATE CONSTRAINT \(quoteIdentifierIfNeeded(ImplicitNames.makeObjectName(table.name.name, column.name, "not_null")));
                ALTER TABLE \(table.name.sql) ALTER COLUMN \(name) SET NOT NULL;
                """)
        }
    }
}
