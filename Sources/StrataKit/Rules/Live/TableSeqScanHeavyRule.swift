/// A large table read mostly by sequential scans is missing an index some query needs.
struct TableSeqScanHeavyRule: SchemaRule {
    static let minimumRows = 100_000.0
    static let minimumScans: Int64 = 20

    static let workload = ["INSERT INTO events SELECT g, 'kind-' || (g % 1000) FROM generate_series(1, 120000) g;", "ANALYZE events;"]
    static let scans = Array(repeating: "SELECT count(*) FROM events WHERE kind = 'kind-7';", count: 25)

    static let description = RuleDescription(
        id: "table-seq-scan-heavy", severity: .warning, category: .live,
        summary: "Table of over 100,000 rows read by sequential scans more often than through indexes",
        rationale: "A sequential scan reads every page of the table. On a large table that is repeated many times, some query filters or joins on columns no index leads with: each run costs I/O and CPU proportional to the table, and evicts useful pages from the cache. Find the queries (pg_stat_statements, `strata explain`) and index what they filter on.",
        triggeringExamples: [
            RuleExample("CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL);",
                        workload: (workload + scans).joined(separator: "\n")),
        ],
        nonTriggeringExamples: [
            RuleExample("CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL);\nCREATE INDEX events_kind_idx ON events (kind);",
                        workload: (workload + scans).joined(separator: "\n")),
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        guard let statistics = context.statistics else { return [] }
        return context.tables.compactMap { table -> Finding? in
            guard let usage = statistics.tables[table.name], usage.rowEstimate >= Self.minimumRows,
                  usage.sequentialScans >= Self.minimumScans, usage.sequentialScans > usage.indexScans else { return nil }
            return Self.description.finding(
                "table \(table.name) (\(LiveFacts.count(usage.rowEstimate)) rows, \(LiveFacts.size(usage.totalBytes))) was read by \(usage.sequentialScans) sequential scans (\(LiveFacts.count(Double(usage.rowsReadBySequentialScans))) rows) against \(usage.indexScans) index scans; some query needs an index",
                at: table.location, object: LiveFacts.object(table.name),
                fix: "-- find the queries: SELECT query, calls, mean_exec_time FROM pg_stat_statements WHERE query ILIKE \(quoteLiteral("%" + table.name.name.escaping(["%": "\\%", "_": "\\_", "\\": "\\\\"]) + "%")) ORDER BY total_exec_time DESC;\n-- then index what they filter on, without blocking writes: CREATE INDEX CONCURRENTLY ... ON \(table.name.sql) (...);")
        }
    }
}
