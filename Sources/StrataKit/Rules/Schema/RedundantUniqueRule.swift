/// A unique index or constraint that another one already implies.
struct RedundantUniqueRule: SchemaRule {
    static let description = RuleDescription(
        id: "redundant-unique", severity: .warning,
        summary: "A unique index or constraint is implied by another",
        rationale: "UNIQUE (a, b) beside a unique a cannot reject a row the first would accept, and UNIQUE (email) beside a unique index on lower(email) cannot either: each costs an index on every write and says nothing the schema does not already enforce. Not flagged: partial unique indexes (they enforce something else), a unique constraint that a foreign key references (it cannot be dropped), the primary key, and a (tenant, id) key kept for tenant-consistent composite foreign keys.",
        howToFix: "Drop the implied one. If queries compare the plain column (`email = $1` rather than `lower(email) = lower($1)`), keep a plain index for them, not a unique one.",
        triggeringExamples: [
            "CREATE TABLE jobs (id bigint PRIMARY KEY, state text NOT NULL, ↓UNIQUE (id, state));",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL ↓UNIQUE); CREATE UNIQUE INDEX users_email_lower ON users (lower(email));",
            "CREATE TABLE slugs (id bigint PRIMARY KEY, site bigint NOT NULL, slug text NOT NULL, UNIQUE (site, slug)); ↓CREATE UNIQUE INDEX slugs_site_slug_id ON slugs (site, slug, id);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text UNIQUE);",
            // A partial unique index enforces something else.
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, deleted_at timestamptz, UNIQUE (email)); CREATE UNIQUE INDEX users_live_email ON users (email, id) WHERE deleted_at IS NULL;",
            // The (tenant, id) key that tenant-consistent composite foreign keys reference.
            "CREATE TABLE tasks (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, UNIQUE (tenant_id, id));",
            // A foreign key references the wider constraint: it has to stay.
            "CREATE TABLE a (id bigint PRIMARY KEY, kind text NOT NULL, UNIQUE (id, kind)); CREATE TABLE b (id bigint PRIMARY KEY, a_id bigint, a_kind text, FOREIGN KEY (a_id, a_kind) REFERENCES a (id, kind));",
        ])

    /// The plain columns of an index, or nil when a key is an expression.
    static func plainColumns(_ index: IndexInfo) -> [String]? {
        let columns = index.keyColumns.compactMap { $0 }
        return columns.count == index.keys.count ? columns : nil
    }

    /// `lower(c)` or `upper(c)`: the column whose case-folded value the key holds.
    static func foldedColumn(_ index: IndexInfo) -> String? {
        guard index.keys.count == 1, let expression = index.keys[0].expression, expression.referencedColumns.count == 1,
              !expression.functionNames.isEmpty, expression.functionNames.allSatisfy({ ["lower", "upper"].contains($0) }) else { return nil }
        return expression.referencedColumns[0]
    }

    static let tenantNames: Set<String> = ["tenant_id", "org_id", "organization_id", "organisation_id", "workspace_id", "account_id", "team_id", "company_id"]

    /// `UNIQUE (tenant_id, id)` beside `PRIMARY KEY (id)`: the target that tenant-consistent
    /// (composite) foreign keys reference, kept on purpose.
    static func isTenantKey(_ columns: [String], narrower: [String], context: ReviewContext) -> Bool {
        let extra = Set(columns).subtracting(narrower)
        guard extra.count == 1, let column = extra.first else { return false }
        return column == context.configuration.tenantColumn || tenantNames.contains(column.lowercased())
    }

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            let uniques = context.indexes(on: table).filter { $0.isUnique && $0.predicate == nil && $0.method == .btree }
            let primaryKey = table.primaryKey?.name
            let referenced = Set(context.schema.tables.values.flatMap { other in
                other.foreignKeys.filter { $0.referencedTable == table.name }.map { Set($0.referencedColumns) }
            })
            return uniques.compactMap { index -> Finding? in
                guard index.name.name != primaryKey, let columns = Self.plainColumns(index),
                      !referenced.contains(Set(columns)) else { return nil }
                let reason: String
                if let narrower = uniques.first(where: { other in
                    other.name != index.name && Self.plainColumns(other).map { Set($0).isStrictSubset(of: Set(columns)) } == true
                }), !Self.isTenantKey(columns, narrower: Self.plainColumns(narrower)!, context: context) {
                    reason = "\(narrower.name.name) already makes (\(Self.plainColumns(narrower)!.joined(separator: ", "))) unique"
                } else if columns.count == 1, let folded = uniques.first(where: { Self.foldedColumn($0) == columns[0] }) {
                    reason = "\(folded.name.name) already makes \(folded.keys[0].expression!.text) unique, which is stricter; keep a plain index if queries compare \(columns[0]) as written"
                } else {
                    return nil
                }
                return Self.description.finding(
                    "unique \(index.name.name) on \(table.name) (\(columns.joined(separator: ", "))) is implied: \(reason)",
                    at: index.location, object: "\(index.name.schema).\(index.name.name)",
                    fix: SchemaFacts.dropUniqueSQL(index, on: table))
            }
        }
    }
}
