import Foundation
import PostgresNIO
import StrataKit
import Synchronization

/// Runs migrations against PostgreSQL, keeping the history in `strata_migrations` (in the schema
/// first on the search path when Strata first connects).
///
/// - A migration and its history row commit together, in one transaction; a failing statement
///   rolls back all of it and is reported at its file, line and column.
/// - A `-- strata:no-transaction` migration runs statement by statement outside a transaction,
///   each statement recorded as it succeeds, so a rerun resumes after the last one that did.
/// - Runners exclude each other with a session advisory lock taken by polling
///   `pg_try_advisory_lock` (never a blocking wait, which would hold a transaction open and make
///   another runner's CREATE INDEX CONCURRENTLY wait for it).
public final class PostgresMigrationTarget: MigrationTarget {
    package let session: DatabaseSession
    /// The history table's schema, found once (a migration's `SET search_path` must not move it).
    private let historySchema = Mutex<String?>(nil)
    /// The history table's name, in the connection's first schema.
    public static let historyTable = "strata_migrations"
    /// The advisory lock's first key: 'STRA' in ASCII; the second is hashtext of the history table's name.
    static let lockClass: Int32 = 0x5354_5241

    /// Migrations on `session`: Strata's own or the application's (`DatabaseSession(borrowing:)`).
    public init(session: DatabaseSession) {
        self.session = session
    }

    /// The connection, password redacted.
    public var description: String { session.settings.description }
    /// Always true.
    public var lintsAsPostgreSQL: Bool { true }

    // MARK: - History table and lock

    /// `"public"."strata_migrations"`
    func historyName() async throws(DatabaseError) -> String {
        if let schema = historySchema.withLock({ $0 }) { return "\(quoteIdentifier(schema)).\(quoteIdentifier(Self.historyTable))" }
        var schema: String?
        try await session.forEachRow("SELECT current_schema()::text") { row in schema = try row.decode(String?.self) }
        guard let schema else {
            throw DatabaseError(kind: .server, settings: session.settings,
                                message: "no schema on the search_path to keep strata_migrations in (set search_path, or create the schema)")
        }
        historySchema.withLock { $0 = schema }
        return "\(quoteIdentifier(schema)).\(quoteIdentifier(Self.historyTable))"
    }

    /// Takes the session-level advisory lock, then creates the history table when missing.
    public func lock(timeout: Duration) async throws {
        let name = try await historyName()
        let lockKey = name
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var pause = Duration.milliseconds(50)
        while true {
            var acquired = false
            try await session.forEachRow("SELECT pg_try_advisory_lock(\(Self.lockClass), hashtext(\(lockKey)))") { row in
                acquired = try row.decode(Bool.self)
            }
            if acquired { break }
            guard clock.now < deadline else {
                var holder = "another session"
                try await session.forEachRow("""
                    SELECT l.pid, coalesce(a.application_name, ''), coalesce(a.client_addr::text, 'local')
                    FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.classid = \(Int64(Self.lockClass))::oid
                      AND l.objid = hashtext(\(lockKey))::oid AND l.granted
                    """) { row in
                    let (pid, application, address) = try row.decode((Int32, String, String).self)
                    holder = "backend \(pid) (\(application.isEmpty ? "?" : application), \(address))"
                }
                throw MigrationError(.migrationLockTimeout, message: "another migration runner holds the migration lock on \(description): \(holder); waited \(timeout.formatted)",
                                     hint: "wait for it to finish, or wait longer for the lock")
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(500))
        }
        try await session.execute("""
            CREATE TABLE IF NOT EXISTS \(name) (
                version bigint PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                execution_ms bigint NOT NULL DEFAULT 0,
                applied_by text NOT NULL DEFAULT current_user,
                statements_done integer,
                complete boolean NOT NULL DEFAULT true
            )
            """)
    }

    /// Releases the advisory lock.
    public func unlock() async {
        guard let lockKey = try? await historyName() else { return }
        try? await session.forEachRow("SELECT pg_advisory_unlock(\(Self.lockClass), hashtext(\(lockKey)))") { _ in }
    }

