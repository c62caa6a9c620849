import Foundation
import StrataKit
import Testing
import StrataTestSupport
@testable import StrataPostgres

/// A temporary migrations folder, removed at the end of the test.
final class MigrationFolderFixture {
    let path: String

    init(_ files: [String: String] = [:]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-migrations-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try write(name, text) }
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: (path as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func remove(_ name: String) throws { try FileManager.default.removeItem(atPath: (path as NSString).appendingPathComponent(name)) }

    func set() throws -> MigrationSet { try MigrationSet.load(directory: path) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Helpers over a session: one value, a count.
extension DatabaseSession {
    func integer(_ sql: String) async throws -> Int {
        var value = 0
        try await forEachRow(.init(unsafeSQL: "SELECT (\(sql))::int8")) { row in value = Int(try row.decode(Int64.self)) }
        return value
    }

    func tableExists(_ name: String) async throws -> Bool {
        try await integer("SELECT count(*) FROM pg_class WHERE relname = '\(name)' AND relkind = 'r'") == 1
    }
}

/// `strata migrate` against a real server: history, rollback, immutability, ordering, resume.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct MigrateTests {
    func migrator(_ folder: MigrationFolderFixture, _ session: DatabaseSession) throws -> Migrator {
        Migrator(migrations: try folder.set(), target: PostgresMigrationTarget(session: session))
    }

    @Test func upStatusDownAndRedoKeepHistoryExact() async throws {
        let session = try await SharedCluster.freshDatabase()
        defer { Task { await session.close() } }
        var migrator = Migrator(migrations: try MigrationSet.load(directory: Fixtures.path("examples/migrations")), target: PostgresMigrationTarget(session: session))
        // 0003 is the lint example of what not to do on a live table: up refuses it.
        await #expect(throws: MigrationError.self) { try await migrator.up() }
        #expect(try await session.integer("SELECT count(*) FROM strata_migrations") == 0)
        #expect(try await !session.tableExists("accounts"))

        migrator.force = true
        let applied = try await migrator.up()
        #expect(applied.map(\.version) == [1, 2, 3, 4])
        let history = try await PostgresMigrationTarget(session: session).history()
        #expect(history.map(\.checksum) == migrator.migrations.migrations.map(\.checksum))
        #expect(history.allSatisfy { $0.complete && $0.appliedBy == "strata" })
        #expect(try await migrator.status().allSatisfy { $0.kind == .applied })
        #expect(try await migrator.up().isEmpty)

        let reverted = try await migrator.down(to: 1)
        #expect(reverted.map(\.version) == [4, 3, 2])
        #expect(try await session.tableExists("accounts"))
        #expect(try await !session.tableExists("invoices"))
        #expect(try await migrator.status().map(\.kind) == [.applied, .pending, .pending, .pending])

        try await migrator.up(to: 2)
        try await migrator.redo()
        #expect(try await migrator.status().map(\.kind) == [.applied, .applied, .pending, .pending])
        #expect(try await session.tableExists("invoices"))
    }

    @Test func aFailingMigrationRollsBackEntirelyAndNamesItsLine() async throws {
        let folder = try MigrationFolderFixture([
            "0001_accounts.up.sql": "CREATE TABLE accounts (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());\n",
            "0002_notes.up.sql": "ALTER TABLE accounts ADD COLUMN note text;\nCREATE TABLE audit (id bigint PRIMARY KEY);\nINSERT INTO accounts (id) VALUES (1), (1);\n",
        ])
        let session = try await SharedCluster.freshDatabase()
        defer { Task { await session.close() } }
        var migrator = try migrator(folder, session)
        migrator.force = true
        let failure = try await #require(throws: MigrationError.self) { try await migrator.up() }
        #expect(failure.location?.file.hasSuffix("0002_notes.up.sql") == true)
        #expect(failure.location?.line == 3)
        #expect(failure.sqlState == "23505")
        #expect(failure.outcome?.contains("rolled back") == true)
        // 0001 stays; nothing of 0002 does.
        #expect(try await session.tableExists("accounts"))
        #expect(try await !session.tableExists("audit"))
        #expect(try await session.integer("SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'") == 0)
        #expect(try await session.integer("SELECT count(*) FROM strata_migrations") == 1)
        // Fixed (it was never applied, so it may change), it goes through.
        try folder.write("0002_notes.up.sql", "ALTER TABLE accounts ADD COLUMN note text;\nCREATE TABLE audit (id bigint PRIMARY KEY);\nINSERT INTO accounts (id) VALUES (1);\n")
        migrator.migrations = try folder.set()
        #expect(try await migrator.up().map(\.version) == [2])
    }

    @Test func editedAndMissingAppliedFilesAreRefused() async throws {
        let folder = try MigrationFolderFixture([
            "0001_a.up.sql": "CREATE TABLE a (id bigint PRIMARY KEY);\n",
            "0002_b.up.sql": "CREATE TABLE b (id bigint PRIMARY KEY);\n",
        ])
        let session = try await SharedCluster.freshDatabase()
        defer { Task { await session.close() } }
        var migrator = try migrator(folder, session)
        migrator.force = true
        try await migrator.up()
        // Line endings and trailing blanks are not an edit.
        try folder.write("0001_a.up.sql", "CREATE TABLE a (id bigint PRIMARY KEY);  \r\n\r\n")
        try folder.write("0003_c.up.sql", "CREATE TABLE c (id bigint PRIMARY KEY);\n")
        migrator.migrations = try folder.set()
        #expect(try await migrator.status().map(\.kind) == [.applied, .applied, .pending])
        try folder.write("0001_a.up.sql", "CREATE TABLE a (id bigint PRIMARY KEY, extra int);\n")
        migrator.migrations = try folder.set()
        let edited = try await #require(throws: MigrationError.self) { try await migrator.up() }
        #expect(edited.message.contains("migration 1 (a)") && edited.message.contains("changed"))
        #expect(try await !session.tableExists("c"))
        #expect(try await migrator.status().first?.kind == .edited)

        try folder.write("0001_a.up.sql", "CREATE TABLE a (id bigint PRIMARY KEY);\n")
        try folder.remove("0002_b.up.sql")
        migrator.migrations = try folder.set()
        let missing = try await #require(throws: MigrationError.self) { try await migrator.up() }
        #expect(missing.message.contains("migration 2 (b)") && missing.message.contains("missing"))
        #expect(try await migrator.status().map(\.kind) == [.applied, .missingFile, .pending])
    }

    @Test func outOfOrderVersionsAreRefusedUnlessAllowed() async throws {
        let folder = try MigrationFolderFixture([
            "0001_a.up.sql": "CREATE TABLE a (id bigint PRIMARY KEY);\n",
            "0003_c.up.sql": "CREATE TABLE c (id bigint PRIMARY KEY);\n",
        ])
        let session = try await SharedCluster.freshDatabase()
        defer { Task { await session.close() } }
        var migrator = try migrator(folder, session)
        migrator.force = true
        try await migrator.up()
        try folder.write("0002_b.up.sql", "CREATE TABLE b (id bigint PRIMARY KEY);\n")
        migrator.migrations = try folder.set()
        #expect(try await migrator.status().map(\.kind) == [.applied, .outOfOrder, .applied])
        let refused = try await #require(throws: MigrationError.self) { try await migrator.up() }
        #expect(refused.message.contains("older than 3"))
        migrator.allowOutOfOrder = true
        #expect(try await migrator.up().map(\.version) == [2])
    }

    /// A no-transaction migration whose unique index fails on duplicates: the statements before
    /// it stay applied and recorded, the INVALID index is reported with its DROP, and once the
    /// data is fixed a rerun drops the leftover and resumes at the failing statement.
    @Test func noTransactionMigrationsResumeWhereTheyStopped() async throws {
        let folder = try MigrationFolderFixture([
            "0001_emails.up.sql": "CREATE TABLE emails (id bigint PRIMARY KEY, address text NOT NULL);\nINSERT INTO emails VALUES (1, 'a'), (2, 'a');\n",
            "0002_unique.up.sql": """
                -- strata:no-transaction
                SET lock_timeout = '2s';
                ALTER TABLE emails ADD COLUMN IF NOT EXISTS verified boolean;
                CREATE UNIQUE INDEX CONCURRENTLY emails_address_key ON emails (address);
                ALTER TABLE emails ADD COLUMN IF NOT EXISTS checked_at timestamptz;

                """,
        ])
        let session = try await SharedCluster.freshDatabase()
        defer { Task { await session.close() } }
        var migrator = try migrator(folder, session)
        migrator.force = true
        let failure = try await #require(throws: MigrationError.self) { try await migrator.up() }
        #expect(failure.location?.line == 4)
        #expect(failure.hint?.contains("DROP INDEX CONCURRENTLY IF EXISTS public.emails_address_key") == true, "\(failure)")
        #expect(try await session.integer("SELECT count(*) FROM information_schema.columns WHERE column_name = 'verified'") == 1)
        let states = try await migrator.status()
        #expect(states.map(\.kind) == [.applied, .partial])
        #expect(states.last?.applied?.statementsDone == 2)

        try await session.execute("DELETE FROM emails WHERE id = 2")
        #expect(try await migrator.up().map(\.version) == [2])
        #expect(try await session.integer("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'emails_address_key' AND i.indisvalid") == 1)
        #expect(try await session.integer("SELECT count(*) FROM information_schema.columns WHERE column_name = 'checked_at'") == 1)
        #expect(try await migrator.status().map(\.kind) == [.applied, .applied])
    }

    /// Every statement PostgreSQL refuses in a transaction block runs bare in a no-transaction
    /// migration (DETACH PARTITION CONCURRENTLY was once wrapped in BEGIN and failed).
    @Test func statementsThatRefuseATransactionRunBare() async throws {
        let folder = try MigrationFolderFixture([
            "0001_events.up.sql": "CREATE TABLE events (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);\nCREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n",
            "0002_detach.up.sql": "-- strata:no-transaction\nALTER TABLE events DETACH PARTITION events_2025 CONCURRENTLY;\nVACUUM events_2025;\nCREATE INDEX CONCURRENTLY events_2025_at_idx ON events_2025 (at);\n",
        ])
        let session = try await SharedCluster.freshDatabase()
        defer { Task { await session.close() } }
        var migrator = try migrator(folder, session)
        migrator.force = true
        #expect(try await migrator.up().map(\.version) == [1, 2])
        #expect(try await session.integer("SELECT count(*) FROM pg_inherits") == 0)
        #expect(try await migrator.status().allSatisfy { $0.kind == .applied })
    }

    @Test func transactionControlAndSyntaxErrorsAreRefusedBeforeRunning() async throws {
        let folder = try MigrationFolderFixture([
            "0001_wrapped.up.sql": "BEGIN;\nCREATE TABLE a (id bigint PRIMARY KEY);\nCOMMIT;\n",
            "0002_inner.up.sql": "CREATE TABLE b (id bigint PRIMARY KEY);\nCOMMIT;\nCREATE TABLE c (id bigint PRIMARY KEY);\n",
        ])
        let session = try await SharedCluster.freshDatabase()
        defer { Task { await session.close() } }
        var migrator = try migrator(folder, session)
        migrator.force = true
        let failure = try await #require(throws: MigrationError.self) { try await migrator.up() }
        // BEGIN/COMMIT around a whole file is the runner's own transaction; one in the middle is refused.
        #expect(try await session.tableExists("a"))
        #expect(failure.location?.line == 2 && failure.message.contains("transaction control"))
        #expect(try await !session.tableExists("b"))

        try folder.write("0002_inner.up.sql", "CREATE TABLE b (id bigint PRIMARY KEY;\n")
        migrator.migrations = try folder.set()
        let syntax = try await #require(throws: MigrationError.self) { try await migrator.up() }
        #expect(syntax.message.contains("syntax error") && syntax.location?.line == 1)
    }

    /// Six runners at once on one database: each migration is applied exactly once, and every
    /// runner ends seeing nothing pending.
    @Test func concurrentRunnersApplyEachMigrationOnce() async throws {
        var files = ["0001_log.up.sql": "CREATE TABLE applied_log (version int NOT NULL);\nINSERT INTO applied_log VALUES (1);\n"]
        for version in 2...20 {
            files[String(format: "%04d_t%d.up.sql", version, version)] = "CREATE TABLE t\(version) (id bigint PRIMARY KEY, v int);\nINSERT INTO applied_log VALUES (\(version));\n"
        }
        // CREATE INDEX CONCURRENTLY waits for every transaction older than it: the runners waiting for
        // the lock must not hold one (they poll), or this would never finish.
        files["0010_t10.up.sql"] = "-- strata:no-transaction\nCREATE TABLE IF NOT EXISTS t10 (id bigint PRIMARY KEY, v int);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t9_v_idx ON t9 (v);\nINSERT INTO applied_log VALUES (10);\n"
        let folder = try MigrationFolderFixture(files)
        let url = try await SharedCluster.freshDatabaseURL()
        let set = try folder.set()
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
                    var migrator = Migrator(migrations: set, target: PostgresMigrationTarget(session: session))
                    migrator.force = true
                    let applied = try await migrator.up()
                    let pending = try await migrator.status().filter { $0.kind != .applied }.count
                    await session.close()
                    return applied.count * 100 + pending
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.map { $0 / 100 }.reduce(0, +) == 20, "\(counts)")
        #expect(counts.allSatisfy { $0 % 100 == 0 })
        let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
        defer { Task { await session.close() } }
        #expect(try await session.integer("SELECT count(*) FROM applied_log") == 20)
        #expect(try await session.integer("SELECT count(DISTINCT version) FROM applied_log") == 20)
        #expect(try await session.integer("SELECT count(*) FROM strata_migrations WHERE complete") == 20)
        #expect(try await session.integer("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 't9_v_idx' AND i.indisvalid") == 1)
    }

    @Test func aHeldLockTimesOutWithTheHolderNamed() async throws {
        let folder = try MigrationFolderFixture(["0001_a.up.sql": "CREATE TABLE a (id bigint PRIMARY KEY);\n"])
        let url = try await SharedCluster.freshDatabaseURL()
        let holder = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
        defer { Task { await holder.close() } }
        try await PostgresMigrationTarget(session: holder).lock(timeout: .seconds(1))
        let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
        defer { Task { await session.close() } }
        var migrator = try migrator(folder, session)
        migrator.lockTimeout = .milliseconds(600)
        let failure = try await #require(throws: MigrationError.self) { try await migrator.up() }
        #expect(failure.message.contains("holds the migration lock") && failure.message.contains("backend"), "\(failure)")
        #expect(try await !session.tableExists("a"))
    }

    /// A goose folder runs as goose would: each Up section in order (the NO TRANSACTION one outside
    /// a transaction, so its concurrent build succeeds), each Down section to revert.
    @Test func aGooseFolderRunsUpAndDownByItsSections() async throws {
        let folder = try MigrationFolderFixture([
            "00001_users.sql": "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n-- +goose Down\nDROP TABLE users;\n",
            "00002_index.sql": "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n-- +goose Down\nDROP INDEX CONCURRENTLY users_email_idx;\n",
        ])
        let session = try await SharedCluster.freshDatabase()
        defer { Task { await session.close() } }
        let migrator = try migrator(folder, session)
        #expect(try await migrator.up().map(\.version) == [1, 2])
        #expect(try await session.integer("SELECT count(*) FROM pg_indexes WHERE indexname = 'users_email_idx'") == 1)
        #expect(try await migrator.down(to: 0).map(\.version) == [2, 1])
        #expect(try await !session.tableExists("users"))
        let steps = try await MigrationVerifier.verify(try folder.set())
        #expect(steps.count == 2 && steps.allSatisfy { $0.problem == nil }, "\(steps.map(\.problem))")
    }

    /// Two broken downs in one history: one run names both, and the migrations after them are
    /// still checked (from a database the ups so far built).
    @Test func verifyGoesOnAfterAFailure() async throws {
        let folder = try MigrationFolderFixture([
            "0001_a.up.sql": "CREATE TABLE a (id bigint PRIMARY KEY);\n",
            "0001_a.down.sql": "DROP TABLE a;\n",
            "0002_b.up.sql": "CREATE TABLE b (id bigint PRIMARY KEY);\n",
            "0002_b.down.sql": "SELECT 1;\n",
            "0003_c.up.sql": "ALTER TABLE a ADD COLUMN note text;\n",
            "0003_c.down.sql": "SELECT 1;\n",
            "0004_d.up.sql": "CREATE TABLE d (id bigint PRIMARY KEY, b_id bigint REFERENCES b);\n",
            "0004_d.down.sql": "DROP TABLE d;\n",
        ])
        let steps = try await MigrationVerifier.verify(try folder.set())
        #expect(steps.map(\.migration.version) == [1, 2, 3, 4])
        #expect(steps.map { $0.problem != nil } == [false, true, true, false], "\(steps.map(\.problem))")
    }

    @Test func verifyNamesEveryDownThatDoesNotRevert() async throws {
        let folder = try MigrationFolderFixture([
            "0001_a.up.sql": "CREATE TABLE a (id bigint PRIMARY KEY, email text);\n",
            "0001_a.down.sql": "DROP TABLE a;\n",
            "0002_index.up.sql": "CREATE INDEX a_email_idx ON a (email);\nALTER TABLE a ADD COLUMN name text;\n",
            "0002_index.down.sql": "ALTER TABLE a DROP COLUMN name;\n",
            "0003_b.up.sql": "CREATE TABLE b (id bigint PRIMARY KEY);\n",
            "0003_b.down.sql": "DROP TABLE b;\n",
        ])
        // Every migration is checked in one run: 0003 after 0002's failure too.
        let steps = try await MigrationVerifier.verify(try folder.set())
        #expect(steps.map(\.migration.version) == [1, 2, 3])
        #expect(steps[0].problem == nil && steps[2].problem == nil)
        let problem = try #require(steps[1].problem)
        #expect(problem.contains("a_email_idx"), "\(problem)")

        try folder.write("0002_index.down.sql", "ALTER TABLE a DROP COLUMN name;\nDROP INDEX a_email_idx;\n")
        let fixed = try await MigrationVerifier.verify(try folder.set())
        #expect(fixed.count == 3 && fixed.allSatisfy { $0.problem == nil })
    }

    /// Every statement of the trace fixture takes exactly the locks and rewrites strata lint predicts.
    @Test func traceAgreesWithLintsLockFacts() async throws {
        let set = try MigrationSet.load(directory: Fixtures.path("Tests/StrataPostgresTests/Fixtures/trace-migrations"))
        let traced = try await MigrationTracer.trace(set, since: 2)
        #expect(traced.count > 20)
        for statement in traced {
            #expect(statement.disagreements.isEmpty, "\(statement.location): \(statement.sql): \(statement.disagreements)")
        }
        let volatile = try #require(traced.first { $0.sql.contains("gen_random_uuid") })
        #expect(volatile.rewritten.contains("public.child"))
        #expect(volatile.locks == [MigrationTracer.Lock(relation: "public.child", mode: .accessExclusive)])
        let widening = try #require(traced.first { $0.sql.contains("varchar(40)") })
        #expect(widening.rewritten.isEmpty)
        let foreignKey = try #require(traced.first { $0.sql.contains("child_parent_fk FOREIGN KEY") })
        #expect(foreignKey.locks.contains(MigrationTracer.Lock(relation: "public.parent", mode: .shareRowExclusive)))
    }
}

/// `strata migrate` as a user runs it, including kill -9 in the middle.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil && Repository.hasStrataBinary,
                "needs PostgreSQL server programs and the debug strata binary"))
