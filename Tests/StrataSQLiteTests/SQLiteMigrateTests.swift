import Foundation
import GRDB
import StrataKit
import Testing
import StrataTestSupport
@testable import StrataSQLite

/// A temporary folder with a migrations folder and a database file in it.
final class SQLiteFixture {
    let folder: String
    var migrations: String { folder + "/migrations" }
    var database: String { folder + "/app.db" }

    init(_ files: [String: String]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-sqlite-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder + "/migrations", withIntermediateDirectories: true)
        for (name, text) in files { try write(name, text) }
    }

    func write(_ name: String, _ text: String) throws { try text.write(toFile: "\(migrations)/\(name)", atomically: true, encoding: .utf8) }

    func migrator() throws -> Migrator {
        Migrator(migrations: try MigrationSet.load(directory: migrations), target: try SQLiteMigrationTarget(path: database))
    }

    func count(_ sql: String) throws -> Int {
        try DatabaseQueue(path: database).read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
}

/// `strata migrate` on real SQLite files.
struct SQLiteMigrateTests {
    /// A server migrates at start-up through its own GRDB writer (a pool in WAL mode here), and goes
    /// on using it.
    @Test func aServerMigratesThroughItsOwnWriter() async throws {
        let fixture = try SQLiteFixture(Self.library)
        let pool = try DatabasePool(path: fixture.database)
        let migrator = Migrator(migrations: try MigrationSet.load(directory: fixture.migrations), target: SQLiteMigrationTarget(writer: pool))
        let applied = try await migrator.up()
        #expect(applied.count == 2)
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM books") } == 1)
        #expect(try await migrator.up().isEmpty)
    }

    static let library = [
        "0001_authors.up.sql": "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nCREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id), title TEXT);\nINSERT INTO authors VALUES (1, 'Le Guin');\nINSERT INTO books VALUES (1, 1, NULL);\n",
        "0001_authors.down.sql": "DROP TABLE books;\nDROP TABLE authors;\n",
        // SQLite's documented table rebuild: books is dropped while a foreign key points into authors.
        "0002_rebuild_books.up.sql": """
            CREATE TABLE books_new (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id), title TEXT NOT NULL DEFAULT '');
            INSERT INTO books_new SELECT id, author_id, coalesce(title, '') FROM books;
            DROP TABLE books;
            ALTER TABLE books_new RENAME TO books;

            """,
        "0002_rebuild_books.down.sql": """
            CREATE TABLE books_old (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id), title TEXT);
            INSERT INTO books_old SELECT id, author_id, title FROM books;
            DROP TABLE books;
            ALTER TABLE books_old RENAME TO books;

            """,
    ]

    @Test func upDownAndStatusKeepHistoryExact() async throws {
        let fixture = try SQLiteFixture(Self.library)
        let migrator = try fixture.migrator()
        #expect(try await migrator.up().map(\.version) == [1, 2])
        #expect(try fixture.count("SELECT count(*) FROM strata_migrations WHERE complete = 1") == 2)
        #expect(try fixture.count("SELECT \"notnull\" FROM pragma_table_info('books') WHERE name = 'title'") == 1)
        #expect(try await migrator.status().allSatisfy { $0.kind == .applied })
        let history = try await migrator.target.history()
        #expect(history.map(\.checksum) == migrator.migrations.migrations.map(\.checksum))
        try await migrator.redo()
        #expect(try await migrator.status().map(\.kind) == [.applied, .applied])
        #expect(try await migrator.down().map(\.version) == [2])
        #expect(try fixture.count("SELECT \"notnull\" FROM pragma_table_info('books') WHERE name = 'title'") == 0)
        #expect(try await migrator.down(to: 0).map(\.version) == [1])
        #expect(try fixture.count("SELECT count(*) FROM sqlite_master WHERE name IN ('authors', 'books')") == 0)
    }

    /// examples/sqlite (the demo's): up, down to nothing, up again; the rebuild keeps the data.
    @Test func theExampleFolderAppliesAndReverts() async throws {
        let fixture = try SQLiteFixture([:])
        let folder = Repository.root
            .appendingPathComponent("examples/sqlite/migrations").path
        let migrator = Migrator(migrations: try MigrationSet.load(directory: folder), target: try SQLiteMigrationTarget(path: fixture.database))
        try await migrator.up(to: 1)
        try await DatabaseQueue(path: fixture.database).write { db in
            try db.execute(sql: "INSERT INTO authors (id, email) VALUES (1, 'a@example.com'); INSERT INTO notes (author_id, body) VALUES (1, NULL)")
        }
        #expect(try await migrator.up().map(\.version) == [2])
        #expect(try fixture.count("SELECT count(*) FROM notes WHERE body = ''") == 1)
        #expect(try await migrator.down(to: 0).count == 2)
        #expect(try fixture.count("SELECT count(*) FROM sqlite_master WHERE name IN ('notes', 'authors')") == 0)
    }

