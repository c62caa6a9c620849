import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// `strata design --prove` on five domains, and `strata fake` on schemas nobody designed for it,
/// each on a real server.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct DesignProveTests {
    static let specs = ["shop.yml", "saas.yml", "feed.yml", "iot.yml", "bookings.yml"]

    @Test(arguments: specs)
    func aSpecIsDesignedCheckedAndProven(_ name: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-design-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try await DesignService.design(specPath: Fixtures.path("examples/design/" + name), into: folder, prove: true, proveRows: 20_000)
        #expect(outcome.evidence.verifyProblem == "")
        #expect(!outcome.evidence.reviewFindings.contains { $0.severity > .info })
        for file in ["schema.sql", "migrations/0001_init.up.sql", "migrations/0001_init.down.sql", "index-strategy.md", "transactions.md",
                     "operations.md", "schema.prisma", "erd.md", "position-card.yml"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(name): \(file) missing")
        }
        let queries = outcome.design.patterns.filter { $0.sql != nil }
        #expect(outcome.evidence.proofs.count == queries.count)
        for proof in outcome.evidence.proofs {
            #expect(proof.usesIntendedIndex || proof.usableWhenScansAreOff == true,
                    "\(name): \(proof.pattern) meant \(proof.intendedIndex ?? "-") and used \(proof.usedIndexes)")
        }
        #expect((outcome.evidence.fakeRows ?? 0) > 1000)
        #expect(outcome.card.contains("confidence: 1.00"), "\(outcome.card)")
        // The Prisma schema it wrote reads back into the designed model, notes aside.
        let prisma = try String(contentsOfFile: folder + "/schema.prisma", encoding: .utf8)
        #expect(SchemaLoader.load(sources: [("schema.prisma", prisma)]).files.allSatisfy { $0.syntaxErrors.isEmpty })
    }

    /// Example schemas and the regression suite's constraint-heavy tables filled without a
    /// constraint error, twice the same for one seed.
    @Test(arguments: ["examples/shop/schema.sql", "examples/shop-broken/schema.sql", "examples/advise/shop.sql", "examples/diff/after.sql"])
    func fakeFillsASchemaWithoutAConstraintError(_ path: String) async throws {
        let (report, sample) = try await SharedCluster.withFreshDatabase { session in
            _ = try await ScriptRunner.run(paths: [Fixtures.path(path)], on: session)
            try await session.execute("DO $$ DECLARE t record; BEGIN FOR t IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') LOOP EXECUTE format('TRUNCATE %I.%I CASCADE', t.schemaname, t.tablename); END LOOP; END $$")
            let indexes = "SELECT string_agg(indexdef, E'\\n' ORDER BY indexdef) FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            let before = try await session.firstText(indexes)
            let report = try await FakeDataLoader.fill(session, counts: [:], defaultCount: 500, seed: 3)
            // The indexes built after the rows are the ones there were, valid.
            #expect(try await session.firstText(indexes) == before, "\(path)")
            #expect(try await session.firstText("SELECT count(*)::text FROM pg_index WHERE NOT indisvalid") == "0", "\(path)")
            return (report, try await session.firstText("SELECT string_agg(c::text, ',') FROM (SELECT count(*) c FROM pg_class WHERE relkind = 'r') s"))
        }
        #expect(report.totalRows > 0, "\(path)")
        #expect(sample != nil)
        // Every table filled, nearly all rows kept (a few are given up only where a small key space runs out).
        for table in report.tables { #expect(table.rows >= 450 && table.refused == nil, "\(path): \(table.table) \(table.rows) \(table.refused ?? "")") }
    }

    @Test func theSameSeedGivesTheSameRows() async throws {
        func fill() async throws -> String? {
            try await SharedCluster.withFreshDatabase { session in
                _ = try await ScriptRunner.run(paths: [Fixtures.path("examples/shop/schema.sql")], on: session)
                _ = try await FakeDataLoader.fill(session, counts: [:], defaultCount: 200, seed: 42)
                return try await session.firstText("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (SELECT email, full_name FROM customers) t")
            }
        }
        let first = try await fill(), second = try await fill()
        #expect(first != nil && first == second)
    }

    @Test(Prerequisite.needs(FileManager.default.fileExists(atPath: Fixtures.root.appendingPathComponent("benchmarks/out/pg-regress/sql/constraints.sql").path),
                   "needs PostgreSQL's regression SQL (make test fetches it with scripts/fetch-pg-regress.sh)"))
    func regressionSuiteConstraintTablesFill() async throws {
        let folder = Fixtures.root.appendingPathComponent("benchmarks/out/pg-regress/sql").path
        for file in ["constraints.sql", "foreign_key.sql"] {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            let report = try await SharedCluster.withFreshDatabase { session in
                _ = await ScriptRunner.runAccepted(PostgresParser.parse(path: file, text: text), on: session)
                try await session.execute("DO $$ DECLARE t record; BEGIN FOR t IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') LOOP EXECUTE format('TRUNCATE %I.%I CASCADE', t.schemaname, t.tablename); END LOOP; END $$")
                return try await FakeDataLoader.fill(session, counts: [:], defaultCount: 100, seed: 1)
            }
            #expect(report.totalRows > 0, "\(file)")
            // Left empty only where Strata said it could not do better: a CHECK it named as not
            // understood, or partitions that cannot hold the rows its keys need.
            for table in report.tables where table.rows == 0 {
                let namedCheck = report.unsupportedChecks.contains { $0.hasPrefix(table.table + ".") }
                #expect(namedCheck || table.refused?.contains("partition") == true, "\(file): \(table.table) empty: \(table.refused ?? "")")
            }
            // A table Strata cannot fill is left empty and says why; the rest is filled.
            for table in report.tables where table.rows == 0 { #expect(table.refused != nil, "\(file): \(table.table)") }
        }
    }
}
