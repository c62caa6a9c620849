import Foundation
import Testing
@testable import StrataKit

/// Reading logs: prefixes (given and inferred), multi-line entries, the three formats, gzip,
/// filters, statements that do not parse, and the cheap shape hash the fingerprint cache uses.
@Suite struct QueryLogReadingTests {
    func profile(_ text: String, format: LogFormat? = nil, prefix: String? = nil, filter: QueryLogFilter = QueryLogFilter()) throws -> QueryProfile {
        let collector = QueryCollector(filter: filter)
        var reader = try LogReader(path: "app.log", bytes: Array(text.utf8), format: format, prefix: prefix.map { try LogLinePrefix($0) })
        try collector.read(&reader)
        return collector.profile
    }

    static let prefixes: [(format: String, line: String)] = [
        ("%m [%p] ", "2026-12-01 10:00:00.123 UTC [4711] "),
        ("%m [%p] %q%u@%d ", "2026-12-01 10:00:00.123 UTC [4711] app@shop "),
        ("%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ", "2026-12-01 10:00:00 CET [4711]: [3-1] user=app,db=shop,app=rails,client=10.0.0.7 "),
        ("%m [%p] %c %x %v %q%u@%d ", "2026-12-01 10:00:00.123 UTC [4711] 6b0fcfb5.2397 740 3/14 app@shop "),
        ("%n|%c|", "1764583200.123|6b0fcfb5.2397|"),
    ]

    @Test(arguments: 0..<prefixes.count)
    func thePrefixIsToldFromTheLines(_ index: Int) throws {
        let (format, prefix) = Self.prefixes[index]
        let text = """
            \(prefix)LOG:  duration: 2.000 ms  statement: SELECT id FROM users WHERE id = 1
            \(prefix)LOG:  duration: 3.000 ms  statement: SELECT id FROM users WHERE id = 2

            """
        var reader = try LogReader(path: "app.log", bytes: Array(text.utf8))
        let collector = QueryCollector()
        try collector.read(&reader)
        #expect(collector.profile.statements == 2, "\(format) read as \(reader.prefix?.format ?? "nil")")
        #expect(collector.profile.groups.count == 1)
        #expect(collector.profile.groups.first?.timedCalls == 2)
        #expect(collector.profile.sessions == 1)
        // The escapes given by hand read the same.
        let given = try profile(text, prefix: format)
        #expect(given.statements == 2)
    }

    @Test func multiLineStatementsAreJoined() throws {
        let text = """
            2026-12-01 10:00:00.001 UTC [7] LOG:  duration: 1.000 ms  statement: SELECT id,
            \t       name
            \tFROM users
            \tWHERE id = 1
            2026-12-01 10:00:00.002 UTC [7] LOG:  checkpoint starting: time
            2026-12-01 10:00:00.003 UTC [7] LOG:  duration: 1.000 ms  statement: SELECT id, name FROM users WHERE id = 2

            """
        let result = try profile(text)
        #expect(result.statements == 2)
        let group = try #require(result.groups.first)
        #expect(result.groups.count == 1)
        #expect(group.example == "SELECT id,\n       name\nFROM users\nWHERE id = 1")
        #expect(group.location?.line == 1)
    }

    /// `3/0` is PostgreSQL's virtual transaction id for no transaction: two autocommit writes of one
    /// backend that both carry it are two transactions, not one (csvlog, jsonlog and %v alike).
    @Test func aVirtualTransactionIdEndingInZeroIsNoTransaction() throws {
        let csv = """
            2026-12-01 10:00:00.001 UTC,"app","shop",7,"[local]",6b0f.1,1,"UPDATE",2026-12-01 10:00:00 UTC,3/0,0,LOG,00000,"duration: 1.000 ms  statement: UPDATE stock SET quantity = quantity - 1 WHERE product_id = 7",,,,,,,,,"psql","client backend",,0
            2026-12-01 10:00:00.010 UTC,"app","shop",7,"[local]",6b0f.1,2,"INSERT",2026-12-01 10:00:00 UTC,3/0,0,LOG,00000,"duration: 1.000 ms  statement: INSERT INTO orders (product_id, quantity) VALUES (7, 1)",,,,,,,,,"psql","client backend",,0

            """
        #expect(try profile(csv).autocommitWrites.count == 1)
        let json = """
            {"timestamp":"2026-12-01 10:00:00.001 UTC","user":"app","dbname":"shop","pid":7,"session_id":"6b0f.1","vxid":"3/0","error_severity":"LOG","message":"duration: 1.000 ms  statement: UPDATE stock SET quantity = quantity - 1 WHERE product_id = 7"}
            {"timestamp":"2026-12-01 10:00:00.010 UTC","user":"app","dbname":"shop","pid":7,"session_id":"6b0f.1","vxid":"3/0","error_severity":"LOG","message":"duration: 1.000 ms  statement: INSERT INTO orders (product_id, quantity) VALUES (7, 1)"}

            """
        #expect(try profile(json, format: .json).autocommitWrites.count == 1)
        // The same two writes inside one real transaction are one change.
        let inOne = csv.replacingOccurrences(of: ",3/0,", with: ",3/17,")
        #expect(try profile(inOne).autocommitWrites.isEmpty)
        #expect(Array("3/0".utf8).withUnsafeBufferPointer { LogBytes.virtualTransaction($0) } == 0)
        #expect(Array("3/17".utf8).withUnsafeBufferPointer { LogBytes.virtualTransaction($0) } != 0)
    }

