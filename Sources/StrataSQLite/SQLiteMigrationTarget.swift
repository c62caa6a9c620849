import Foundation
import GRDB
import GRDBSQLite
import StrataKit
import Synchronization

/// Runs migrations against a SQLite file, with the same history table as on PostgreSQL
/// (`strata_migrations`).
///
/// - A migration and its history row commit together in one `BEGIN IMMEDIATE` transaction.
/// - Foreign key enforcement is switched off around each migration (SQLite ignores the pragma
///   inside a transaction), so the documented 12-step table rebuild works; before COMMIT,
///   `PRAGMA foreign_key_check` must find no violation, or the migration rolls back.
/// - Runners exclude each other with an exclusive `flock` on `<file>-strata.lock`, polled up to
///   the lock timeout; the system releases it when the process ends, however it ends.
public final class SQLiteMigrationTarget: MigrationTarget {
    /// The SQLite file.
    public let path: String
    let writer: any DatabaseWriter
    private let lockDescriptor = Mutex<Int32>(-1)

    /// Runs migrations through the application's own GRDB writer (a `DatabaseQueue` or
    /// `DatabasePool` on a file), as GRDB's `DatabaseMigrator` does:
    /// ```swift
    /// let pool = try DatabasePool(path: "app.sqlite")
    /// let target = SQLiteMigrationTarget(writer: pool)
    /// try await Migrator(migrations: try MigrationSet.load(directory: "migrations"), target: target).up()
    /// ```
    public init(writer: any DatabaseWriter) {
        self.writer = writer
        self.path = writer.path
    }

    /// Opens (creating when missing) the SQLite file at `path`.
    /// Opens (creating when missing) the SQLite file at `path`, with foreign keys enforced.
    ///
    /// - Throws: ``MigrationError`` when the file cannot be opened.
    public init(path: String) throws {
        self.path = path
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        do {
            writer = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw MigrationError(message: "cannot open the SQLite database \(path): \(Self.message(error))")
        }
    }

    /// `sqlite:path`.
    public var description: String { "sqlite:\(path)" }
    /// Always false: PostgreSQL's lock rules do not apply.
    public var lintsAsPostgreSQL: Bool { false }

    static let createHistory = """
        CREATE TABLE IF NOT EXISTS strata_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            checksum TEXT NOT NULL,
            applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            execution_ms INTEGER NOT NULL DEFAULT 0,
            applied_by TEXT NOT NULL DEFAULT '',
            statements_done INTEGER,
            complete INTEGER NOT NULL DEFAULT 1
        )
        """

