import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// The live-database rules' own examples, run for real: the schema, then the workload (data,
/// queries, failures), then the catalog and statistics read back and reviewed.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct LiveRuleExampleTests {
    static let liveRules: [String] = RuleCatalog.schemaRules.filter { $0.description.category == .live }.map { $0.description.id }

    static func rule(_ id: String) -> any SchemaRule.Type { RuleCatalog.schemaRules.first { $0.description.id == id }! }

    /// Findings of `rule` after running `example` in a fresh database.
    static func findings(of rule: any SchemaRule.Type, in example: RuleExample) async throws -> [Finding] {
        let (schema, statistics) = try await SharedCluster.withFreshDatabase { session in
            _ = try await ScriptRunner.run(PostgresParser.parse(path: "example.sql", text: example.sql), on: session)
            if let workload = example.workload {
                _ = await ScriptRunner.runAccepted(PostgresParser.parse(path: "workload.sql", text: workload), on: session)
            }
            // Counters reach shared memory when a backend goes idle; make the next time count.
            try await session.execute("SELECT pg_stat_force_next_flush()")
            let reader = CatalogReader(session: session)
            return (try await reader.readSchema(), try await reader.readStatistics())
        }
        let loaded = LoadedSchema(files: [], schema: schema, notes: [])
        return Reviewer(configuration: example.configuration).review(loaded, statistics: statistics, rules: [rule]).findings
            .filter { $0.rule == rule.description.id }
    }

    @Test(arguments: liveRules)
    func triggeringExamplesFire(_ id: String) async throws {
        let rule = Self.rule(id)
        #expect(!rule.description.triggeringExamples.isEmpty)
        for example in rule.description.triggeringExamples {
            let findings = try await Self.findings(of: rule, in: example)
            #expect(findings.count == 1, "\(id): \(example.sql)\n\(example.workload ?? "") -> \(findings.map(\.message))")
            #expect(findings.allSatisfy { $0.object != nil && $0.location == nil })
        }
    }

    @Test(arguments: liveRules)
    func nonTriggeringExamplesStaySilent(_ id: String) async throws {
        let rule = Self.rule(id)
        #expect(!rule.description.nonTriggeringExamples.isEmpty)
        for example in rule.description.nonTriggeringExamples {
            let findings = try await Self.findings(of: rule, in: example)
            #expect(findings.isEmpty, "\(id) fired on: \(example.sql)\n\(example.workload ?? "") -> \(findings.map(\.message))")
        }
    }

    /// On files, live rules have nothing to judge.
    @Test(arguments: liveRules)
    func liveRulesAreSilentOnFiles(_ id: String) throws {
        let rule = Self.rule(id)
        for example in rule.description.triggeringExamples {
            let loaded = SchemaLoader.load(sources: [("example.sql", example.sql)])
            #expect(Reviewer().review(loaded, rules: [rule]).findings.filter { $0.rule == id }.isEmpty)
        }
    }

    /// low-selectivity-index also reads pg_stats: a text column with two values in 20,000 rows.
    @Test func lowSelectivityFromRealStatistics() async throws {
        let rule = Self.rule("low-selectivity-index")
        let example = RuleExample("CREATE TABLE tickets (id bigint PRIMARY KEY, state text NOT NULL);\nCREATE INDEX tickets_state_idx ON tickets (state);",
                                  workload: "INSERT INTO tickets SELECT g, CASE WHEN g % 2 = 0 THEN 'open' ELSE 'closed' END FROM generate_series(1, 20000) g;\nANALYZE tickets;")
        let findings = try await Self.findings(of: rule, in: example)
        #expect(findings.count == 1)
        #expect(findings.first?.message.contains("2 distinct values") == true, "\(findings.map(\.message))")
        var selective = example
        selective.workload = "INSERT INTO tickets SELECT g, 'state-' || g FROM generate_series(1, 20000) g;\nANALYZE tickets;"
        #expect(try await Self.findings(of: rule, in: selective).isEmpty)
    }
}

/// `strata review|schema|erd --database` as a user runs them.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil && Repository.hasStrataBinary,
                "needs PostgreSQL server programs and the debug strata binary"))
