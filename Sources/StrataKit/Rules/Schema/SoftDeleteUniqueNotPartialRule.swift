/// On a soft-deleting table, uniqueness must ignore deleted rows.
struct SoftDeleteUniqueNotPartialRule: SchemaRule {
    static let description = RuleDescription(
        id: "soft-delete-unique-not-partial", severity: .warning,
        summary: "Unique constraint on a soft-deleting table also counts deleted rows",
        rationale: "With a plain UNIQUE (email), a user who deleted their account can never sign up again: the deleted row still holds the value. Make the uniqueness a partial unique index WHERE deleted_at IS NULL.",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL ↓UNIQUE, deleted_at timestamptz); CREATE INDEX ON users (id) WHERE deleted_at IS NULL;",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, deleted_at timestamptz); ↓CREATE UNIQUE INDEX users_email_idx ON users (email);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, deleted_at timestamptz); CREATE UNIQUE INDEX users_email_live_idx ON users (email) WHERE deleted_at IS NULL;",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);",
            // Holding the whole primary key, it is unique per row anyway (a key for composite foreign keys).
            "CREATE TABLE users (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, deleted_at timestamptz, UNIQUE (tenant_id, id)); CREATE INDEX ON users (id) WHERE deleted_at IS NULL;",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        let name = context.configuration.deletedAtColumn
        return context.tables.flatMap { table -> [Finding] in
            guard table.column(named: name) != nil else { return [] }
            let pk = table.primaryKey?.name
            let keyColumns = Set(table.primaryKey?.columns ?? [])
            return context.indexes(on: table).filter { index in
                index.isUnique && index.name.name != pk && !(index.predicate?.referencedColumns.contains(name) ?? false)
                    && !index.keyColumns.contains(name)
                    && !(!keyColumns.isEmpty && keyColumns.isSubset(of: Set(index.keyColumns.compactMap { $0 })))
            }.map { index in
                let columns = index.keys.map { $0.column ?? $0.expression?.text ?? "" }
                // The replacement keeps everything the index is (expression keys, operator
                // classes, INCLUDE, an existing predicate), adding only the soft-delete condition.
                var replacement = index
                replacement.name = QualifiedName(schema: index.name.schema, name: ImplicitNames.choose(table.name.name, ImplicitNames.joinedColumnNames(index.keyColumns.compactMap { $0 }), "live_key") {
                    SchemaFacts.isRelationNameTaken($0, in: table.name.schema, of: context.schema)
                })
                let live = "\(quoteIdentifierIfNeeded(name)) IS NULL"
                replacement.predicate = SQLExpression(text: index.predicate.map { "(\($0.text)) AND \(live)" } ?? live)
                return Self.description.finding(
                    "unique \(index.name.name) on \(table.name) (\(columns.joined(separator: ", "))) also counts soft-deleted rows; make it partial WHERE \(name) IS NULL"
                        + (index.predicate.map { " (keeping its WHERE \($0.text))" } ?? ""),
                    at: index.location, object: context.object(table, index.name.name),
                    fix: SchemaSQLRenderer().createIndex(replacement, concurrently: true) + "\n" + SchemaFacts.dropUniqueSQL(index, on: table))
            }
        }
    }
}
