/// Type changes that rewrite the table.
struct AlterColumnTypeRule: MigrationRule {
    static let description = RuleDescription(
        id: "alter-column-type", severity: .error, category: .migration,
        summary: "ALTER COLUMN TYPE that rewrites an existing table",
        rationale: "Most type changes (int -> bigint, shrinking varchar, timestamp -> timestamptz outside UTC) rewrite the table and rebuild every index under ACCESS EXCLUSIVE: no reads, no writes, for as long as the rewrite takes. Widening varchar, varchar -> text and raising numeric precision do not rewrite and are not reported.",
        triggeringExamples: [
            RuleExample("↓ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, quantity integer);"),
            RuleExample("↓ALTER TABLE users ALTER COLUMN name TYPE varchar(20);", setup: "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50));"),
        ],
        nonTriggeringExamples: [
            RuleExample("ALTER TABLE users ALTER COLUMN name TYPE varchar(100);", setup: "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50));"),
            RuleExample("ALTER TABLE users ALTER COLUMN name TYPE text;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50));"),
            RuleExample("ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2);", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2));"),
        ])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard let (table, commands) = context.alterCommandsOnExistingTable else { return [] }
        return commands.compactMap { command -> Finding? in
            guard case .alterColumnType(let name, let type, _, _) = command else { return nil }
            // Without history the old type is unknown: assume the change rewrites.
            let column = table.column(named: name) ?? ColumnInfo(name: name, type: "an unknown type")
            guard TypeChange.rewrites(from: column, to: type) else { return nil }
            let lock = LockAnalysis.Lock(table: table.name, fact: LockFacts.alterTypeRewrite)
            let utcNote = column.type.hasPrefix("timestamp") && type.name.hasPrefix("timestamp") ? " (unless the session TimeZone is UTC)" : ""
            let newName = quoteIdentifierIfNeeded(name + "_new")
            return Self.description.finding(
                "changing \(table.name).\(name) from \(column.fullType) to \(type.displayName) \(MigrationWording.lockSentence(lock))\(utcNote)",
                at: context.location, object: "\(table.name.schema).\(table.name.name).\(name)",
                fix: """
                ALTER TABLE \(table.name.sql) ADD COLUMN \(newName) \(type.displayName);
                -- keep it in sync with a trigger, backfill in batches, then swap the columns in one short migration
                """)
        }
    }
}