    @Test func aForeignKeyViolationRollsTheMigrationBack() async throws {
        var files = Self.library
        files["0003_orphan.up.sql"] = "CREATE TABLE reviews (id INTEGER PRIMARY KEY);\nINSERT INTO books VALUES (2, 99, 'orphan');\n"
        let fixture = try SQLiteFixture(files)
        let migrator = try fixture.migrator()
        let failure = try await #require(throws: MigrationError.self) { try await migrator.up() }
        #expect(failure.message.contains("foreign key"), "\(failure)")
        #expect(failure.outcome?.contains("rolled back") == true)
        #expect(try fixture.count("SELECT count(*) FROM sqlite_master WHERE name = 'reviews'") == 0)
        #expect(try fixture.count("SELECT count(*) FROM books") == 1)
        #expect(try fixture.count("SELECT count(*) FROM strata_migrations") == 2)
        // Foreign keys are enforced again afterwards.
        let enforced = try await DatabaseQueue(path: fixture.database).read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(enforced == 1)
    }

    @Test func aFailingStatementIsNamedByLineAndNothingOfItsMigrationStays() async throws {
        let fixture = try SQLiteFixture([
            "0001_a.up.sql": "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
            "0002_b.up.sql": "-- two tables\nCREATE TABLE b (id INTEGER PRIMARY KEY);\n\nCREATE TABLE c (id INTEGER PRIMARY KEY,, x);\n",
            "0003_d.up.sql": "CREATE TABLE d (id INTEGER PRIMARY KEY);\nINSERT INTO a VALUES (1);\nINSERT INTO a VALUES (1);\n",
        ])
        let migrator = try fixture.migrator()
        let syntax = try await #require(throws: MigrationError.self) { try await migrator.up() }
        #expect(syntax.location?.line == 4 && syntax.location?.file.hasSuffix("0002_b.up.sql") == true, "\(syntax)")
        #expect(try fixture.count("SELECT count(*) FROM sqlite_master WHERE name = 'b'") == 0)

        try fixture.write("0002_b.up.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);\n")
        let constraint = try await #require(throws: MigrationError.self) { try await fixture.migrator().up() }
        #expect(constraint.location?.line == 3 && constraint.message.contains("UNIQUE"), "\(constraint)")
        #expect(try fixture.count("SELECT count(*) FROM sqlite_master WHERE name = 'd'") == 0)
        #expect(try fixture.count("SELECT count(*) FROM strata_migrations") == 2)
    }

    @Test func editedFilesAndOutOfOrderVersionsAreRefused() async throws {
        let fixture = try SQLiteFixture(["0001_a.up.sql": "CREATE TABLE a (id INTEGER PRIMARY KEY);\n", "0003_c.up.sql": "CREATE TABLE c (id INTEGER PRIMARY KEY);\n"])
        try await fixture.migrator().up()
        try fixture.write("0002_b.up.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);\n")
        await #expect(throws: MigrationError.self) { try await fixture.migrator().up() }
        try fixture.write("0001_a.up.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);\n")
        let edited = try await #require(throws: MigrationError.self) { try await fixture.migrator().up() }
        #expect(edited.message.contains("changed"))
        #expect(try await fixture.migrator().status().map(\.kind) == [.edited, .outOfOrder, .applied])
    }

