/// An index whose columns lead another index is usually served by that one.
struct RedundantIndexRule: SchemaRule {
    static let description = RuleDescription(
        id: "redundant-index", severity: .warning,
        summary: "Index is a prefix of another index with the same method and predicate",
        rationale: "A btree on (a, b) answers every lookup an index on (a) answers. The shorter index only adds write amplification, disk and cache pressure.",
        triggeringExamples: [
            "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, created_at timestamptz); ↓CREATE INDEX orders_user_idx ON orders (user_id); CREATE INDEX orders_user_created_idx ON orders (user_id, created_at);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, created_at timestamptz); CREATE INDEX ON orders (created_at); CREATE INDEX ON orders (user_id, created_at);",
            "CREATE TABLE orders (id bigint PRIMARY KEY, code text, region text); CREATE UNIQUE INDEX ON orders (code); CREATE INDEX ON orders (code, region);",
            "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, created_at timestamptz); CREATE INDEX ON orders (user_id) WHERE created_at IS NULL; CREATE INDEX ON orders (user_id, created_at);",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            let constraintNames = Set(table.constraintIndexNames)
            let indexes = context.indexes(on: table)
            return indexes.compactMap { index -> Finding? in
                guard !index.isUnique, !constraintNames.contains(index.name.name), index.method == .btree else { return nil }
                let wider = indexes.first { other in
                    other.name != index.name && other.method == index.method && other.predicate == index.predicate
                        && other.keys.count > index.keys.count && Array(other.keys.prefix(index.keys.count)) == index.keys
                }
                guard let wider else { return nil }
                return Self.description.finding(
                    "index \(index.name.name) is a prefix of \(wider.name.name) on \(table.name); drop it",
                    at: index.location, object: "\(index.name.schema).\(index.name.name)",
                    fix: "DROP INDEX CONCURRENTLY \(index.name.sql);")
            }
        }
    }
}
