import Foundation
import PostgresNIO
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// `strata queries` on logs a real server wrote: a throwaway cluster logs every statement
/// (`log_min_duration_statement = 0`) in each format while a client written for the test runs an
/// application's mistakes as one role and their fixes as another. Each rule must fire on the
/// mistake and stay silent on the fix.
@Suite(.serialized, Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct QueryLogTests {
    static let schema = """
        CREATE EXTENSION pg_stat_statements;
        CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint NOT NULL, title text NOT NULL);
        CREATE TABLE comments (id bigint PRIMARY KEY, post_id bigint NOT NULL REFERENCES posts, body text NOT NULL);
        CREATE INDEX comments_post_id_idx ON comments (post_id);
        CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL);
        CREATE TABLE inventory (product_id bigint PRIMARY KEY REFERENCES products, quantity integer NOT NULL);
        CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, product_id bigint NOT NULL REFERENCES products,
                             customer_id bigint NOT NULL, quantity integer NOT NULL);
        CREATE INDEX orders_product_id_idx ON orders (product_id);
        CREATE TABLE currencies (code text PRIMARY KEY, rate numeric NOT NULL);
        INSERT INTO posts SELECT g, g % 3, 'post ' || g FROM generate_series(1, 30) g;
        INSERT INTO comments SELECT g, 1 + g % 30, 'comment ' || g FROM generate_series(1, 300) g;
        INSERT INTO products SELECT g, 'product ' || g FROM generate_series(1, 10) g;
        INSERT INTO inventory SELECT g, 100 FROM generate_series(1, 10) g;
        INSERT INTO currencies VALUES ('EUR', 1.08), ('USD', 1), ('GBP', 1.27);
        CREATE ROLE bad_app LOGIN;
        CREATE ROLE good_app LOGIN;
        GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO bad_app, good_app;
        """

    /// What an application does wrong, one mistake per rule.
    static func mistakes(_ session: DatabaseSession) async throws {
        // N+1: the posts of an author, then each post's comments one query at a time. The parent
        // query also has no LIMIT on a growing table (unbounded-select).
        var posts: [Int64] = []
        let author: Int64 = 1
        try await session.forEachRow("SELECT id FROM posts WHERE author_id = \(author)") { posts.append(try $0.decode(Int64.self)) }
        for post in posts {
            try await session.forEachRow("SELECT id, body FROM comments WHERE post_id = \(post)") { _ in }
        }
        // select-star.
        let one: Int64 = 1
        try await session.forEachRow("SELECT * FROM posts WHERE id = \(one)") { _ in }
        // writes-outside-transaction: stock taken, then the order written, each committed alone.
        let product: Int64 = 3, customer: Int64 = 42
        try await session.forEachRow("UPDATE inventory SET quantity = quantity - 1 WHERE product_id = \(product)") { _ in }
        try await session.forEachRow("INSERT INTO orders (product_id, customer_id, quantity) VALUES (\(product), \(customer), 1)") { _ in }
        // repeated-identical-query: the same rate asked for in a loop.
        let currency = "EUR"
        for _ in 0..<12 { try await session.forEachRow("SELECT code, rate FROM currencies WHERE code = \(currency)") { _ in } }
        // slow-point-lookup: a lookup by primary key that takes 20 ms.
        for id in Int64(1)...3 { try await session.forEachRow("SELECT id, title, pg_sleep(0.02) FROM posts WHERE id = \(id)") { _ in } }
        // slow-query.
        try await session.forEachRow("SELECT pg_sleep(0.25)") { _ in }
    }

    /// The same work done right.
    static func fixes(_ session: DatabaseSession) async throws {
        var posts: [Int64] = []
        let author: Int64 = 1
        try await session.forEachRow("SELECT id FROM posts WHERE author_id = \(author) ORDER BY id LIMIT 50") { posts.append(try $0.decode(Int64.self)) }
        try await session.forEachRow("SELECT id, post_id, body FROM comments WHERE post_id = ANY(\(posts)) ORDER BY id LIMIT 1000") { _ in }
        let one: Int64 = 1
        try await session.forEachRow("SELECT id, author_id, title FROM posts WHERE id = \(one)") { _ in }
        let product: Int64 = 3, customer: Int64 = 42
        try await session.execute("BEGIN")
        try await session.forEachRow("UPDATE inventory SET quantity = quantity - 1 WHERE product_id = \(product)") { _ in }
        try await session.forEachRow("INSERT INTO orders (product_id, customer_id, quantity) VALUES (\(product), \(customer), 1)") { _ in }
        try await session.execute("COMMIT")
        let currency = "EUR"
        try await session.forEachRow("SELECT code, rate FROM currencies WHERE code = \(currency)") { _ in }
        for id in Int64(1)...3 { try await session.forEachRow("SELECT id, title FROM posts WHERE id = \(id)") { _ in } }
    }

    static let ruleIDs: Set<String> = [
        "n-plus-one", "select-star", "unbounded-select", "slow-point-lookup", "slow-query", "writes-outside-transaction", "repeated-identical-query",
    ]

    struct Workload {
        var cluster: EphemeralCluster
        var schema: DatabaseSchema
        var log: String
    }

    /// Starts a cluster logging in `format`, runs the mistakes and the fixes, and returns the log.
    static func run(format: LogFormat) async throws -> Workload {
        var settings = ["log_min_duration_statement": "0", "log_line_prefix": "%m [%p] %q%u@%d "]
        if format != .stderr {
            settings["logging_collector"] = "on"
            settings["log_destination"] = format == .csv ? "csvlog" : "jsonlog"
            settings["log_directory"] = "log"
            settings["log_filename"] = "postgresql"
        }
        let cluster = try EphemeralCluster.start(settings: settings)
        let base = "@/postgres?host=\(cluster.socketDirectory)&port=\(cluster.port)"
        let schema = try await DatabaseConnection.with(DatabaseTarget("postgres://strata" + base)) { session in
            for statement in Self.schema.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
                try await session.execute(statement)
            }
            return try await CatalogReader(session: session, schemas: []).readSchema()
        }
        try await DatabaseConnection.with(DatabaseTarget("postgres://bad_app" + base)) { try await mistakes($0) }
        try await DatabaseConnection.with(DatabaseTarget("postgres://good_app" + base)) { try await fixes($0) }
        let path = format == .stderr ? cluster.serverLogPath : "\(cluster.dataDirectory)/log/postgresql.\(format == .csv ? "csv" : "json")"
        // The logging collector writes asynchronously: wait for the last statement to be there.
        for _ in 0..<100 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.contains("FROM posts WHERE id = $1"), text.contains("COMMIT") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return Workload(cluster: cluster, schema: schema, log: path)
    }

    @Test(arguments: [LogFormat.stderr, .csv, .json])
    func eachRuleFiresOnTheMistakeAndStaysSilentOnTheFix(format: LogFormat) async throws {
        let workload = try await Self.run(format: format)
        defer { workload.cluster.stop() }
        // The autocommit window's edge is tested on log lines (the rule's examples); here a busy
        // machine can put more than its default half second between the client's two writes.
        var configuration = Configuration()
        configuration.queries.writeWindowMilliseconds = 5_000
        let reviewer = QueryReviewer(configuration: configuration)
        // The format and the prefix are found from the file.
        let bad = try reviewer.readLogs(paths: [workload.log], filter: QueryLogFilter(user: "bad_app"))
        #expect(bad.unparsedCount == 0, "\(bad.unparsed)")
        let findings = reviewer.review(bad, schema: workload.schema).report.findings
        #expect(Set(findings.map(\.rule)) == Self.ruleIDs, "\(format): \(findings.map { "\($0.rule): \($0.message)" })")
        #expect(findings.allSatisfy { $0.location?.file == workload.log && ($0.location?.line ?? 0) > 0 })

        let nPlusOne = try #require(findings.first { $0.rule == "n-plus-one" })
        #expect(nPlusOne.message.contains("ran 10 times"), "\(nPlusOne.message)")
        #expect(nPlusOne.message.contains("FROM posts WHERE author_id = $1"), "\(nPlusOne.message)")
        let star = try #require(findings.first { $0.rule == "select-star" })
        #expect(star.message.contains("id, author_id, title"), "\(star.message)")
        let writes = try #require(findings.first { $0.rule == "writes-outside-transaction" })
        #expect(writes.fix?.hasPrefix("BEGIN;\nUPDATE inventory") == true, "\(writes.fix ?? "")")
        // Extended-protocol parameters are read with their statements.
        let lookups = try #require(bad.groups.first { $0.normalized.contains("FROM currencies") })
        #expect(lookups.calls == 12)
        #expect(lookups.exampleParameters == "$1 = 'EUR'")
        let sleep = try #require(bad.groups.first { $0.normalized.contains("pg_sleep($1)") && !$0.normalized.contains("posts") })
        #expect((sleep.percentile(0.95) ?? 0) >= 240, "\(sleep.percentile(0.95) ?? 0)")

        let good = try reviewer.readLogs(paths: [workload.log], filter: QueryLogFilter(user: "good_app"))
        #expect(good.statements >= 9)
        // The fixes' statements are fast; how fast a loaded machine runs them is not what this checks
        // (the timing rules are tested on recorded log lines), so a stall of a few ms is not a finding.
        var patient = configuration
        patient.queries.pointLookupMilliseconds = 1_000
        patient.queries.slowQueryMilliseconds = 5_000
        let silent = QueryReviewer(configuration: patient).review(good, schema: workload.schema).report.findings
        #expect(silent.isEmpty, "\(format): \(silent.map { "\($0.rule): \($0.message)" })")

        // The fixes Strata prints run on the server.
        try await DatabaseConnection.with(DatabaseTarget(workload.cluster.connectionURL)) { session in
            let batched = try #require(nPlusOne.fix?.split(separator: "\n").last.map(String.init))
            try await session.execute("PREPARE batched AS \(QueryContext.withoutTerminator(batched))")
            #expect(try await session.firstText("EXECUTE batched('{1,4,7}')") != nil)
            let named = try #require(star.fix)
            try await session.execute("PREPARE named AS \(QueryContext.withoutTerminator(named))")
            try await session.execute("EXECUTE named(1)")
            let block = try #require(writes.fix).replacingOccurrences(of: "$1", with: "1").replacingOccurrences(of: "$2", with: "3")
                .replacingOccurrences(of: "$3", with: "1")
            for statement in block.split(separator: ";\n") { try await session.execute(QueryContext.withoutTerminator(String(statement))) }
            #expect(try await session.firstText("SELECT count(*)::text FROM orders") == "3")
        }
    }

    @Test func pgStatStatementsFromTheSameServer() async throws {
        let workload = try await Self.run(format: .stderr)
        defer { workload.cluster.stop() }
        let statistics = try await DatabaseConnection.with(DatabaseTarget(workload.cluster.connectionURL)) { session in
            try await StatementStatisticsReader.read(on: session, user: "bad_app")
        }
        let reviewer = QueryReviewer()
        let profile = reviewer.profile(statistics: statistics, source: "pg_stat_statements")
        let currencies = try #require(profile.groups.first { $0.normalized.contains("FROM currencies") })
        #expect(currencies.calls == 12)
        let findings = reviewer.review(profile, schema: workload.schema).report.findings
        let rules = Set(findings.map(\.rule))
        // Totals have no order and no sessions: only the rules on statements and timings apply.
        #expect(rules.isSuperset(of: ["select-star", "slow-query", "unbounded-select"]), "\(findings.map(\.message))")
        #expect(rules.isDisjoint(with: ["n-plus-one", "writes-outside-transaction", "repeated-identical-query"]))
        let slow = try #require(findings.first { $0.rule == "slow-query" })
        #expect(slow.message.contains("estimated"), "\(slow.message)")
    }

    // PostgresNIO sends parse, bind and execute at once, and each restarts query_start: the
    // sampler must count each statement once, with the execution's duration, not its parse's.
    @Test func pgStatActivitySamplesSeeALoopOfSlowEnoughQueries() async throws {
        let cluster = try EphemeralCluster.start()
        defer { cluster.stop() }
        let url = cluster.connectionURL
        try await DatabaseConnection.with(DatabaseTarget(url)) { session in
            try await session.execute("CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint NOT NULL)")
            try await session.execute("CREATE TABLE comments (id bigint PRIMARY KEY, post_id bigint NOT NULL, body text)")
            try await session.execute("INSERT INTO posts SELECT g, 1 FROM generate_series(1, 12) g")
            try await session.execute("INSERT INTO comments SELECT g, g, 'comment' FROM generate_series(1, 12) g")
        }
        // Queries of 100 ms and more: each is running at many sample instants, even on a busy machine.
        // The window is long beside the second of work: under a loaded CI run, connecting alone
        // took long enough once that the last query started after a 3 s window had closed.
        async let observed = DatabaseConnection.with(DatabaseTarget(url)) { session in
            try await ActivitySampler.sample(on: session, for: .seconds(10), every: .milliseconds(5))
        }
        try await Task.sleep(for: .milliseconds(300))
        try await DatabaseConnection.with(DatabaseTarget(url)) { session in
            try await session.execute("SELECT id, pg_sleep(0.2) FROM posts WHERE author_id = 1 LIMIT 1")
            for post in 1...12 { try await session.execute("SELECT id, body, pg_sleep(0.1) FROM comments WHERE post_id = \(post)") }
        }
        // A sampler cannot promise to see every statement on a loaded machine: the joining logic is
        // proven on recorded samples (ActivitySightingsTests); live, what it sees must be at least the
        // N+1 rule's minimum run and never more than was run (no execution counted twice).
        let statements = try await observed
        let seen = statements.filter { $0.text.contains("FROM comments") }.count
        #expect((QuerySettings().nPlusOneMinimumRun...12).contains(seen), "\(statements.map(\.text))")
        let reviewer = QueryReviewer()
        let profile = reviewer.profile(observed: statements.map { (Int($0.session), $0.text, $0.start, $0.duration, $0.transactionStart) },
                                       source: "pg_stat_activity")
        let findings = reviewer.reviewSessionOrder(profile, schema: nil).report.findings
        #expect(findings.map(\.rule) == ["n-plus-one"], "\(findings.map(\.message))")
        let comments = try #require(profile.groups.first { $0.normalized.contains("FROM comments") })
        // A statement seen at one instant only has no duration; one measured must be the
        // execution's (about 100 ms), not its parse's (well under a millisecond).
        if let mean = comments.meanTime { #expect(mean >= 35, "\(mean)") }
    }

    @Test func aPrefixThatCannotBeToldIsAPositionedError() throws {
        let reviewer = QueryReviewer()
        #expect(throws: QueryInputError.self) {
            _ = try reviewer.readLog(named: "odd.log", text: "this is not a PostgreSQL log\nnor is this\n")
        }
        // A prefix outside the well-known ones is written from the line's shapes.
        let guessed = try reviewer.readLog(named: "odd.log", text: "<<12>> app LOG:  statement: SELECT 1\n<<13>> app LOG:  statement: SELECT 2\n")
        #expect(guessed.statements == 2)
        #expect(guessed.sessions == 2)
        #expect(throws: QueryInputError.self) { _ = try LogLinePrefix("%m %Z") }
        // Given, the same line reads.
        let text = "12|4711|LOG:  duration: 1.5 ms  statement: SELECT id FROM t WHERE id = 1\n"
        let collector = QueryCollector()
        var reader = try LogReader(path: "odd.log", bytes: Array(text.utf8), prefix: try LogLinePrefix("%l|%p|"))
        try collector.read(&reader)
        #expect(collector.profile.statements == 1)
        #expect(collector.profile.groups.first?.timedCalls == 1)
    }
}
