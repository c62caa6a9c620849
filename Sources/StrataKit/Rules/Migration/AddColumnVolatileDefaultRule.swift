/// A volatile default, serial, identity or stored generated column rewrites the table.
struct AddColumnVolatileDefaultRule: MigrationRule {
    static let description = RuleDescription(
        id: "add-column-volatile-default", severity: .error, category: .migration,
        summary: "ADD COLUMN that rewrites the table (volatile default, serial, identity, stored generated)",
        rationale: "Since PostgreSQL 11 a constant or stable default (0, 'x', now()) is stored once and costs nothing. A volatile default (gen_random_uuid(), random(), clock_timestamp()), serial, identity and stored generated columns must be computed for every row: the whole table and every index are rewritten under ACCESS EXCLUSIVE.",
        triggeringExamples: [
            RuleExample("ALTER TABLE users ADD COLUMN ↓token uuid DEFAULT gen_random_uuid();", setup: "CREATE TABLE users (id bigint PRIMARY KEY);"),
            RuleExample("ALTER TABLE users ADD COLUMN ↓seq bigserial;", setup: "CREATE TABLE users (id bigint PRIMARY KEY);"),
        ],
        nonTriggeringExamples: [
            RuleExample("ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(), ADD COLUMN n int DEFAULT 0;", setup: "CREATE TABLE users (id bigint PRIMARY KEY);"),
            "CREATE TABLE users (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
        ])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard let (table, commands) = context.alterCommandsOnExistingTable else { return [] }
        return commands.compactMap { command -> Finding? in
            guard case .addColumn(let column, _) = command else { return nil }
            let fact = LockAnalysis.fact(of: command, on: table, context: context)
            guard fact.rewrites else { return nil }
            let lock = LockAnalysis.Lock(table: table.name, fact: fact)
            let name = quoteIdentifierIfNeeded(column.name)
            return Self.description.finding(
                "adding \(column.name) \(MigrationWording.lockSentence(lock)); add it without the per-row value, then backfill in batches",
                at: column.location, object: "\(table.name.schema).\(table.name.name).\(column.name)",
                fix: """
                ALTER TABLE \(table.name.sql) ADD COLUMN \(name) \(column.type?.serial?.underlyingType ?? column.type?.displayName ?? "text");
                ALTER TABLE \(table.name.sql) ALTER COLUMN \(name) SET DEFAULT \(column.defaultExpression?.text ?? "...");  -- new rows only
                -- then backfill existing rows in batches: UPDATE ... WHERE id BETWEEN ... AND ...;
                """)
        }
    }
}