    @Test func concurrentRunnersApplyEachMigrationOnce() async throws {
        var files = ["0001_log.up.sql": "CREATE TABLE applied_log (version INTEGER NOT NULL);\nINSERT INTO applied_log VALUES (1);\n"]
        for version in 2...20 {
            files[String(format: "%04d_t%d.up.sql", version, version)] = "CREATE TABLE t\(version) (id INTEGER PRIMARY KEY);\nINSERT INTO applied_log VALUES (\(version));\n"
        }
        let fixture = try SQLiteFixture(files)
        let set = try MigrationSet.load(directory: fixture.migrations)
        let database = fixture.database
        let applied = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 {
                group.addTask { try await Migrator(migrations: set, target: try SQLiteMigrationTarget(path: database)).up().count }
            }
            return try await group.reduce(0, +)
        }
        #expect(applied == 20)
        #expect(try fixture.count("SELECT count(*) FROM applied_log") == 20)
        #expect(try fixture.count("SELECT count(DISTINCT version) FROM applied_log") == 20)
    }

    @Test func noTransactionMigrationsResume() async throws {
        let fixture = try SQLiteFixture([
            "0001_a.up.sql": "-- strata:no-transaction\nCREATE TABLE a (id INTEGER PRIMARY KEY);\nINSERT INTO a VALUES (1);\nINSERT INTO missing VALUES (1);\nINSERT INTO a VALUES (2);\n",
        ])
        let failure = try await #require(throws: MigrationError.self) { try await fixture.migrator().up() }
        #expect(failure.location?.line == 4)
        #expect(try await fixture.migrator().status().first?.kind == .partial)
        #expect(try fixture.count("SELECT statements_done FROM strata_migrations") == 2)
        try await DatabaseQueue(path: fixture.database).write { db in try db.execute(sql: "CREATE TABLE missing (id INTEGER)") }
        #expect(try await fixture.migrator().up().count == 1)
        #expect(try fixture.count("SELECT count(*) FROM a") == 2)
        #expect(try await fixture.migrator().status().first?.kind == .applied)
    }
}

/// kill -9 of `strata migrate up` on a SQLite file, 20 times, then a rerun.

@Suite(Prerequisite.needs(Repository.hasStrataBinary, "needs the debug strata binary"))
struct SQLiteKillTests {
    static let binary = Repository.strataBinary

    func strata(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    @Test func killedAtRandomMomentsTheRerunFinishesConsistently() async throws {
        var files: [String: String] = [:]
        for version in 1...50 {
            let name = String(format: "%04d_step%d", version, version)
            files["\(name).up.sql"] = version % 5 == 0
                ? "-- strata:no-transaction\nCREATE TABLE t\(version) (id INTEGER PRIMARY KEY);\nINSERT INTO t\(version) SELECT value FROM generate_series(1, 2000);\nCREATE INDEX t\(version)_id_idx ON t\(version) (id);\n"
                : "CREATE TABLE t\(version) (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES t\(max(1, version - 1)) (id));\nWITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 500) INSERT INTO t\(version) (id) SELECT v FROM n;\n"
        }
        // generate_series is an extension that may be missing: a recursive CTE everywhere.
        for (name, text) in files {
            files[name] = text.replacingOccurrences(of: "SELECT value FROM generate_series(1, 2000)",
                                                    with: "SELECT v FROM (WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 2000) SELECT v FROM n)")
        }
        let fixture = try SQLiteFixture(files)
        let set = try MigrationSet.load(directory: fixture.migrations)
        var generator = SystemRandomNumberGenerator()
        var interrupted = 0
        for round in 0..<20 {
            try? FileManager.default.removeItem(atPath: fixture.database)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = ["migrate", "up", "--dir", fixture.migrations, "--database", "sqlite:\(fixture.database)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(Int.random(in: 5...250, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if (try? fixture.count("SELECT count(*) FROM strata_migrations WHERE complete = 1")) ?? 0 < 50 { interrupted += 1 }

            let rerun = try strata(["migrate", "up", "--dir", fixture.migrations, "--database", "sqlite:\(fixture.database)"])
            #expect(rerun.status == 0, "round \(round): \(rerun.stderr)")
            let history = try await SQLiteMigrationTarget(path: fixture.database).history()
            #expect(history.count == 50 && history.allSatisfy(\.complete), "round \(round)")
            let checksumsMatch = history.map(\.checksum) == set.migrations.map(\.checksum)
            #expect(checksumsMatch, "round \(round)")
            #expect(try fixture.count("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name GLOB 't[0-9]*'") == 50)
            #expect(try fixture.count("SELECT count(*) FROM t5") == 2000, "round \(round)")
            #expect(try fixture.count("SELECT count(*) FROM t6") == 500, "round \(round)")
            #expect(try fixture.count("SELECT count(*) FROM pragma_foreign_key_check") == 0)
        }
        #expect(interrupted >= 5, "only \(interrupted) of 20 kills interrupted a run")
    }
}
