/// Foreign key columns must lead some btree index.
struct ForeignKeyMissingIndexRule: SchemaRule {
    static let description = RuleDescription(
        id: "fk-missing-index", severity: .warning,
        summary: "Foreign key columns are not the leading columns of any index",
        rationale: "Deleting or updating a parent row makes PostgreSQL look up child rows by the foreign key columns; without an index that is a sequential scan of the child table for every parent row, holding locks all the while. Joins along the relationship suffer the same way. Not flagged when the parent is a small static lookup (the schema script fills it, or its name says `*_type`, `*_status`): its rows are not deleted in the normal course and an index on its few values seldom serves reads; nor on an inheritance parent (its children hold the rows and declare their own keys).",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL ↓REFERENCES users (id));",
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, ↓CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)); CREATE INDEX ON orders (id, user_id);",
        ],
        nonTriggeringExamples: [
            // An inheritance parent: its children hold the rows.
            "CREATE TABLE entities (id bigint PRIMARY KEY); CREATE TABLE file_base (id bigint PRIMARY KEY, entity_id bigint REFERENCES entities); CREATE TABLE file_invoice (invoice_no text) INHERITS (file_base);",
            // A partial index that leaves out only the NULLs serves the foreign-key check (an equality implies NOT NULL).
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users); CREATE INDEX orders_user_idx ON orders (user_id) WHERE user_id IS NOT NULL;",
            // A lookup the schema fills: its rows are not deleted, its few values make a poor index.
            "CREATE TABLE order_statuses (id int PRIMARY KEY, name text NOT NULL); INSERT INTO order_statuses VALUES (1, 'open'), (2, 'paid'); CREATE TABLE orders (id bigint PRIMARY KEY, status_id int NOT NULL REFERENCES order_statuses);",
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id)); CREATE INDEX orders_user_id_idx ON orders (user_id);",
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE memberships (user_id bigint REFERENCES users (id), team_id bigint, PRIMARY KEY (user_id, team_id));",
            "CREATE TABLE a (id bigint PRIMARY KEY); CREATE TABLE b (x bigint, y bigint, FOREIGN KEY (x) REFERENCES a (id)); CREATE INDEX ON b (x, y);",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            let indexes = context.indexes(on: table)
            return table.foreignKeys.filter { foreignKey in
                guard !SchemaFacts.isLeadingIndexed(foreignKey.columns, in: indexes) else { return false }
                // A static lookup's rows are not deleted in the normal course, and its few values
                // make an index that reads seldom use (low-selectivity-index would call it useless).
                if let parent = context.schema.tables[foreignKey.referencedTable], parent.name != table.name,
                   TableRole.of(parent, in: context) == .lookup { return false }
                // An inheritance parent's own foreign key checks only the parent's rows, which such
                // a design keeps empty (the children hold the data and declare their own keys).
                if context.inheritedTables.contains(table.name) { return false }
                return true
            }.map { foreignKey in
                Self.description.finding(
                    "foreign key \(foreignKey.name) on \(table.name) (\(foreignKey.columns.joined(separator: ", "))) has no index; deletes on \(foreignKey.referencedTable) will scan \(table.name)",
                    at: foreignKey.location, object: context.object(table, foreignKey.name),
                    fix: SchemaFacts.createIndexSQL(table: table.name, columns: foreignKey.columns, in: context.schema))
            }
        }
    }
}
