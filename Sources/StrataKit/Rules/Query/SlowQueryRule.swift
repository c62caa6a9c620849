/// A statement whose p95 is over the architect's budget.
struct SlowQueryRule: QueryRule {
    static let description = RuleDescription(
        id: "slow-query", severity: .warning, category: .query,
        summary: "A statement has a p95 of 200 ms or more",
        rationale: "Requests wait on their slowest statements: a p95 of 200 ms (`slow-query-ms`) in one statement is a p95 over budget for every page that runs it. The fingerprint's percentiles come from the log's durations (or are estimated from pg_stat_statements' mean and standard deviation).",
        howToFix: "Run `strata explain` on the statement for its plan's breakdown and `strata advise` for a proven index.",
        triggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                (240 ms) SELECT customer_id, sum(total) FROM orders GROUP BY customer_id
                ↓(450 ms) SELECT customer_id, sum(total) FROM orders GROUP BY customer_id
                """)),
        ],
        nonTriggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                (12 ms) SELECT customer_id, sum(total) FROM orders GROUP BY customer_id
                (300 ms) CREATE INDEX orders_customer_id_idx ON orders (customer_id)
                """)),
        ])

    func check(_ context: QueryContext) -> [Finding] {
        context.profile.groups.compactMap { group -> Finding? in
            let kind = group.analysis.kind
            guard kind == .select || group.analysis.isWrite, let p95 = group.percentile(0.95),
                  p95 >= context.settings.slowQueryMilliseconds else { return nil }
            // A slow point lookup is reported as such.
            if context.pointLookup(group.analysis) != nil, p95 >= context.settings.pointLookupMilliseconds { return nil }
            var message = "`\(context.brief(group))` takes \(context.latencies(group)) over \(QueryContext.count(group.calls)) calls"
            if let slowest = group.maxTime { message += ", the slowest \(QueryContext.milliseconds(slowest))" }
            message += "; over the \(QueryContext.milliseconds(context.settings.slowQueryMilliseconds)) p95 budget: see the plan with `strata explain --database URL '\(QueryContext.withoutTerminator(group.normalized).replacingOccurrences(of: "'", with: "'\\''"))'`"
            return Self.description.finding(message, at: group.slowestLocation ?? group.location,
                                            object: context.userTables(group.analysis).first?.description)
        }
    }
}
