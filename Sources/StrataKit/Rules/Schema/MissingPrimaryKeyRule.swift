/// Every table needs a primary key: replication, ORMs, deduplication and safe updates rely on it.
struct MissingPrimaryKeyRule: SchemaRule {
    static let description = RuleDescription(
        id: "missing-primary-key", severity: .error,
        summary: "Table has no primary key",
        rationale: "Without a primary key rows cannot be addressed reliably: duplicates creep in, logical replication cannot apply UPDATE or DELETE, and ORMs and tools guess at identity.",
        triggeringExamples: ["↓CREATE TABLE events (name text, happened_at timestamptz);"],
        nonTriggeringExamples: [
            "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);",
            "CREATE TABLE tags (name text NOT NULL, CONSTRAINT tags_pkey PRIMARY KEY (name));",
            "CREATE TABLE m (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at); CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');",
        ])

    /// An existing NOT NULL `id` becomes the key; otherwise add an identity column.
    static func fix(for table: TableInfo) -> String {
        if let id = table.column(named: "id") {
            let notNull = id.isNotNull ? "" : "ALTER TABLE \(table.name.sql) ALTER COLUMN id SET NOT NULL;\n"
            return notNull + "ALTER TABLE \(table.name.sql) ADD PRIMARY KEY (id);"
        }
        return "ALTER TABLE \(table.name.sql) ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;"
    }

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.compactMap { table -> Finding? in
            guard table.primaryKey == nil && SchemaFacts.ownsStructure(table) && table.persistence != .temporary else { return nil }
            return Self.description.finding(
                "table \(table.name) has no primary key; add one (a bigint identity column if nothing natural is unique)",
                at: table.location, object: context.object(table),
                fix: Self.fix(for: table))
        }
    }
}
