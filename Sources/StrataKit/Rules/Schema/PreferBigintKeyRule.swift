/// Integer keys run out; bigint does not.
struct PreferBigintKeyRule: SchemaRule {
    static let description = RuleDescription(
        id: "prefer-bigint-key", severity: .info,
        summary: "Primary key is integer or smallint",
        rationale: "An integer key stops at 2,147,483,647. Busy tables reach that, and widening a primary key (and every foreign key pointing at it) later rewrites all of them under an ACCESS EXCLUSIVE lock. bigint costs four bytes more per row.",
        triggeringExamples: ["CREATE TABLE users (↓id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);"],
        nonTriggeringExamples: ["CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);", "CREATE TABLE users (id uuid PRIMARY KEY);"])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.compactMap { table -> Finding? in
            guard SchemaFacts.ownsStructure(table), let key = table.primaryKey, key.columns.count == 1, let column = table.column(named: key.columns[0]),
                  column.type == "integer" || column.type == "smallint" else { return nil }
            return Self.description.finding(
                "primary key \(table.name).\(column.name) is \(column.type); bigint will not run out",
                at: column.location, object: context.object(table, column.name),
                fix: Self.fix(column, on: table, in: context.schema))
        }
    }

    /// The key, the foreign key columns that reference it and the serial sequence behind it all
    /// become bigint (an identity's sequence follows its column). Each ALTER rewrites its table.
    static func fix(_ column: ColumnInfo, on table: TableInfo, in schema: DatabaseSchema) -> String {
        var statements = ["ALTER TABLE \(table.name.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(column.name)) TYPE bigint;"]
        for (child, foreignKey) in schema.foreignKeys(referencing: table.name) {
            for (local, remote) in zip(foreignKey.columns, foreignKey.referencedColumns) where remote == column.name {
                guard let childColumn = child.column(named: local), childColumn.type == "integer" || childColumn.type == "smallint" else { continue }
                statements.append("ALTER TABLE \(child.name.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(local)) TYPE bigint;")
            }
        }
        if column.identity == nil,
           let owned = schema.sequences.values.first(where: { $0.ownedByTable == table.name && $0.ownedByColumn == column.name }) {
            statements.append("ALTER SEQUENCE \(owned.name.sql) AS bigint;")
        }
        return statements.joined(separator: "\n")
    }
}