    /// Takes the lock file's `flock`, then creates the history table when missing.
    public func lock(timeout: Duration) async throws {
        let lockPath = path + "-strata.lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw MigrationError(message: "cannot open the lock file \(lockPath): \(String(cString: strerror(errno)))") }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var pause = Duration.milliseconds(20)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard clock.now < deadline else {
                close(descriptor)
                throw MigrationError(.migrationLockTimeout, message: "another migration runner holds the migration lock on \(description) (\(lockPath)); waited \(timeout)",
                                     hint: "wait for it to finish, or wait longer for the lock")
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(250))
        }
        lockDescriptor.withLock { $0 = descriptor }
        try write { db in try db.execute(sql: Self.createHistory) }
    }

    /// Releases the lock file.
    public func unlock() async {
        let descriptor = lockDescriptor.withLock { value in defer { value = -1 }; return value }
        if descriptor >= 0 {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }

    /// The history table's rows, oldest first.
    public func history() async throws -> [AppliedMigration] {
        try write { db in
            guard try db.tableExists("strata_migrations") else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT version, name, checksum, applied_at, execution_ms, applied_by, statements_done, complete
                FROM strata_migrations ORDER BY version
                """).map { row in
                AppliedMigration(version: UInt64(row[0] as Int64), name: row[1], checksum: row[2], appliedAt: row[3],
                                 executionMilliseconds: row[4], appliedBy: row[5], statementsDone: row[6], complete: row[7])
            }
        }
    }

    /// Runs the up file and records it in one `BEGIN IMMEDIATE` transaction, foreign keys checked before COMMIT.
    public func apply(_ migration: Migration, resumeAt: Int) async throws -> Duration {
        let start = ContinuousClock.now
        let source = SourceText(path: migration.upPath, text: migration.up)
        let appliedBy = ProcessInfo.processInfo.environment["USER"] ?? ""
        if migration.upRunsOutsideTransaction {
            try write { db in
                try db.execute(sql: "INSERT OR IGNORE INTO strata_migrations (version, name, checksum, applied_by, statements_done, complete) VALUES (?, ?, ?, ?, 0, 0)",
                               arguments: [Int64(migration.version), migration.name, migration.checksum, appliedBy])
                try Self.forEachStatement(migration.up, source: source, in: db, from: resumeAt) { index, statement, location in
                    let inTransaction = !Self.refusesTransaction(statement.sql)
                    if inTransaction { try db.execute(sql: "BEGIN IMMEDIATE") }
                    do {
                        try Self.run(statement, at: location)
                        try db.execute(sql: "UPDATE strata_migrations SET statements_done = ? WHERE version = ?", arguments: [index + 1, Int64(migration.version)])
                        if inTransaction { try db.execute(sql: "COMMIT") }
                    } catch {
                        if inTransaction { try? db.execute(sql: "ROLLBACK") }
                        throw error
                    }
                }
                try db.execute(sql: """
                    UPDATE strata_migrations SET complete = 1, statements_done = NULL, applied_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
                           execution_ms = ? WHERE version = ?
                    """, arguments: [(ContinuousClock.now - start).inMilliseconds, Int64(migration.version)])
            }
        } else {
            try inTransaction(source: source, text: migration.up, label: migration.label) { db in
                try db.execute(sql: "INSERT INTO strata_migrations (version, name, checksum, applied_by, execution_ms) VALUES (?, ?, ?, ?, ?)",
                               arguments: [Int64(migration.version), migration.name, migration.checksum, appliedBy, (ContinuousClock.now - start).inMilliseconds])
            }
        }
        return ContinuousClock.now - start
    }

    /// Runs the down file and deletes the history row in one transaction.
    public func revert(_ migration: Migration) async throws -> Duration {
        guard let path = migration.downPath, let text = migration.down else {
            throw MigrationError(message: "migration \(migration.label) has no down file")
        }
        let start = ContinuousClock.now
        try inTransaction(source: SourceText(path: path, text: text), text: text, label: migration.label) { db in
            try db.execute(sql: "DELETE FROM strata_migrations WHERE version = ?", arguments: [Int64(migration.version)])
        }
        return ContinuousClock.now - start
    }

    /// Foreign keys off, BEGIN IMMEDIATE, the statements, the history change, foreign_key_check,
    /// COMMIT, foreign keys back on; ROLLBACK on any error.
    func inTransaction(source: SourceText, text: String, label: String, record: (Database) throws -> Void) throws {
        try write { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.execute(sql: "BEGIN IMMEDIATE")
            do {
                try Self.forEachStatement(text, source: source, in: db) { _, statement, location in try Self.run(statement, at: location) }
                try record(db)
                let violations = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
                if let first = violations.first {
                    throw MigrationError(
                        location: SourceLocation(file: source.path, line: 1, column: 1),
                        message: "\(violations.count) row\(violations.count == 1 ? "" : "s") break a foreign key after the migration (first: table \(first[0] as String? ?? "?") rowid \(first[1] as Int64? ?? 0) references \(first[2] as String? ?? "?"))")
                }
                try db.execute(sql: "COMMIT")
            } catch {
                try? db.execute(sql: "ROLLBACK")
                throw error
            }
        }
    }

    /// Each statement of `text` with its place in the file. SQLite's own `sqlite3_complete` says
    /// where a statement ends (a `;` inside a string, a comment or a trigger body does not), so a
    /// statement is prepared only when its turn comes, after the ones before it ran.
    static func statements(of text: String, source: SourceText) -> [(sql: String, location: SourceLocation)] {
        var result: [(String, SourceLocation)] = []
        var start = text.startIndex
        var index = text.startIndex
        func add(_ range: Range<String.Index>) {
            let code = codeStart(text, range)
            guard code < range.upperBound else { return }
            let sql = String(text[code..<range.upperBound])
            // A tail of comments only is not a statement.
            if sql.split(separator: "\n").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") || $0.allSatisfy(\.isWhitespace) }) { return }
            result.append((sql, location(of: code, in: text, source: source)))
        }
        while let semicolon = text[index...].firstIndex(of: ";") {
            let end = text.index(after: semicolon)
            if sqlite3_complete(String(text[start..<end])) != 0 {
                add(start..<end)
                start = end
            }
            index = end
        }
        add(start..<text.endIndex)
        return result
    }

    static func forEachStatement(_ text: String, source: SourceText, in db: Database, from first: Int = 0,
                                 _ body: (Int, GRDB.Statement, SourceLocation) throws -> Void) throws {
        for (index, (sql, location)) in statements(of: text, source: source).enumerated() where index >= first {
            let statement: GRDB.Statement
            do {
                statement = try db.makeStatement(sql: sql)
            } catch {
                throw MigrationError(location: location, message: message(error))
            }
            try body(index, statement, location)
        }
    }

    /// The first character that is not a comment or blank in `range` (sqlite3_sql keeps leading comments).
    static func codeStart(_ text: String, _ range: Range<String.Index>) -> String.Index {
        var index = range.lowerBound
        while index < range.upperBound {
            if text[index].isWhitespace { index = text.index(after: index); continue }
            if text[index...].hasPrefix("--") {
                index = text[index..<range.upperBound].firstIndex(of: "\n") ?? range.upperBound
                continue
            }
            break
        }
        return index
    }

    static func location(of index: String.Index, in text: String, source: SourceText) -> SourceLocation {
        source.location(at: text.utf8.distance(from: text.startIndex, to: index))
    }

    static func run(_ statement: GRDB.Statement, at location: SourceLocation) throws {
        do {
            try statement.execute()
        } catch {
            throw MigrationError(location: location, message: message(error))
        }
    }

    static func refusesTransaction(_ sql: String) -> Bool {
        let head = sql.drop { $0.isWhitespace }.prefix(6).uppercased()
        return head.hasPrefix("VACUUM")
    }

    static func message(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        if let error = error as? MigrationError { return error.message }
        return "\(error)"
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction(body)
        } catch let error as MigrationError {
            throw error
        } catch {
            throw MigrationError(message: "\(description): \(Self.message(error))")
        }
    }
}
