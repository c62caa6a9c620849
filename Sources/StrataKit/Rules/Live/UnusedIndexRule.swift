/// An index nobody reads still costs every write.
struct UnusedIndexRule: SchemaRule {
    /// Smaller indexes cost too little to be worth a finding.
    static let minimumBytes: Int64 = 1 << 20

    static let description = RuleDescription(
        id: "unused-index", severity: .warning, category: .live,
        summary: "Index with no scans since statistics were reset, not unique, not backing a constraint, over 1 MB",
        rationale: "Every INSERT, every UPDATE that is not HOT and every DELETE maintains every index, and each index takes space in shared buffers and in backups. An index that no query has used since the statistics were last reset only costs. Check replicas too (their scans are counted there) and make sure the statistics cover a full business cycle before dropping. Indexes that serve a foreign key are kept: deletes on the parent need them even when they are rare.",
        triggeringExamples: [
            RuleExample("CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL);\nCREATE INDEX events_kind_idx ON events (kind);",
                        workload: "INSERT INTO events SELECT g, 'event-' || g FROM generate_series(1, 60000) g;\nANALYZE events;"),
        ],
        nonTriggeringExamples: [
            RuleExample("CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL);\nCREATE INDEX events_kind_idx ON events (kind);",
                        workload: "INSERT INTO events SELECT g, 'event-' || g FROM generate_series(1, 60000) g;\nANALYZE events;\nSELECT count(*) FROM events WHERE kind = 'event-7';"),
            RuleExample("CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));\nCREATE INDEX orders_user_id_idx ON orders (user_id);",
                        workload: "INSERT INTO users SELECT g FROM generate_series(1, 1000) g;\nINSERT INTO orders SELECT g, 1 + g % 1000 FROM generate_series(1, 60000) g;\nANALYZE;"),
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        guard let statistics = context.statistics else { return [] }
        return context.tables.flatMap { table -> [Finding] in
            let all = context.indexes(on: table)
            return (context.standaloneIndexesByTable[table.name] ?? []).compactMap { index -> Finding? in
                guard !index.isUnique, index.isValid, let usage = statistics.indexes[index.name],
                      usage.scans == 0, usage.bytes >= Self.minimumBytes else { return nil }
                // The only index leading a foreign key's columns stays: parent deletes need it.
                let others = all.filter { $0.name != index.name }
                if table.foreignKeys.contains(where: { SchemaFacts.isLeadingIndexed($0.columns, in: [index]) && !SchemaFacts.isLeadingIndexed($0.columns, in: others) }) {
                    return nil
                }
                return Self.description.finding(
                    "index \(index.name) on \(table.name) (\(LiveFacts.size(usage.bytes))) has not been scanned since statistics were last reset; every write still maintains it",
                    at: index.location, object: LiveFacts.object(index.name),
                    fix: "DROP INDEX CONCURRENTLY \(index.name.sql);")
            }
        }
    }
}
