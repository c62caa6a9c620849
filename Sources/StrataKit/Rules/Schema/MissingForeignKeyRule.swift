/// `<x>_id` columns that clearly point at table `<x>` should say so with a foreign key.
struct MissingForeignKeyRule: SchemaRule {
    static let description = RuleDescription(
        id: "missing-foreign-key", severity: .warning,
        summary: "A `<table>_id` column matches an existing table but has no foreign key",
        rationale: "Integrity belongs in the database: without a foreign key, orphans appear the first time application code forgets a check, a batch job deletes a parent, or two writers race.",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, ↓user_id bigint NOT NULL);",
            "CREATE TABLE addresses (id bigint PRIMARY KEY); CREATE TABLE shipments (id bigint PRIMARY KEY, ↓address_id bigint);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));",
            "CREATE TABLE orders (id bigint PRIMARY KEY, external_id text);",
            "CREATE TABLE orders (id bigint PRIMARY KEY, stripe_id text);",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            table.columns.compactMap { column -> Finding? in
                guard column.name.hasSuffix("_id"), column.name.count > 3 else { return nil }
                if table.foreignKeys.contains(where: { $0.columns.contains(column.name) }) { return nil }
                if table.primaryKey?.columns == [column.name], table.foreignKeys.isEmpty == false { return nil }
                let stem = String(column.name.dropLast(3))
                let candidates = [stem, stem + "s", stem + "es", stem.hasSuffix("y") ? String(stem.dropLast()) + "ies" : stem]
                guard let target = candidates.lazy.compactMap({ context.schema.tables[QualifiedName(schema: table.name.schema, name: $0)] }).first,
                      target.name != table.name, let key = target.primaryKey, key.columns.count == 1 else { return nil }
                let constraint = ImplicitNames.makeObjectName(table.name.name, column.name, "fkey")
                // The new foreign key needs its index (fk-missing-index), built without blocking writes.
                let index = SchemaFacts.isLeadingIndexed([column.name], in: context.indexes(on: table))
                    ? "" : "\n" + SchemaFacts.createIndexSQL(table: table.name, columns: [column.name], in: context.schema)
                return Self.description.finding(
                    "\(table.name).\(column.name) looks like a reference to \(target.name) but has no foreign key",
                    at: column.location, object: context.object(table, column.name),
                    fix: """
                    ALTER TABLE \(table.name.sql) ADD CONSTRAINT \(quoteIdentifierIfNeeded(constraint)) FOREIGN KEY (\(quoteIdentifierIfNeeded(column.name))) REFERENCES \(target.name.sql) (\(quoteIdentifierIfNeeded(key.columns[0]))) NOT VALID;
                    ALTER TABLE \(table.name.sql) VALIDATE CONSTRAINT \(quoteIdentifierIfNeeded(constraint));
                    """ + index)
            }
        }
    }
}
