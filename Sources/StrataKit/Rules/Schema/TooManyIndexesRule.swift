/// A table with so many indexes that every write pays for all of them.
struct TooManyIndexesRule: SchemaRule {
    static let description = RuleDescription(
        id: "too-many-indexes", severity: .warning,
        summary: "A table has more than 15 indexes",
        rationale: "Every insert writes every index, and an update that changes an indexed column (or cannot be HOT) writes them all too; past a dozen or so, writes slow down and the indexes crowd the cache. Such a count usually means indexes added per query over the years, several of them unused or overlapping. Constraint-backed indexes (primary key, unique) count: they are written too.",
        howToFix: "On a live database, `strata review --database` lists unused indexes (idx_scan = 0); drop those and the redundant ones, and merge overlapping ones into multi-column indexes.",
        triggeringExamples: [
            RuleExample("↓CREATE TABLE t (id bigint PRIMARY KEY, c1 int, c2 int, c3 int, c4 int, c5 int, c6 int, c7 int, c8 int, c9 int, c10 int, c11 int, c12 int, c13 int, c14 int, c15 int); "
                + (1...15).map { "CREATE INDEX t_c\($0) ON t (c\($0));" }.joined(separator: " ")),
        ],
        nonTriggeringExamples: [
            "CREATE TABLE t (id bigint PRIMARY KEY, c1 int, c2 int); CREATE INDEX t_c1 ON t (c1); CREATE INDEX t_c2 ON t (c2);",
        ])

    static let limit = 15

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.compactMap { table -> Finding? in
            let indexes = context.indexes(on: table)
            guard indexes.count > Self.limit else { return nil }
            return Self.description.finding(
                "table \(table.name) has \(indexes.count) indexes: every write pays for each; look for unused and overlapping ones",
                at: table.location, object: context.object(table))
        }
    }
}
