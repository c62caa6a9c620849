/// Soft-deleted tables need an index for the live rows.
struct SoftDeleteWithoutPartialIndexRule: SchemaRule {
    static let description = RuleDescription(
        id: "soft-delete-without-partial-index", severity: .warning,
        summary: "Soft-delete column without a partial index WHERE deleted_at IS NULL",
        rationale: "Every query of a soft-deleting table filters `deleted_at IS NULL`. As deleted rows pile up, indexes that include them grow and slow down; a partial index over the live rows stays small and fast.",
        triggeringExamples: ["CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint, ↓deleted_at timestamptz); CREATE INDEX ON posts (author_id);"],
        nonTriggeringExamples: [
            "CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint, deleted_at timestamptz); CREATE INDEX posts_live_author_idx ON posts (author_id) WHERE deleted_at IS NULL;",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        let name = context.configuration.deletedAtColumn
        return context.tables.compactMap { table -> Finding? in
            guard let column = table.column(named: name) else { return nil }
            let covered = context.indexes(on: table).contains { index in
                guard let predicate = index.predicate else { return false }
                return predicate.referencedColumns.contains(name) && predicate.text.lowercased().contains("is null")
            }
            guard !covered else { return nil }
            let keys = table.primaryKey?.columns ?? ["id"]
            return Self.description.finding(
                "\(table.name) soft-deletes with \(name) but no index is limited to live rows (WHERE \(name) IS NULL)",
                at: column.location, object: context.object(table, name),
                fix: SchemaFacts.createIndexSQL(table: table.name, columns: keys, predicate: "\(quoteIdentifierIfNeeded(name)) IS NULL", in: context.schema))
        }
    }
}
