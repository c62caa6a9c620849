import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit

@Suite struct LintTests {
    static let root = Repository.root
    static let folder = root.appendingPathComponent("examples/migrations").path

    func summary(_ result: FindingReport) -> [String] {
        result.findings.map { "\(($0.location!.file as NSString).lastPathComponent):\($0.location!.line) \($0.rule)" }
    }

    @Test func replayKnowsWhichTablesAreNew() throws {
        let result = try MigrationLinter().lint(paths: [Self.folder])
        // 0001 and 0002 create tables and index them in the same migration: silent.
        // 0003 indexes and constrains invoices, which 0002 created: it is live now.
        // 0004 does the same work the safe way: silent.
        #expect(summary(result) == [
            "0003_invoice_status.up.sql:2 missing-lock-timeout",
            "0003_invoice_status.up.sql:3 add-check-validated",
            "0003_invoice_status.up.sql:4 require-concurrent-index",
        ])
        #expect(result.fileCount == 4)
    }

    /// The same finding at two places is two findings: lint once merged them (its set of findings
    /// compared positions as equal), and reported 71 of the regression corpus's 321 syntax errors.
    @Test func identicalFindingsAtDifferentLinesAreAllReported() {
        let file = MigrationFile(version: 2, upPath: "0002_change.up.sql", downPath: nil, inFolder: true)
        let sql = "SET lock_timeout = '1s';\nVACUUM FULL accounts;\nSELECT 1;\nVACUUM FULL accounts;\nSELEC oops;\nSELEC oops;\n"
        let result = MigrationLinter().lint([(file, sql, nil)], setup: "CREATE TABLE accounts (id bigint PRIMARY KEY);")
        let places = result.findings.map { "\($0.location!.line) \($0.rule)" }
        #expect(places.filter { $0.hasSuffix("blocking-maintenance") } == ["2 blocking-maintenance", "4 blocking-maintenance"])
        #expect(places.filter { $0.hasSuffix("syntax-error") }.count == 2)
    }

    @Test func sinceLintsOnlyLaterMigrationsButReplaysEarlierOnes() throws {
        let result = try MigrationLinter(since: 4).lint(paths: [Self.folder])
        #expect(result.findings.isEmpty)
        #expect(result.fileCount == 1)
        let fromThree = try MigrationLinter(since: 3).lint(paths: [Self.folder])
        #expect(fromThree.findings.count == 3)
    }

    func folder(_ files: [String: String]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url.path
    }

    @Test func downThatDoesNotRevertIsNamed() throws {
        let path = try folder([
            "1_t.up.sql": "CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now());",
            "1_t.down.sql": "DROP TABLE t;",
            "2_n.up.sql": "ALTER TABLE t ADD COLUMN n int; CREATE INDEX CONCURRENTLY t_n_idx ON t (n);",
            "2_n.down.sql": "DROP INDEX t_n_idx;",
        ])
        let result = try MigrationLinter().lint(paths: [path])
        let down = try #require(result.findings.first { $0.rule == "down-does-not-revert" })
        #expect(down.message.contains("column public.t.n is left behind") || down.message.contains("column t.n is left behind"))
        #expect(down.location?.file.hasSuffix("2_n.down.sql") == true)
        #expect(result.findings.contains { $0.rule == "concurrent-index-in-transaction" })
    }

    /// A down that recreates what its up dropped declares it at other lines: still an exact revert.
    @Test func downRecreatingAtOtherLinesReverts() throws {
        let path = try folder([
            "1_t.up.sql": "CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now());",
            "1_t.down.sql": "DROP TABLE t;",
            "2_drop.up.sql": "DROP TABLE t;",
            "2_drop.down.sql": "\n\n-- put back\n  CREATE TABLE t (id bigint PRIMARY KEY,\n created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now());",
        ])
        let result = try MigrationLinter().lint(paths: [path])
        #expect(!result.findings.contains { $0.rule == "down-does-not-revert" })
    }

    @Test func singleFilesWithoutHistoryAssumeTablesAreLive() throws {
        let path = try folder(["x.sql": "CREATE INDEX orders_x_idx ON orders (x);\nALTER TABLE orders ALTER COLUMN n TYPE bigint;"])
        let result = try MigrationLinter().lint(paths: [(path as NSString).appendingPathComponent("x.sql")])
        let rules = Set(result.findings.map(\.rule))
        #expect(rules.contains("require-concurrent-index"))
        #expect(rules.contains("alter-column-type"))
        #expect(!rules.contains("unresolved-reference"))
        #expect(!rules.contains("missing-down-migration"))
    }

    @Test func rewriteKnowledgeIsExact() {
        func rewrites(_ from: String, _ to: String) -> Bool {
            let loaded = SchemaLoader.load(sources: [("t.sql", "CREATE TABLE t (c \(from)); CREATE TABLE u (c \(to));")])
            let old = loaded.schema.tables[QualifiedName(schema: "public", name: "t")]!.columns[0]
            let new = loaded.schema.tables[QualifiedName(schema: "public", name: "u")]!.columns[0]
            return TypeChange.rewrites(from: old, to: TypeReference(name: new.type, arrayDimensions: new.arrayDimensions))
        }
        #expect(!rewrites("varchar(10)", "varchar(20)"))
        #expect(!rewrites("varchar(10)", "text"))
        #expect(!rewrites("varchar(10)", "varchar"))
        #expect(!rewrites("numeric(10,2)", "numeric(12,2)"))
        #expect(!rewrites("numeric(10,2)", "numeric"))
        #expect(rewrites("varchar(20)", "varchar(10)"))
        #expect(rewrites("integer", "bigint"))
        #expect(rewrites("numeric(10,2)", "numeric(12,3)"))
        #expect(rewrites("timestamp", "timestamptz"))
        #expect(rewrites("text", "varchar(10)"))
    }

    @Test func lockFactsComeFromOneTable() {
        #expect(LockFacts.createIndex.lock == .share)
        #expect(LockFacts.addForeignKey.referencedTableLock == .shareRowExclusive)
        #expect(LockFacts.validateConstraint.lock == .shareUpdateExclusive)
        #expect(!LockFacts.validateConstraint.lock.blocksWrites)
        #expect(LockFacts.createIndex.lock.blocksWrites && !LockFacts.createIndex.lock.blocksReads)
        #expect(LockFacts.addColumnVolatileDefault.rewrites && !LockFacts.addColumnConstantDefault.rewrites)
    }

    @Test func postgresVersionChangesTheSafeRewrite() {
        let file = MigrationFile(version: 1, upPath: "1.up.sql", downPath: nil, inFolder: false)
        let sql = "REINDEX TABLE events;"
        let setup = "CREATE TABLE events (id bigint PRIMARY KEY);"
        let modern = MigrationLinter(postgresVersion: 15).lint([(file, sql, nil)], setup: setup)
        let old = MigrationLinter(postgresVersion: 11).lint([(file, sql, nil)], setup: setup)
        #expect(modern.findings.first { $0.rule == "blocking-maintenance" }?.fix?.contains("REINDEX TABLE CONCURRENTLY") == true)
        #expect(old.findings.first { $0.rule == "blocking-maintenance" }?.fix?.contains("has no REINDEX CONCURRENTLY") == true)
    }
}
