/// An integer sequence (or identity) past 75% of what its column can hold.
struct SequenceNearExhaustionRule: SchemaRule {
    static let threshold = 0.75

    static let description = RuleDescription(
        id: "sequence-near-exhaustion", severity: .error, category: .live,
        summary: "Sequence or identity past 75% of its type's range (or of its column's)",
        rationale: "When a serial or identity column's sequence reaches the maximum of its integer type, every INSERT fails: an outage that arrives without warning on a busy table. Widening the column to bigint rewrites the table under an ACCESS EXCLUSIVE lock, so it has to be planned (a new column, a backfill in batches, a swap) long before the end.",
        triggeringExamples: [
            RuleExample("CREATE TABLE events (id serial PRIMARY KEY);", workload: "SELECT setval('events_id_seq', 2000000000);"),
        ],
        nonTriggeringExamples: [
            RuleExample("CREATE TABLE events (id bigserial PRIMARY KEY);", workload: "SELECT setval('events_id_seq', 2000000000);"),
            RuleExample("CREATE TABLE events (id serial PRIMARY KEY);", workload: "SELECT setval('events_id_seq', 1000);"),
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        guard let statistics = context.statistics else { return [] }
        let tableNames = Set(context.tables.map(\.name))
        return context.schema.sequences.values.sorted { $0.name < $1.name }.compactMap { sequence -> Finding? in
            if let owner = sequence.ownedByTable, !tableNames.contains(owner) { return nil }
            guard let usage = statistics.sequences[sequence.name], let used = usage.usedFraction, used >= Self.threshold else { return nil }
            let percent = Int((used * 100).rounded(.down))
            let owner = sequence.ownedByTable.map { table in " (\(table).\(sequence.ownedByColumn ?? "?"))" } ?? ""
            let limit = min(usage.maxValue, usage.columnMaximum ?? .max)
            var fix = "-- widen before it runs out: add a bigint column, backfill in batches, swap in one short transaction"
            if let table = sequence.ownedByTable, let column = sequence.ownedByColumn {
                fix = "ALTER SEQUENCE \(sequence.name.sql) AS bigint;\n-- then move \(table.sql).\(quoteIdentifierIfNeeded(column)) to bigint without a rewrite under lock:\n-- add a bigint column, backfill in batches, swap in one short transaction"
            }
            return Self.description.finding(
                "sequence \(sequence.name)\(owner) is at \(usage.lastValue ?? 0) of \(limit): \(percent)% used; inserts fail when it runs out",
                at: sequence.location, object: LiveFacts.object(sequence.name), fix: fix)
        }
    }
}
