/// A multi-column index whose leading columns are already unique.
struct IndexLedByUniqueKeyRule: SchemaRule {
    static let description = RuleDescription(
        id: "index-led-by-unique-key", severity: .warning,
        summary: "An index starts with columns that are already unique",
        rationale: "An equality on a unique key finds at most one row, so the columns after it in an index never narrow a lookup: the unique key's own index serves the same queries, and this one costs a write on every insert and update. Not flagged: unique and partial indexes, and indexes whose leading columns are not unique on their own.",
        howToFix: "Drop the index. If it exists so that a query reads the trailing columns from the index alone (an index-only scan), say so with `INCLUDE` on the key's own index instead.",
        triggeringExamples: [
            "CREATE TABLE jobs (id bigint PRIMARY KEY, state text NOT NULL); ↓CREATE INDEX jobs_id_state ON jobs (id, state);",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text); ↓CREATE INDEX users_email_name ON users (email, name);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE jobs (id bigint PRIMARY KEY, queue text NOT NULL, state text NOT NULL); CREATE INDEX jobs_queue_state ON jobs (queue, state);",
            "CREATE TABLE jobs (id bigint PRIMARY KEY, state text NOT NULL); CREATE INDEX jobs_open ON jobs (id, state) WHERE state = 'open';",
            // The key's own index is (a, b): an index on (b, a) leads with b, which is not unique alone.
            "CREATE TABLE m (a bigint, b bigint, PRIMARY KEY (a, b)); CREATE INDEX m_b_a ON m (b, a);",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            let indexes = context.indexes(on: table)
            let uniqueKeys = indexes.filter { $0.isUnique && $0.predicate == nil }.compactMap(RedundantUniqueRule.plainColumns)
            let constraints = Set(table.constraintIndexNames)
            return indexes.compactMap { index -> Finding? in
                guard !index.isUnique, index.predicate == nil, index.method == .btree, index.keys.count >= 2,
                      !constraints.contains(index.name.name) else { return nil }
                let leading = index.keyColumns
                guard let key = uniqueKeys.first(where: { key in
                    key.count < leading.count && Set(leading.prefix(key.count).compactMap { $0 }) == Set(key)
                }) else { return nil }
                return Self.description.finding(
                    "index \(index.name.name) on \(table.name) starts with (\(key.joined(separator: ", "))), which is unique: the columns after it never narrow a lookup; drop it",
                    at: index.location, object: "\(index.name.schema).\(index.name.name)",
                    fix: "DROP INDEX CONCURRENTLY \(index.name.sql);")
            }
        }
    }
}