    /// The history table's rows, oldest first.
    public func history() async throws -> [AppliedMigration] {
        let name = try await historyName()
        var exists = false
        try await session.forEachRow("SELECT to_regclass(\(name)) IS NOT NULL") { row in exists = try row.decode(Bool.self) }
        guard exists else { return [] }
        var rows: [AppliedMigration] = []
        try await session.forEachRow(PostgresQuery(unsafeSQL: """
            SELECT version, name, checksum, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   execution_ms, applied_by, statements_done, complete
            FROM \(name) ORDER BY version
            """)) { row in
            let (version, title, checksum, appliedAt, milliseconds, appliedBy, done, complete)
                = try row.decode((Int64, String, String, String, Int64, String, Int32?, Bool).self)
            rows.append(AppliedMigration(version: UInt64(version), name: title, checksum: checksum, appliedAt: appliedAt,
                                         executionMilliseconds: Int(milliseconds), appliedBy: appliedBy,
                                         statementsDone: done.map(Int.init), complete: complete))
        }
        return rows
    }

    // MARK: - Up and down

    /// Runs the up file and records it, in one transaction unless the file says otherwise.
    public func apply(_ migration: Migration, resumeAt: Int) async throws -> Duration {
        let script = try MigrationScript(path: migration.upPath, text: migration.up)
        let start = ContinuousClock.now
        let name = try await historyName()
        if migration.upRunsOutsideTransaction {
            try await runOutsideTransaction(script, migration: migration, resumeAt: resumeAt, history: name)
        } else {
            try await runChained(script, migration: migration, record: historyRow(migration, table: name))
        }
        if script.changesSettings { try? await session.execute("RESET ALL") }
        return ContinuousClock.now - start
    }

    /// Runs the down file and deletes the history row, in one transaction unless the file says otherwise.
    public func revert(_ migration: Migration) async throws -> Duration {
        guard let path = migration.downPath, let text = migration.down else {
            throw MigrationError(message: "migration \(migration.label) has no down file")
        }
        let script = try MigrationScript(path: path, text: text)
        let start = ContinuousClock.now
        let name = try await historyName()
        var delete = PostgresQuery(unsafeSQL: "DELETE FROM \(name) WHERE version = $1")
        delete.binds.append(Int64(migration.version))
        if migration.downRunsOutsideTransaction {
            for index in script.statements.indices {
                try await runStatement(script, index, ownTransaction: true)
            }
            try await session.forEachRow(delete) { _ in }
        } else {
            try await runChained(script, migration: migration, record: delete)
        }
        if script.changesSettings { try? await session.execute("RESET ALL") }
        return ContinuousClock.now - start
    }

    /// The history row of an applied migration; execution_ms is the server's clock since BEGIN
    /// (now() is the transaction's start).
    func historyRow(_ migration: Migration, table name: String) -> PostgresQuery {
        var insert = PostgresQuery(unsafeSQL: """
            INSERT INTO \(name) (version, name, checksum, execution_ms)
            VALUES ($1, $2, $3, (extract(epoch FROM clock_timestamp() - now()) * 1000)::bigint)
            """)
        insert.binds.append(Int64(migration.version))
        insert.binds.append(migration.name)
        insert.binds.append(migration.checksum)
        return insert
    }

