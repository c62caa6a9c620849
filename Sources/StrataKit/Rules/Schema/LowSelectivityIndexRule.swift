/// A btree over a column with two or three values rarely helps.
struct LowSelectivityIndexRule: SchemaRule {
    /// On a live database, columns of tables this large are judged by their real distinct values.
    static let minimumRows = 10_000.0

    static let description = RuleDescription(
        id: "low-selectivity-index", severity: .warning,
        summary: "Single-column index on a boolean or a column with at most 3 values (on a live database: at most 3 distinct values in pg_stats)",
        rationale: "When a third or half of the table matches each value, a sequential scan beats the index, which still costs on every write. Index the rare value with a partial index instead, or lead a composite index with a selective column. From a schema alone this is info: an index on a skewed column (few `CURRENT` rows among many `LOG`) serves queries for the rare value well; on a live database, pg_stats says how the values spread and the finding is a warning.",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, is_active boolean NOT NULL); ↓CREATE INDEX ON users (is_active);",
            "CREATE TYPE state AS ENUM ('open', 'closed'); CREATE TABLE tickets (id bigint PRIMARY KEY, s state); ↓CREATE INDEX ON tickets (s);",
            "CREATE TABLE tickets (id bigint PRIMARY KEY, status text CHECK (status IN ('open', 'closed', 'spam'))); ↓CREATE INDEX ON tickets (status);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, is_active boolean NOT NULL); CREATE INDEX ON users (id) WHERE NOT is_active;",
            "CREATE TABLE users (id bigint PRIMARY KEY, is_active boolean, email text); CREATE INDEX ON users (is_active, email);",
            "CREATE TABLE tickets (id bigint PRIMARY KEY, status text CHECK (status IN ('a', 'b', 'c', 'd'))); CREATE INDEX ON tickets (status);",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            let indexes = context.standaloneIndexesByTable[table.name] ?? []
            return indexes.compactMap { index -> Finding? in
                guard index.method == .btree, index.predicate == nil, index.keys.count == 1, !index.isUnique,
                      let name = index.keys[0].column, let column = table.column(named: name) else { return nil }
                let reason: String
                var fromStatistics = false
                if column.type == "boolean" && column.arrayDimensions == 0 {
                    reason = "a boolean"
                } else if let values = SchemaFacts.allowedValues(of: column, in: table, schema: context.schema), values.count <= 3 {
                    reason = "limited to \(values.count) values (\(values.joined(separator: ", ")))"
                } else if let rows = context.statistics?.tables[table.name]?.rowEstimate, rows >= Self.minimumRows,
                          let distinct = context.statistics?.columns[table.name]?[name]?.distinctValues(rows: rows), distinct <= 3 {
                    // A live database: what the planner's own statistics say the column holds.
                    reason = "holding \(Int(distinct.rounded())) distinct values in \(LiveFacts.count(rows)) rows (pg_stats)"
                    fromStatistics = true
                } else {
                    return nil
                }
                let key = (table.primaryKey?.columns ?? []).map(quoteIdentifierIfNeeded).joined(separator: ", ")
                var finding = Self.description.finding(
                    "index \(index.name.name) is on \(table.name).\(name), \(reason); if queries ask for a rare value, a partial index on that value serves them better: CREATE INDEX CONCURRENTLY ON \(table.name.sql) (\(key.isEmpty ? quoteIdentifierIfNeeded(name) : key)) WHERE \(quoteIdentifierIfNeeded(name)) = <the rare value>, then drop this one"
                        + (fromStatistics ? "" : " (whether one value is rare, the data says: review the live database)"),
                    at: index.location, object: "\(index.name.schema).\(index.name.name)")
                // From the schema alone the values' spread is unknown: advice until the data says.
                if !fromStatistics { finding.severity = .info }
                return finding
            }
        }
    }
}