struct MigrateCLITests {
    let cli = LiveCLITests()

    /// 50 migrations (every fifth outside a transaction, with CREATE INDEX CONCURRENTLY), a
    /// runner killed with SIGKILL at a random moment, 20 times; each rerun ends with the full
    /// schema and a history row for each migration, complete and with the file's checksum.
    @Test func killedAtRandomMomentsTheRerunFinishesConsistently() async throws {
        var files: [String: String] = [:]
        for version in 1...50 {
            let name = String(format: "%04d_step%d", version, version)
            if version % 5 == 0 {
                files["\(name).up.sql"] = """
                    -- strata:no-transaction
                    SET lock_timeout = '5s';
                    INSERT INTO t\(version - 1) SELECT g FROM generate_series(1001, 3000) g;
                    CREATE INDEX CONCURRENTLY IF NOT EXISTS t\(version - 1)_id_idx ON t\(version - 1) (id);
                    CREATE TABLE IF NOT EXISTS t\(version) (id bigint PRIMARY KEY);

                    """
            } else {
                files["\(name).up.sql"] = "CREATE TABLE t\(version) (id bigint PRIMARY KEY);\nINSERT INTO t\(version) SELECT g FROM generate_series(1, 500) g;\n"
            }
            files["\(name).down.sql"] = "DROP TABLE t\(version);\n"
        }
        let folder = try MigrationFolderFixture(files)
        let set = try folder.set()
        var generator = SystemRandomNumberGenerator()
        var interrupted = 0
        for round in 0..<20 {
            let url = try await SharedCluster.freshDatabaseURL()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Repository.strataBinary)
            process.arguments = ["migrate", "up", "--dir", folder.path, "--database", url, "--force"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // A whole run takes about half a second here: most kills land in the middle of it.
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...600, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let check = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
            if try await PostgresMigrationTarget(session: check).history().filter(\.complete).count < 50 { interrupted += 1 }
            await check.close()

            let rerun = try cli.strata(["migrate", "up", "--dir", folder.path, "--database", url, "--force"])
            #expect(rerun.status == 0, "round \(round): \(rerun.stderr)")
            let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
            let history = try await PostgresMigrationTarget(session: session).history()
            #expect(history.count == 50 && history.allSatisfy(\.complete), "round \(round): \(history.filter { !$0.complete })")
            let checksumsMatch = history.map(\.checksum) == set.migrations.map(\.checksum)
            #expect(checksumsMatch, "round \(round): history checksums differ from the files'")
            #expect(try await session.integer("SELECT count(*) FROM pg_class WHERE relname ~ '^t[0-9]+$' AND relkind = 'r'") == 50)
            #expect(try await session.integer("SELECT count(*) FROM pg_index WHERE NOT indisvalid") == 0, "round \(round): an INVALID index is left")
            #expect(try await session.integer("SELECT count(*) FROM pg_class WHERE relname ~ '^t[0-9]+_id_idx$'") == 10)
            // Each no-transaction INSERT ran once: 500 rows from the table's own migration, 2000 from the next.
            #expect(try await session.integer("SELECT count(*) FROM t4") == 2500, "round \(round)")
            await session.close()
        }
        #expect(interrupted >= 5, "only \(interrupted) of 20 kills interrupted a run")
    }

