/// A multi-column unique key with a nullable column does not stop duplicates.
struct NullableUniqueRule: SchemaRule {
    static let description = RuleDescription(
        id: "nullable-unique-column", severity: .warning,
        summary: "A multi-column UNIQUE includes a nullable column",
        rationale: "NULL is distinct from every value, NULL included, so UNIQUE (tenant_id, name) accepts ('x', NULL) twice: where the column is NULL, the constraint enforces nothing. Not flagged: a single nullable column (\"unique when present\" is a common intent), keys declared NULLS NOT DISTINCT, partial indexes whose predicate rules the NULL out, and keys with a partial unique twin over the same columns (the NULL case designed). A warning where the nullable column is a reference or scope (a parent, a tenant); info where it is an attribute, NULL as often by design.",
        howToFix: "Declare the column NOT NULL if it always has a value; otherwise add NULLS NOT DISTINCT (PostgreSQL 15) or a partial unique index for the NULL case (`... WHERE column IS NULL` on the other columns).",
        triggeringExamples: [
            "CREATE TABLE labels (id bigint PRIMARY KEY, tenant_id bigint, name text NOT NULL, ↓UNIQUE (tenant_id, name));",
            "CREATE TABLE labels (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, parent_id bigint, name text NOT NULL); ↓CREATE UNIQUE INDEX labels_tenant_parent_name ON labels (tenant_id, parent_id, name);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE labels (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, name text NOT NULL, UNIQUE (tenant_id, name));",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE);",
            "CREATE TABLE labels (id bigint PRIMARY KEY, tenant_id bigint, name text NOT NULL, UNIQUE NULLS NOT DISTINCT (tenant_id, name));",
            "CREATE TABLE labels (id bigint PRIMARY KEY, tenant_id bigint, name text NOT NULL); CREATE UNIQUE INDEX labels_key ON labels (tenant_id, name) WHERE tenant_id IS NOT NULL;",
            // The NULL case has its own partial unique index: designed.
            "CREATE TABLE assets (id bigint PRIMARY KEY, tag text NOT NULL, obsolete_by bigint, UNIQUE (tag, obsolete_by)); CREATE UNIQUE INDEX assets_live_tag ON assets (tag) WHERE obsolete_by IS NULL;",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            let keyColumns = Set(table.primaryKey?.columns ?? [])
            return context.indexes(on: table).compactMap { index -> Finding? in
                guard index.isUnique, !index.nullsNotDistinct, index.keys.count >= 2, index.name.name != table.primaryKey?.name,
                      let columns = RedundantUniqueRule.plainColumns(index) else { return nil }
                let nullable = columns.filter { name in
                    guard !keyColumns.contains(name), let column = table.column(named: name), !column.isNotNull else { return false }
                    // A predicate that excludes the NULL (`WHERE c IS NOT NULL`) settles it.
                    return !(index.predicate.map { $0.text.lowercased().contains("\(name.lowercased()) is not null") } ?? false)
                }
                guard !nullable.isEmpty else { return nil }
                // A partial unique index over the same columns is the rule for the rows the NULL
                // concerns: the pair was designed.
                let partialTwin = context.indexes(on: table).contains { other in
                    other.isUnique && other.predicate != nil && Set(other.keyColumns.compactMap { $0 }).isSubset(of: Set(columns))
                        && !other.keyColumns.isEmpty
                }
                guard !partialTwin else { return nil }
                // The classic bug is a scope that may be NULL (a parent, a tenant: a reference);
                // a nullable attribute in the key (a name set only on renames) is as often by design.
                let scopes = nullable.filter { name in
                    table.foreignKeys.contains { $0.columns.contains(name) } || name.lowercased().hasSuffix("_id") || name.lowercased().hasSuffix("id")
                }
                var finding = Self.description.finding(
                    "unique \(index.name.name) on \(table.name) (\(columns.joined(separator: ", "))) accepts duplicates wherever \(nullable.joined(separator: " or ")) is NULL; declare \(nullable.count == 1 ? "it" : "them") NOT NULL or the key NULLS NOT DISTINCT",
                    at: index.location, object: "\(index.name.schema).\(index.name.name)")
                if scopes.isEmpty { finding.severity = .info }
                return finding
            }
        }
    }
}
