/// Every table needs a primary key: replication, ORMs, deduplication and safe updates rely on it.
struct MissingPrimaryKeyRule: SchemaRule {
    static let description = RuleDescription(
        id: "missing-primary-key", severity: .error,
        summary: "Table has no primary key",
        rationale: "Without a primary key rows cannot be addressed reliably: duplicates creep in, logical replication cannot apply UPDATE or DELETE, and ORMs and tools guess at identity.",
        triggeringExamples: [
            "↓CREATE TABLE events (name text, happened_at timestamptz);",
            // A cache or a version marker: reported as info.
            "↓CREATE TABLE counters_cache (feed_id bigint NOT NULL, owner_uid bigint NOT NULL, value integer);",
            "↓CREATE TABLE schema_version (version integer NOT NULL);",
            // A natural key that is already unique and NOT NULL becomes the primary key.
            "↓CREATE TABLE countries (code char(2) NOT NULL, name text, CONSTRAINT countries_code_key UNIQUE (code));",
            "↓CREATE TABLE currencies (code char(3) NOT NULL, name text); CREATE UNIQUE INDEX currencies_code_idx ON currencies (code);",
            // A join table's key is its pair.
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE roles (id bigint PRIMARY KEY); ↓CREATE TABLE user_roles (user_id bigint NOT NULL REFERENCES users, role_id bigint NOT NULL REFERENCES roles); CREATE INDEX ON user_roles (role_id);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);",
            "CREATE TABLE tags (name text NOT NULL, CONSTRAINT tags_pkey PRIMARY KEY (name));",
            "CREATE TABLE m (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at); CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');",
        ])

    /// The key the table already has, in this order: a unique constraint or plain unique index
    /// over NOT NULL columns (declared unique: promoted as it is); a serial or identity column,
    /// then an `id` column, neither part of a foreign key (unique by intent, checked first); a
    /// join table's foreign key columns (checked first); only then a new identity column. Where
    /// uniqueness is assumed, the fix first checks the rows and stops, changing nothing, on a
    /// duplicate or a NULL.
    static func fix(for table: TableInfo, indexes: [IndexInfo], schema: DatabaseSchema) -> String {
        let name = table.name.sql
        let notNull = { (columns: [String]) in columns.allSatisfy { table.column(named: $0)?.isNotNull == true } }
        let referenced = Set(schema.tables.values.flatMap { other in
            other.foreignKeys.filter { $0.referencedTable == table.name }.map { Set($0.referencedColumns) }
        })
        if let unique = table.uniqueConstraints.first(where: { notNull($0.columns) && !$0.nullsNotDistinct }) {
            let columns = unique.columns.map(quoteIdentifierIfNeeded).joined(separator: ", ")
            guard referenced.contains(Set(unique.columns)) else {
                // One statement: the constraint's index is rebuilt as the key's, never two alike at once.
                return "ALTER TABLE \(name) DROP CONSTRAINT \(quoteIdentifierIfNeeded(unique.name)), ADD PRIMARY KEY (\(columns));"
            }
            // Foreign keys depend on the unique constraint: it stays, and the key gets an index of its own.
            let keyIndex = ImplicitNames.choose(table.name.name, "pkey", "idx") { SchemaFacts.isRelationNameTaken($0, in: table.name.schema, of: schema) }
            return "CREATE UNIQUE INDEX CONCURRENTLY \(quoteIdentifierIfNeeded(keyIndex)) ON \(name) (\(columns));\n"
                + "ALTER TABLE \(name) ADD PRIMARY KEY USING INDEX \(quoteIdentifierIfNeeded(keyIndex));"
        }
        if let index = indexes.first(where: { index in
            index.isUnique && index.predicate == nil && !table.constraintIndexNames.contains(index.name.name)
                && !index.keyColumns.contains(nil) && notNull(index.keyColumns.compactMap { $0 })
                && index.keys.allSatisfy { !$0.descending && $0.nullsFirst == nil && $0.opclass == nil && $0.collation == nil }
        }) {
            return "ALTER TABLE \(name) ADD PRIMARY KEY USING INDEX \(quoteIdentifierIfNeeded(index.name.name));"
        }
        let referencing = Set(table.foreignKeys.flatMap(\.columns))
        let generated = table.columns.first { column in
            !referencing.contains(column.name) && (column.identity != nil || column.defaultExpression?.functionNames == ["nextval"])
        }
        if let column = generated ?? table.column(named: "id").flatMap({ referencing.contains($0.name) ? nil : $0 }) {
            return checkedKey([column.name], on: table) + "ALTER TABLE \(name) ADD PRIMARY KEY (\(quoteIdentifierIfNeeded(column.name)));"
        }
        let columns = table.foreignKeys.flatMap(\.columns)
        if table.foreignKeys.count >= 2, notNull(columns), Set(columns).count == columns.count {
            return checkedKey(columns, on: table) + "ALTER TABLE \(name) ADD PRIMARY KEY (\(columns.map(quoteIdentifierIfNeeded).joined(separator: ", ")));"
        }
        return "ALTER TABLE \(name) ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;"
    }

    /// A DO block that stops, before anything changes, when `columns` hold a duplicate or a NULL.
    static func checkedKey(_ columns: [String], on table: TableInfo) -> String {
        let list = columns.map(quoteIdentifierIfNeeded).joined(separator: ", ")
        let nulls = columns.map { "\(quoteIdentifierIfNeeded($0)) IS NULL" }.joined(separator: " OR ")
        return SchemaFacts.stopIf(
            "EXISTS (SELECT 1 FROM \(table.name.sql) GROUP BY \(list) HAVING count(*) > 1) OR EXISTS (SELECT 1 FROM \(table.name.sql) WHERE \(nulls))",
            raising: "%: (%) holds duplicates or NULLs, so it cannot be the primary key: add an identity column instead",
            [quoteLiteral(table.name.description), quoteLiteral(columns.joined(separator: ", "))]) + "\n"
    }

    /// `version`, `schema_version`, `ttrss_version`: a table of a column or two that records which
    /// schema version is installed.
    static func isVersionMarker(_ table: TableInfo) -> Bool {
        let name = table.name.name.lowercased()
        return (name == "version" || name.hasSuffix("_version") || name.hasSuffix("_versions")) && table.columns.count <= 2
    }

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.compactMap { table -> Finding? in
            guard table.primaryKey == nil && SchemaFacts.ownsStructure(table) && table.persistence != .temporary else { return nil }
            var finding = Self.description.finding(
                "table \(table.name) has no primary key; add one (a bigint identity column if nothing natural is unique)",
                at: table.location, object: context.object(table),
                fix: Self.fix(for: table, indexes: context.indexes(on: table), schema: context.schema))
            // A rebuilt cache or a one-row version marker is addressed as a whole: a key mostly
            // serves logical replication there, so it is advice.
            if TableRole.of(table, in: context) == .ephemeral || Self.isVersionMarker(table) {
                finding.severity = .info
                finding.message += " (a \(Self.isVersionMarker(table) ? "one-row version marker" : "table of rows recreated rather than kept"): a key mainly lets logical replication apply its updates and deletes)"
            }
            return finding
        }
    }
}