    @Test func newWritesTheNextVersionAndDryRunAppliesNothing() async throws {
        let folder = try MigrationFolderFixture(["0007_first.up.sql": "CREATE TABLE a (id bigint PRIMARY KEY);\n"])
        let created = try cli.strata(["migrate", "new", "Add orders status", "--dir", folder.path])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(folder.path)/0008_add_orders_status.up.sql"))
        #expect(FileManager.default.fileExists(atPath: "\(folder.path)/0008_add_orders_status.down.sql"))

        let url = try await SharedCluster.freshDatabaseURL()
        let dryRun = try cli.strata(["migrate", "up", "--dry-run", "--dir", folder.path, "--database", url])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("-- 0007_first") && dryRun.stdout.contains("CREATE TABLE a"))
        let status = try cli.strata(["migrate", "status", "--dir", folder.path, "--database", url])
        #expect(status.status == 0)
        let line = status.stdout.split(separator: "\n").first { $0.hasPrefix("0007") }
        #expect(line?.contains("first") == true && line?.contains("pending") == true, "\(status.stdout)")
        #expect(status.stdout.contains("0 applied, 2 pending"), "\(status.stdout)")

        let up = try cli.strata(["migrate", "up", "--to", "7", "--dir", folder.path, "--database", url])
        #expect(up.status == 0, "\(up.stderr)")
        let json = try cli.strata(["migrate", "status", "--format", "json", "--dir", folder.path, "--database", url])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let migrations = try #require(document?["migrations"] as? [[String: Any]], "\(json.stdout)")
        #expect(migrations.map { $0["state"] as? String } == ["applied", "pending"])
        #expect((migrations.first?["checksum"] as? String)?.count == 64)
    }

    @Test func upRefusesLintErrorsAndAFailureExitsTwoWithItsLine() async throws {
        let url = try await SharedCluster.freshDatabaseURL()
        let refused = try cli.strata(["migrate", "up", "--dir", "examples/migrations", "--database", url], environment: ["NO_COLOR": "1"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("error[require-concurrent-index]"))
        #expect(refused.stderr.contains("nothing was applied"))

        let folder = try MigrationFolderFixture(["0001_bad.up.sql": "CREATE TABLE a (id bigint PRIMARY KEY);\nALTER TABLE a ADD COLUMN b nosuchtype;\n"])
        let failed = try cli.strata(["migrate", "up", "--dir", folder.path, "--database", url])
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("0001_bad.up.sql:2:") && failed.stderr.contains("nosuchtype"), "\(failed.stderr)")
        #expect(failed.stderr.contains("rolled back"))
    }

    @Test func passwordsNeverAppearInMigrateOutput() throws {
        let folder = try MigrationFolderFixture(["0001_a.up.sql": "SELECT 1;\n"])
        let run = try cli.strata(["migrate", "status", "--dir", folder.path, "--database", "postgres://app:hunter2secret@127.0.0.1:1/app"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("connection refused"), "\(run.stderr)")
        #expect(!(run.stdout + run.stderr).contains("hunter2secret"))
    }
}