    /// BEGIN, every statement, the history row, COMMIT, chained on the event loop in one wait;
    /// ROLLBACK and the failing statement's location on any error.
    func runChained(_ script: MigrationScript, migration: Migration, record: PostgresQuery) async throws {
        let statements = script.statements.indices.map { PostgresQuery(unsafeSQL: script.text(of: $0).0) }
        guard let (index, error) = await session.executeChained(["BEGIN"] + statements + [record, "COMMIT"]) else { return }
        try? await session.execute("ROLLBACK")
        switch index {
        case 1...statements.count:
            let range = script.text(of: index - 1).1
            var offset = range.lowerBound
            if let position = error.position { offset += PostgresParser.byteOffset(ofCharacter: position, in: script.bytes[range]) }
            var failure = MigrationError(location: script.file.source.location(at: offset), message: error.message, sqlState: error.sqlState)
            if error.sqlState == "25001" {
                failure.hint = "this statement cannot run inside a transaction: put `-- strata:no-transaction` on the first line of \(script.path) (and keep it alone there)"
            }
            throw failure
        case statements.count + 2:
            // A deferred constraint fails at COMMIT: the statement is unknown, the file is not.
            throw MigrationError(location: SourceLocation(file: script.path, line: 1, column: 1),
                                 message: "at COMMIT: \(error.message)", sqlState: error.sqlState)
        default:
            throw MigrationError(location: SourceLocation(file: script.path, line: 1, column: 1),
                                 message: "recording \(migration.label) in the history failed: \(error.message)", sqlState: error.sqlState)
        }
    }

    /// Statement by statement, each with its progress in one transaction when it can run in one
    /// (so a kill between the two cannot happen), bare otherwise (CONCURRENTLY, VACUUM).
    func runOutsideTransaction(_ script: MigrationScript, migration: Migration, resumeAt: Int, history name: String) async throws {
        var start = PostgresQuery(unsafeSQL: """
            INSERT INTO \(name) (version, name, checksum, statements_done, complete) VALUES ($1, $2, $3, 0, false)
            ON CONFLICT (version) DO NOTHING
            """)
        start.binds.append(Int64(migration.version))
        start.binds.append(migration.name)
        start.binds.append(migration.checksum)
        try await session.forEachRow(start) { _ in }
        let began = ContinuousClock.now
        func record(_ done: Int) async throws(DatabaseError) {
            var query = PostgresQuery(unsafeSQL: "UPDATE \(name) SET statements_done = $2 WHERE version = $1")
            query.binds.append(Int64(migration.version))
            query.binds.append(Int32(done))
            try await session.forEachRow(query) { _ in }
        }
        for index in script.statements.indices where index >= resumeAt {
            if index == resumeAt, resumeAt > 0, try await leftoverOfInterruptedIndexBuild(script, index) { try await record(index + 1); continue }
            if script.needsNoTransaction(index) {
                try await runStatement(script, index, ownTransaction: false)
                try await record(index + 1)
                continue
            }
            try await session.execute("BEGIN")
            do {
                try await runStatement(script, index, ownTransaction: false)
                try await record(index + 1)
                try await session.execute("COMMIT")
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        }
        var finish = PostgresQuery(unsafeSQL: """
            UPDATE \(name) SET complete = true, statements_done = NULL, applied_at = now(),
                   execution_ms = execution_ms + $2 WHERE version = $1
            """)
        finish.binds.append(Int64(migration.version))
        finish.binds.append(Int64((ContinuousClock.now - began).inMilliseconds))
        try await session.forEachRow(finish) { _ in }
    }

    /// Resuming at a CREATE INDEX CONCURRENTLY that was interrupted: a valid index of its name on its
    /// table is the interrupted run's work (true: skip the statement); an INVALID one is its
    /// leftover, dropped so the statement can run again.
    func leftoverOfInterruptedIndexBuild(_ script: MigrationScript, _ index: Int) async throws -> Bool {
        guard case .createIndex(let create) = script.statements[index].kind, create.concurrently, let indexName = create.name,
              let found = try await existingIndex(named: indexName, on: create.table) else { return false }
        if found.valid { return true }
        try await session.execute("DROP INDEX CONCURRENTLY IF EXISTS \(found.qualified)")
        return false
    }

    func existingIndex(named indexName: String, on table: ObjectName) async throws(DatabaseError) -> (qualified: String, valid: Bool)? {
        var query = PostgresQuery(unsafeSQL: """
            SELECT format('%I.%I', n.nspname, c.relname), i.indisvalid
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class t ON t.oid = i.indrelid
            WHERE c.relname = $1 AND t.relname = $2 AND ($3::text IS NULL OR n.nspname = $3)
            ORDER BY n.nspname = current_schema() DESC LIMIT 1
            """)
        query.binds.append(indexName)
        query.binds.append(table.name)
        query.binds.append(table.schema)
        var found: (String, Bool)?
        try await session.forEachRow(query) { row in found = try row.decode((String, Bool).self) }
        return found
    }

    /// Runs statement `index` of `script`; a failure becomes a `MigrationError` at its place in the file.
    func runStatement(_ script: MigrationScript, _ index: Int, ownTransaction: Bool) async throws {
        let (text, range) = script.text(of: index)
        do {
            try await ScriptRunner.execute(text, on: session, ownTransaction: ownTransaction)
        } catch {
            var offset = range.lowerBound
            if let position = error.position { offset += PostgresParser.byteOffset(ofCharacter: position, in: script.bytes[range]) }
            var failure = MigrationError(location: script.file.source.location(at: offset), message: error.message, sqlState: error.sqlState)
            if case .createIndex(let create) = script.statements[index].kind, create.concurrently, let indexName = create.name,
               let leftover = try? await existingIndex(named: indexName, on: create.table), !leftover.valid {
                failure.hint = "the failed build left the INVALID index \(leftover.qualified) behind; clean it up with:\n  DROP INDEX CONCURRENTLY IF EXISTS \(leftover.qualified);\n(a rerun of `strata migrate up` also drops it before building again)"
            }
            throw failure
        }
    }
}

/// A migration file parsed for running: its statements (BEGIN/COMMIT around the whole file
/// dropped, since the runner owns the transaction), refused before anything runs when it has a
/// syntax error or transaction control elsewhere.
struct MigrationScript {
    let path: String
    let file: ParsedFile
    let bytes: [UInt8]
    let statements: [ParsedStatement]

