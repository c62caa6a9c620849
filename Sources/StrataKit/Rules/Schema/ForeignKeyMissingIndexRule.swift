/// Foreign key columns must lead some btree index.
struct ForeignKeyMissingIndexRule: SchemaRule {
    static let description = RuleDescription(
        id: "fk-missing-index", severity: .warning,
        summary: "Foreign key columns are not the leading columns of any index",
        rationale: "Deleting or updating a parent row makes PostgreSQL look up child rows by the foreign key columns; without an index that is a sequential scan of the child table for every parent row, holding locks all the while. Joins along the relationship suffer the same way.",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL ↓REFERENCES users (id));",
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, ↓CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)); CREATE INDEX ON orders (id, user_id);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id)); CREATE INDEX orders_user_id_idx ON orders (user_id);",
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE memberships (user_id bigint REFERENCES users (id), team_id bigint, PRIMARY KEY (user_id, team_id));",
            "CREATE TABLE a (id bigint PRIMARY KEY); CREATE TABLE b (x bigint, y bigint, FOREIGN KEY (x) REFERENCES a (id)); CREATE INDEX ON b (x, y);",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            let indexes = context.indexes(on: table)
            return table.foreignKeys.filter { !SchemaFacts.isLeadingIndexed($0.columns, in: indexes) }.map { foreignKey in
                Self.description.finding(
                    "foreign key \(foreignKey.name) on \(table.name) (\(foreignKey.columns.joined(separator: ", "))) has no index; deletes on \(foreignKey.referencedTable) will scan \(table.name)",
                    at: foreignKey.location, object: context.object(table, foreignKey.name),
                    fix: SchemaFacts.createIndexSQL(table: table.name, columns: foreignKey.columns, in: context.schema))
            }
        }
    }
}
