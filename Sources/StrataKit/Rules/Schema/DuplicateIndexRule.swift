/// Two indexes with the same definition: all cost, no benefit.
struct DuplicateIndexRule: SchemaRule {
    static let description = RuleDescription(
        id: "duplicate-index", severity: .warning,
        summary: "Index duplicates another index on the same table",
        rationale: "Every index is written on every INSERT and on UPDATEs of its columns, takes disk and cache, and is WAL-logged and vacuumed. An identical second index buys nothing.",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, email text); CREATE INDEX users_email_idx ON users (email); ↓CREATE INDEX users_email_idx2 ON users (email);",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE); ↓CREATE UNIQUE INDEX users_email_uidx ON users (email);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, email text); CREATE INDEX ON users (email); CREATE INDEX ON users (lower(email));",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text, deleted_at timestamptz); CREATE INDEX ON users (email); CREATE INDEX ON users (email) WHERE deleted_at IS NULL;",
        ])

    struct Signature: Hashable {
        var method: IndexMethod
        var keys: [IndexKey]
        var include: [String]
        var predicate: String?
        init(_ index: IndexInfo) {
            method = index.method
            keys = index.keys
            include = index.include
            predicate = index.predicate?.text
        }
    }

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            let constraintNames = Set(table.constraintIndexNames)
            // Constraint-backed indexes first: they are the ones to keep.
            let indexes = context.indexes(on: table).sorted { lhs, rhs in
                let left = constraintNames.contains(lhs.name.name), right = constraintNames.contains(rhs.name.name)
                if left != right { return left }
                return (lhs.location?.line ?? 0, lhs.name.name) < (rhs.location?.line ?? 0, rhs.name.name)
            }
            var seen: [Signature: IndexInfo] = [:]
            var findings: [Finding] = []
            for index in indexes {
                let signature = Signature(index)
                if let first = seen[signature], !constraintNames.contains(index.name.name), !(index.isUnique && !first.isUnique) {
                    findings.append(Self.description.finding(
                        "index \(index.name.name) duplicates \(first.name.name) on \(table.name); drop it",
                        at: index.location, object: "\(index.name.schema).\(index.name.name)",
                        fix: "DROP INDEX CONCURRENTLY \(index.name.sql);"))
                } else if seen[signature] == nil {
                    seen[signature] = index
                }
            }
            return findings
        }
    }
}