    /// The batched N+1 fix selects the parent key, so each row can be given back to its parent.
    @Test func theBatchedFixSelectsTheParentKey() throws {
        var lines = ["2026-12-01 10:00:00.001 UTC [7] LOG:  duration: 1.000 ms  statement: SELECT id FROM orders WHERE customer_id = 9"]
        for order in 1...6 {
            lines.append("2026-12-01 10:00:00.00\(order + 1) UTC [7] LOG:  duration: 1.000 ms  execute <unnamed>: SELECT quantity FROM order_items WHERE order_id = $1")
            lines.append("2026-12-01 10:00:00.00\(order + 1) UTC [7] DETAIL:  parameters: $1 = '\(order)'")
        }
        let collector = QueryCollector()
        var reader = try LogReader(path: "app.log", bytes: Array((lines.joined(separator: "\n") + "\n").utf8))
        try collector.read(&reader)
        let finding = try #require(QueryReviewer().review(collector.profile, schema: nil).report.findings.first { $0.rule == "n-plus-one" })
        #expect(finding.fix?.contains("SELECT order_id, quantity FROM order_items WHERE order_id = ANY($1)") == true, "\(finding.fix ?? "")")
    }

    @Test func csvEntriesWithQuotesAndNewlines() throws {
        let text = """
            2026-12-01 10:00:00.001 UTC,"app","shop",7,"[local]",6b0f.1,1,"SELECT",2026-12-01 10:00:00 UTC,3/1,0,LOG,00000,"duration: 1.000 ms  execute <unnamed>: SELECT ""Name"", 'it''s'
            FROM users WHERE id = $1","parameters: $1 = '5'",,,,,,,,"psql","client backend",,0
            2026-12-01 10:00:00.002 UTC,"app","shop",7,"[local]",6b0f.1,2,"SELECT",2026-12-01 10:00:00 UTC,3/2,0,LOG,00000,"duration: 2.000 ms  execute <unnamed>: SELECT ""Name"", 'it''s'
            FROM users WHERE id = $1","parameters: $1 = '6'",,,,,,,,"psql","client backend",,0

            """
        let result = try profile(text)
        #expect(result.statements == 2)
        let group = try #require(result.groups.first)
        #expect(group.example == "SELECT \"Name\", 'it''s'\nFROM users WHERE id = $1")
        #expect(group.exampleParameters == "$1 = '5'")
        #expect(group.location?.line == 1)
        #expect(result.groups.count == 1)
        #expect(throws: QueryInputError.self) { _ = try profile("a,b,c\n", format: .csv) }
    }

    @Test func jsonEntries() throws {
        let text = """
            {"timestamp":"2026-12-01 10:00:00.001 UTC","user":"app","dbname":"shop","pid":7,"session_id":"6b0f.1","vxid":"3/1","txid":0,"error_severity":"LOG","message":"duration: 1.500 ms  execute <unnamed>: SELECT id FROM users WHERE id = $1","detail":"parameters: $1 = '5'"}
            {"timestamp":"2026-12-01 10:00:01.001 UTC","user":"app","dbname":"shop","pid":7,"session_id":"6b0f.1","vxid":"3/2","txid":0,"error_severity":"ERROR","message":"division by zero"}

            """
        let result = try profile(text)
        #expect(result.statements == 1)
        #expect(result.groups.first?.exampleParameters == "$1 = '5'")
        #expect(result.groups.first?.totalTime == 1.5)
    }

    @Test func gzipLogsAndStandardInputAreRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-log-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/postgresql.log"
        try "2026-12-01 10:00:00.001 UTC [7] LOG:  duration: 1.000 ms  statement: SELECT id FROM users WHERE id = 1\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", path]
        try gzip.run()
        gzip.waitUntilExit()
        let profile = try QueryReviewer().readLogs(paths: [path + ".gz"])
        #expect(profile.statements == 1)
        #expect(profile.groups.first?.location?.file == path + ".gz")
        #expect(throws: QueryInputError.self) { _ = try QueryReviewer().readLogs(paths: [folder + "/missing.log"]) }
    }

    @Test func filtersByTimeDatabaseAndUser() throws {
        let text = """
            2026-12-01 10:00:00.001 UTC [7] app@shop LOG:  duration: 1.000 ms  statement: SELECT id FROM users WHERE id = 1
            2026-12-01 11:00:00.001 UTC [7] app@shop LOG:  duration: 1.000 ms  statement: SELECT id FROM users WHERE id = 2
            2026-12-01 12:00:00.001 UTC [8] admin@shop LOG:  duration: 1.000 ms  statement: SELECT id FROM users WHERE id = 3
            2026-12-01 12:00:00.001 UTC [9] app@other LOG:  duration: 1.000 ms  statement: SELECT id FROM users WHERE id = 4

            """
        let since = Array("2026-12-01 10:30:00".utf8).withUnsafeBufferPointer { LogBytes.timestamp($0) }
        #expect(try profile(text, filter: QueryLogFilter(since: since)).statements == 3)
        #expect(try profile(text, filter: QueryLogFilter(until: since)).statements == 1)
        #expect(try profile(text, filter: QueryLogFilter(user: "app")).statements == 3)
        #expect(try profile(text, filter: QueryLogFilter(database: "shop", user: "app")).statements == 2)
        let all = try profile(text)
        #expect(all.sessions == 3)
        #expect(QueryReportRenderer.time(try #require(all.firstTime)) == "2026-12-01 10:00:00")
    }

    @Test func aProcessIdReusedAfterADisconnectionIsAnotherSession() throws {
        let text = """
            2026-12-01 10:00:00.001 UTC [7] LOG:  duration: 1.000 ms  statement: SELECT id FROM users WHERE id = 1
            2026-12-01 10:00:00.002 UTC [7] LOG:  disconnection: session time: 0:00:00.010 user=app database=shop host=[local]
            2026-12-01 10:00:00.003 UTC [7] LOG:  duration: 1.000 ms  statement: SELECT id FROM users WHERE id = 2
            2026-12-01 10:00:00.004 UTC [8] LOG:  duration: 1.000 ms  statement: SELECT id FROM users WHERE id = 3

            """
        let result = try profile(text)
        #expect(result.statements == 3)
        #expect(result.sessions == 3)
    }

    @Test func statementsThatDoNotParseAreCountedWithTheirLine() throws {
        let text = """
            2026-12-01 10:00:00.001 UTC [7] LOG:  duration: 1.000 ms  statement: SELECT id FROM users WHERE id = 1
            2026-12-01 10:00:00.002 UTC [7] LOG:  duration: 1.000 ms  statement: SELECT id FROM users WHERE id =
            2026-12-01 10:00:00.003 UTC [7] LOG:  duration: 1.000 ms  statement: SELECT id FROM users WHERE id =

            """
        let result = try profile(text)
        #expect(result.statements == 1)
        #expect(result.unparsedCount == 2)
        #expect(result.unparsed.first?.location.line == 2)
        let rendered = QueryReportRenderer(format: .text).render(QueryReviewer().review(result, schema: nil))
        #expect(rendered.contains("app.log:2:1: syntax error at end of input"), "\(rendered)")
    }

    @Test func theShapeHashIgnoresConstantsCommentsAndSpacing() {
        func hashes(_ sql: String) -> QueryText.Hashes { Array(sql.utf8).withUnsafeBufferPointer { QueryText.hashes($0) } }
        let a = hashes("SELECT id FROM users WHERE id = 1 AND name = 'x'")
        let b = hashes("SELECT  id FROM users /* app:web */ WHERE id = 22 AND name = 'it''s' -- trailing\n")
        let c = hashes("SELECT id FROM users WHERE id = 1 AND name = 'x'")
        #expect(a.shape == b.shape)
        #expect(a.values != b.values)
        #expect(a == c)
        #expect(hashes("SELECT id FROM users1 WHERE id = $1").shape != hashes("SELECT id FROM users2 WHERE id = $1").shape)
        #expect(hashes("SELECT $$a$$ FROM t").shape == hashes("SELECT $q$b$q$ FROM t").shape)
        #expect(hashes("SELECT id FROM t WHERE id = $1").shape != hashes("SELECT id FROM t WHERE id = $2").shape)
    }

    @Test func percentilesComeWithinAFewPercent() {
        var histogram = LatencyHistogram()
        for value in 1...1000 { histogram.add(Double(value)) }
        for (quantile, exact) in [(0.5, 500.0), (0.95, 950.0), (0.99, 990.0)] {
            let value = histogram.percentile(quantile) ?? 0
            #expect(abs(value - exact) / exact < 0.04, "p\(quantile): \(value)")
        }
        #expect(LatencyHistogram().percentile(0.5) == nil)
    }
}
