/// Two writes that belong together, each committed on its own.
struct WritesOutsideTransactionRule: QueryRule {
    static let description = RuleDescription(
        id: "writes-outside-transaction", severity: .warning, category: .query,
        summary: "Related writes run one after the other in autocommit",
        rationale: "Each statement outside BEGIN ... COMMIT commits on its own: if the application fails between two writes that make one change (stock taken, then the order written), the first stays and the data is inconsistent. Found when, in one session, two writes on related tables (the same table, a foreign key between them, or a table both reference) run in autocommit within `write-window-ms` (500 ms), with at most two statements between them (more, and they are two changes, as a pooled connection's requests are).",
        howToFix: "Run the writes in one transaction: `BEGIN; ...; COMMIT;` (in an ORM, its transaction block).",
        triggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                UPDATE inventory SET quantity = quantity - 1 WHERE product_id = 7
                ↓INSERT INTO orders (product_id, customer_id, quantity) VALUES (7, 42, 1)
                """), setup: """
                    CREATE TABLE products (id bigint PRIMARY KEY);
                    CREATE TABLE inventory (product_id bigint PRIMARY KEY REFERENCES products, quantity int NOT NULL);
                    CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, product_id bigint NOT NULL REFERENCES products, customer_id bigint NOT NULL, quantity int NOT NULL);
                    """),
            RuleExample(QueryExampleLog.stderr("""
                UPDATE inventory SET quantity = quantity - 1 WHERE product_id = 7
                ↓INSERT INTO orders (product_id, customer_id, quantity) VALUES (7, 42, 1)
                """)),
        ],
        nonTriggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                BEGIN
                UPDATE inventory SET quantity = quantity - 1 WHERE product_id = 7
                INSERT INTO orders (product_id, customer_id, quantity) VALUES (7, 42, 1)
                COMMIT
                """)),
            // Different sessions, or unrelated tables.
            RuleExample(QueryExampleLog.stderr("""
                UPDATE inventory SET quantity = quantity - 1 WHERE product_id = 7
                #2 INSERT INTO orders (product_id, customer_id, quantity) VALUES (7, 42, 1)
                INSERT INTO audit_events (kind) VALUES ('login')
                """)),
        ])

    func check(_ context: QueryContext) -> [Finding] {
        context.profile.autocommitWrites.compactMap { pattern -> Finding? in
            let first = context.profile.groups[pattern.first], second = context.profile.groups[pattern.second]
            guard context.related(first.analysis, second.analysis) else { return nil }
            let times = pattern.occurrences == 1 ? "once" : "\(QueryContext.count(pattern.occurrences)) times"
            let message = "`\(context.brief(first, limit: 60))` then `\(context.brief(second, limit: 60))` committed separately (\(times), in one session within \(QueryContext.milliseconds(context.settings.writeWindowMilliseconds))): a failure between them leaves half a change; run them in one transaction"
            let fix = "BEGIN;\n\(QueryContext.withoutTerminator(first.normalized));\n\(QueryContext.withoutTerminator(second.normalized));\nCOMMIT;"
            return Self.description.finding(message, at: pattern.location, object: context.userTables(second.analysis).first?.description, fix: fix)
        }
    }
}
