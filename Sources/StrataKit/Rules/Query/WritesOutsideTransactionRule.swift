/// Two writes that belong together, each committed on its own.
struct WritesOutsideTransactionRule: QueryRule {
    static let readsSessionOrder = true
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

extension WritesOutsideTransactionRule {
    /// The definition of two writes that belong together, applied to one session's statements in
    /// order as the log is read: two different single-statement writes in autocommit, within
    /// `write-window-ms`, with at most ``statementsBetweenWrites`` statements between them, and
    /// not in one transaction by the log's own transaction ids. (Whether their tables are related
    /// is decided in `check`, with the schema.) `QueryCollector` keeps one watch per session.
    struct Watch: Sendable {
        /// Statements allowed between two writes of one change (a read of a price, a lock).
        static let statementsBetweenWrites = 2

        private var lastWrite: (group: Int, time: Double?, transaction: UInt64)?
        private var statementsSinceWrite = 0

        /// COMMIT, ROLLBACK or END: what came before is settled.
        mutating func transactionEnded() { lastWrite = nil }

        /// A statement other than a write ran between writes.
        mutating func otherStatement() {
            statementsSinceWrite += 1
            if statementsSinceWrite > Self.statementsBetweenWrites { lastWrite = nil }
        }

        /// A write ran: the (first, second) pair it completes, when the two belong together.
        mutating func write(group: Int, time: Double?, transaction: UInt64, inTransactionBlock: Bool, statementCount: Int,
                            settings: QuerySettings) -> (first: Int, second: Int)? {
            // Several statements in one simple-protocol string run in one implicit transaction.
            guard !inTransactionBlock, statementCount == 1 else {
                lastWrite = nil
                return nil
            }
            defer {
                lastWrite = (group, time, transaction)
                statementsSinceWrite = 0
            }
            guard let last = lastWrite, last.group != group else { return nil }
            // Both with a transaction id in the log: the same id is the same transaction (a function, a
            // driver's implicit block), whatever the statements say.
            if last.transaction != 0, last.transaction == transaction { return nil }
            if let before = last.time, let now = time, (now - before) * 1000 > settings.writeWindowMilliseconds { return nil }
            return (last.group, group)
        }
    }
}