    init(path: String, text: String) throws(MigrationError) {
        self.path = path
        file = PostgresParser.parse(path: path, text: text)
        if let error = file.syntaxErrors.first {
            throw MigrationError(location: error.location, message: "syntax error: \(error.message); nothing was run")
        }
        bytes = ScriptRunner.serverBytes(file)
        var statements = file.statements
        if case .transaction(.begin) = statements.first?.kind, case .transaction(.commit) = statements.last?.kind {
            statements = Array(statements.dropFirst().dropLast())
        }
        if let control = statements.first(where: { if case .transaction = $0.kind { true } else { false } }) {
            throw MigrationError(location: control.location,
                                 message: "transaction control inside a migration: Strata runs each migration in its own transaction; nothing was run",
                                 hint: "remove BEGIN/COMMIT, or split the file into migrations")
        }
        if let copy = statements.first(where: { if case .dataChange(let change) = $0.kind { change.verb == .copy } else { false } }),
           String(decoding: bytes[copy.range.clamped(to: 0..<bytes.count)], as: UTF8.self).range(of: "stdin", options: .caseInsensitive) != nil {
            throw MigrationError(location: copy.location, message: "COPY ... FROM STDIN needs psql; load the data with INSERT or COPY FROM a server file")
        }
        self.statements = statements
    }

    func text(of index: Int) -> (String, Range<Int>) {
        let range = statements[index].range.clamped(to: 0..<bytes.count)
        return (String(decoding: bytes[range], as: UTF8.self), range)
    }

    /// SET (lock_timeout, search_path, ROLE...) outlives the migration's transaction: the session is
    /// RESET afterwards, so that no migration inherits another's settings.
    var changesSettings: Bool {
        statements.contains { statement in
            switch statement.kind {
            case .setSearchPath, .setting, .other("VariableSetStmt"): true
            default: false
            }
        }
    }

    /// CONCURRENTLY, VACUUM and the like refuse a transaction block.
    func needsNoTransaction(_ index: Int) -> Bool {
        statements[index].kind.transactionBlockRefusal != nil
    }
}

extension Duration {
    var formatted: String {
        let ms = inMilliseconds
        return ms >= 1000 ? String(format: "%.1f s", Double(ms) / 1000) : "\(ms) ms"
    }
}
