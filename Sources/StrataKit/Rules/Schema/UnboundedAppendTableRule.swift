/// Log, audit and event tables only grow.
struct UnboundedAppendTableRule: SchemaRule {
    static let description = RuleDescription(
        id: "unbounded-append-table", severity: .info,
        summary: "Log/audit/event table that is not partitioned",
        rationale: "Append-only tables grow without bound. Deleting old rows from one big table is slow, bloats it and hammers vacuum; with time-range partitions, retention is a DROP (or DETACH) of an old partition that takes milliseconds.",
        triggeringExamples: ["↓CREATE TABLE audit_log (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL, payload jsonb);"],
        nonTriggeringExamples: [
            "CREATE TABLE audit_log (id bigint NOT NULL, happened_at timestamptz NOT NULL, PRIMARY KEY (id, happened_at)) PARTITION BY RANGE (happened_at);",
            "CREATE TABLE catalog (id bigint PRIMARY KEY);",
            // A lookup named after a log.
            "CREATE TABLE journal_type (id integer PRIMARY KEY, name text NOT NULL);",
        ])

    static let words: Set<String> = ["log", "logs", "audit", "audits", "event", "events", "history", "histories", "journal", "activity", "activities", "trail"]

    /// Last words that make a table a list of kinds: `event_types`, `log_levels`.
    static let lookupWords: Set<String> = ["type", "types", "kind", "kinds", "status", "statuses", "category", "categories", "level", "levels", "def", "defs"]

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.compactMap { table -> Finding? in
            guard table.partitionKey == nil, table.partitionOf == nil else { return nil }
            // `audit_log`, `history_uint`; but `journal_type` is a lookup of kinds, not a stream.
            let parts = table.name.name.lowercased().split(separator: "_").map(String.init)
            guard let first = parts.first, let last = parts.last, Self.words.contains(last) || Self.words.contains(first),
                  !Self.lookupWords.contains(last) else { return nil }
            let timeColumn = table.columns.first { SchemaFacts.isTimestamp($0) && ($0.name == context.configuration.createdAtColumn || $0.name.hasSuffix("_at")) }?.name
            // Partitioning means recreating the table and moving its rows: a plan to decide, not a statement to paste.
            let how = timeColumn.map { "PARTITION BY RANGE (\(quoteIdentifierIfNeeded($0)))" } ?? "a timestamp column to PARTITION BY RANGE on"
            return Self.description.finding(
                "\(table.name) looks append-only and is not partitioned; if it grows without bound, recreate it with \(how) so retention is a DROP of old partitions",
                at: table.location, object: context.object(table))
        }
    }
}
