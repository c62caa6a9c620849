/// An INVALID index: a CREATE INDEX CONCURRENTLY that failed half-way.
struct InvalidIndexRule: SchemaRule {
    static let description = RuleDescription(
        id: "invalid-index", severity: .error, category: .live,
        summary: "Index marked INVALID (a failed CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY)",
        rationale: "When CREATE INDEX CONCURRENTLY fails (a duplicate for a unique index, a deadlock, a cancel), PostgreSQL leaves the index behind marked INVALID: no query uses it, yet every write still maintains it, and a unique one still rejects duplicates. It will not fix itself: drop it and build it again.",
        triggeringExamples: [
            RuleExample("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);",
                        workload: "INSERT INTO users VALUES (1, 'a@example.com'), (2, 'a@example.com');\n-- fails on the duplicate and leaves users_email_key INVALID\nCREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);"),
        ],
        nonTriggeringExamples: [
            RuleExample("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);",
                        workload: "INSERT INTO users VALUES (1, 'a@example.com'), (2, 'b@example.com');\nCREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);"),
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        guard context.statistics != nil else { return [] }
        return context.tables.flatMap { table in
            (context.standaloneIndexesByTable[table.name] ?? []).filter { !$0.isValid }.map { index in
                var rebuilt = index
                rebuilt.isValid = true
                return Self.description.finding(
                    "index \(index.name) on \(table.name) is INVALID: unused by queries, still maintained on every write",
                    at: index.location, object: LiveFacts.object(index.name),
                    fix: "DROP INDEX CONCURRENTLY \(index.name.sql);\n-- then build it again, after fixing what made it fail:\n-- CREATE \(index.isUnique ? "UNIQUE " : "")INDEX CONCURRENTLY ...")
            }
        }
    }
}