/// `withTransaction(retrying:)` on real conflicts.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct TransactionRetryTests {
    /// Eight clients each add 1 to the same counter 5 times in SERIALIZABLE transactions: without
    /// retries most fail with 40001; with them every increment lands exactly once.
    @Test func serializationFailuresAreRetried() async throws {
        let url = try await SharedCluster.freshDatabaseURL()
        let setup = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
        try await setup.execute("CREATE TABLE counter (id int PRIMARY KEY, value int NOT NULL)")
        try await setup.execute("INSERT INTO counter VALUES (1, 0)")
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
                    var failed = 0
                    for _ in 0..<5 {
                        do {
                            try await session.withTransaction(isolation: .serializable, retrying: RetryPolicy(maxAttempts: 50, baseDelay: .milliseconds(2))) { session in
                                let value = try await session.integer("SELECT value FROM counter WHERE id = 1")
                                try await Task.sleep(for: .milliseconds(2))
                                try await session.execute("UPDATE counter SET value = \(value + 1) WHERE id = 1")
                            }
                        } catch { failed += 1 }
                    }
                    await session.close()
                    return failed
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(failures == 0)
        #expect(try await setup.integer("SELECT value FROM counter") == 40)

        // Without retries, a conflict surfaces, classified.
        let first = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
        let second = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
        try await first.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
        _ = try await first.integer("SELECT value FROM counter WHERE id = 1")
        try await second.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
        let error = try await #require(throws: DatabaseError.self) {
            try await first.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
        }
        #expect(error.category == .transient)
        try await first.execute("ROLLBACK")
        let duplicate = try await #require(throws: DatabaseError.self) { try await setup.execute("INSERT INTO counter VALUES (1, 0)") }
        #expect(duplicate.category == .constraintViolation(constraint: "counter_pkey"))
        await first.close(); await second.close(); await setup.close()
    }
}
