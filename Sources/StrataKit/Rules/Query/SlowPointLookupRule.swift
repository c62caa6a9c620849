/// A lookup by a unique key that is not fast.
struct SlowPointLookupRule: QueryRule {
    static let description = RuleDescription(
        id: "slow-point-lookup", severity: .warning, category: .query,
        summary: "A lookup by primary or unique key has a p95 of 10 ms or more",
        rationale: "Finding one row by a unique key is an index probe: well under a millisecond on a healthy server. A p95 of 10 ms or more (`point-lookup-ms`) means the key is not indexed as the query uses it (a cast, a function), the table or index is bloated, the query waits on locks, or the rows come from disk.",
        howToFix: "Look at the plan with `strata explain`; check the index serves the comparison as written, bloat (`strata review --database`), and lock waits.",
        triggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                (25 ms) SELECT id, email FROM users WHERE id = 1
                (0.2 ms) SELECT id, email FROM users WHERE id = 2
                ↓(31 ms) SELECT id, email FROM users WHERE id = 3
                """), setup: "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);"),
        ],
        nonTriggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                (0.3 ms) SELECT id, email FROM users WHERE id = 1
                (25 ms) SELECT id, email FROM users WHERE email LIKE '%@example.com' LIMIT 10
                """), setup: "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);"),
        ])

    func check(_ context: QueryContext) -> [Finding] {
        context.profile.groups.compactMap { group -> Finding? in
            guard let lookup = context.pointLookup(group.analysis), let p95 = group.percentile(0.95),
                  p95 >= context.settings.pointLookupMilliseconds else { return nil }
            let key = lookup.key.sorted().joined(separator: ", ")
            let message = "`\(context.brief(group))` finds one row of \(lookup.table) by (\(key)) but takes \(context.latencies(group)) over \(QueryContext.count(group.calls)) calls; a point lookup should stay under \(QueryContext.milliseconds(context.settings.pointLookupMilliseconds)): see its plan with `strata explain`"
            return Self.description.finding(message, at: group.slowestLocation ?? group.location, object: lookup.table.description)
        }
    }
}