struct LiveCLITests {
    func strata(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandRun {
        // Never the developer's own database.
        try CommandRun.run(arguments, environment: environment, unset: ["DATABASE_URL"])
    }

    @Test func schemaFromAThrowawayClusterMatchesTheFiles() throws {
        let live = try strata(["schema", "--database", "ephemeral", "Tests/StrataPostgresTests/Fixtures/every-feature.sql"])
        #expect(live.status == 0, "\(live.stderr)")
        let files = try strata(["schema", "Tests/StrataPostgresTests/Fixtures/every-feature.sql"])
        // Views aside (PostgreSQL rewrites their text), the JSON is the same document.
        let strip = { (json: String) in json.split(separator: "\n").filter { !$0.contains("\"definition\"") }.joined(separator: "\n") }
        #expect(strip(live.stdout) == strip(files.stdout))
    }

    @Test func schemaNarrowsTheRead() throws {
        let run = try strata(["schema", "--database", "ephemeral", "Tests/StrataPostgresTests/Fixtures/every-feature.sql", "--schema", "billing"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"name\": \"billing.invoices\""))
        #expect(!run.stdout.contains("\"name\": \"public.orders\""))
        // The foreign key into public still names its columns.
        #expect(run.stdout.contains("\"referencedTable\": \"public.orders\""))
        #expect(!run.stdout.contains("\"?\""))
    }

    @Test func reviewOfALiveDatabaseNamesObjects() throws {
        let run = try strata(["review", "--database", "ephemeral", "examples/shop-broken/schema.sql", "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("\"rule\" : \"fk-missing-index\"") || run.stdout.contains("\"rule\": \"fk-missing-index\""))
        let text = try strata(["review", "--database", "ephemeral", "examples/shop-broken/schema.sql"], environment: ["NO_COLOR": "1"])
        #expect(text.stdout.contains("public.orders"))
        #expect(!text.stdout.contains(":0:0:"))
    }

    @Test func aFailingFileNamesItsLineAndLeavesNothingBehind() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-live-\(UUID().uuidString).sql").path
        try "CREATE TABLE a (id int PRIMARY KEY);\n\nCREATE TABLE b (a_id int REFERENCES missing (id));\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A temporary folder of its own, to see that the throwaway cluster is gone afterwards.
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("strata-live-tmp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let run = try strata(["schema", "--database", "ephemeral", path], environment: ["TMPDIR": temporary])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(path):3:"), "\(run.stderr)")
        #expect(run.stderr.contains("relation \"missing\" does not exist"))
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary).filter { $0.hasPrefix("strata-pg-") }
        #expect(left.isEmpty, "a throwaway cluster was left behind: \(left)")
    }

    @Test func connectionErrorsNeverShowThePassword() throws {
        let run = try strata(["schema", "--database", "postgres://app:hunter2secret@127.0.0.1:1/shop?sslmode=disable"])
        #expect(run.status == 2)
        #expect(!run.stderr.contains("hunter2secret"))
        #expect(run.stderr.contains("app:***@127.0.0.1:1"), "\(run.stderr)")
        #expect(run.stderr.contains("connection refused"), "\(run.stderr)")
    }

    @Test func filesWithARealDatabaseAreRefused() throws {
        let run = try strata(["review", "--database", "postgres://app@localhost/shop", "examples/shop/schema.sql"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("never writes to a database it did not create"))
    }
}

/// Ctrl-C while a throwaway cluster is loading: the cluster is stopped and its folder deleted.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil && Repository.hasStrataBinary,
                "needs PostgreSQL server programs and the debug strata binary"))
struct InterruptTests {
    @Test func ctrlCStopsAndDeletesTheThrowawayCluster() throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("strata-int-tmp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let script = "\(temporary)/slow.sql"
        try "CREATE TABLE a (id int PRIMARY KEY);\nSELECT pg_sleep(30);\n".write(toFile: script, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.strataBinary)
        process.arguments = ["schema", "--database", "ephemeral", script]
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = temporary
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Wait until the server is up (its pid file exists), then interrupt.
        var cluster: String?
        for _ in 0..<200 where cluster == nil {
            Thread.sleep(forTimeInterval: 0.1)
            let folders = (try? FileManager.default.contentsOfDirectory(atPath: temporary).filter { $0.hasPrefix("strata-pg-") }) ?? []
            cluster = folders.first { FileManager.default.fileExists(atPath: "\(temporary)/\($0)/data/postmaster.pid") }
        }
        let folder = try #require(cluster, "the throwaway cluster never started")
        Thread.sleep(forTimeInterval: 0.5)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(!FileManager.default.fileExists(atPath: "\(temporary)/\(folder)"), "the cluster's folder is still there")
        // And no process of it is left (a dying process may take a moment to leave the table).
        func survivors() -> [String] {
            let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return processes.filter { pid in
                Int(pid) != nil && (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map { String(decoding: $0, as: UTF8.self).contains(folder) } ?? false)
            }
        }
        for _ in 0..<30 where !survivors().isEmpty { Thread.sleep(forTimeInterval: 0.1) }
        #expect(survivors().isEmpty, "processes of the cluster still run: \(survivors())")
    }
}
