import Foundation
import PostgresNIO
import StrataKit

/// `strata migrate verify`: on a throwaway server, every migration up, down, up again, with the
/// schema read from the catalog after each step (the one round-trip proof, ``RoundTripProof``).
package enum MigrationVerifier {
    /// One migration's round trip on the throwaway server.
    package struct Step: Sendable {
        package var migration: Migration
        package var report: RoundTripReport

        /// Nil when up gave a schema, the down gave back exactly the schema before up, and up
        /// again gave the same schema as the first time; otherwise what went wrong.
        package var problem: String? { report.problem }
    }

    /// Checks every migration in order and reports each that fails (a down that does not revert,
    /// no down, an up that fails the second time): after a failed round trip the check goes on in
    /// a new database built by the ups so far, so one run shows every problem. Only an up that
    /// fails outright ends it (nothing after it can be built).
    package static func verify(_ set: MigrationSet, progress: @Sendable (Step) -> Void = { _ in }) async throws -> [Step] {
        try await ThrowawayServer.with { server in try await verify(set, on: server, progress: progress) }
    }

    /// The same, in new databases of `server`.
    package static func verify(_ set: MigrationSet, on server: ThrowawayServer, progress: @Sendable (Step) -> Void = { _ in }) async throws -> [Step] {
        var steps: [Step] = []
        var start = 0
        while start < set.migrations.count {
            let database = try await server.createDatabase()
            let (checked, resumeAfter) = try await server.session(database) { session in
                try await verify(set, from: start, on: session, progress: progress)
            }
            steps += checked
            guard let resumeAfter else { break }
            start = resumeAfter + 1
        }
        return steps
    }

    /// Replays the ups before `start`, then checks from there; returns the steps and, when a
    /// round trip left the database in another state than its up, where to resume.
    static func verify(_ set: MigrationSet, from start: Int, on session: DatabaseSession,
                       progress: @Sendable (Step) -> Void) async throws -> (steps: [Step], resumeAfter: Int?) {
        let target = PostgresMigrationTarget(session: session)
        try await target.lock(timeout: .seconds(5))
        let result = try await check(set, from: start, target: target, session: session, progress: progress)
        await target.unlock()
        return result
    }

    static func check(_ set: MigrationSet, from start: Int, target: PostgresMigrationTarget, session: DatabaseSession,
                      progress: @Sendable (Step) -> Void) async throws -> (steps: [Step], resumeAfter: Int?) {
        for migration in set.migrations.prefix(start) { _ = try await target.apply(migration, resumeAt: 0) }
        let reader = CatalogReader(session: session)
        var steps: [Step] = []
        for (index, migration) in set.migrations.enumerated().dropFirst(start) {
            let report: RoundTripReport
            if migration.down == nil {
                _ = try await target.apply(migration, resumeAt: 0)
                report = RoundTripReport(checks: [], refusal: "has no down file: it cannot be reverted")
            } else {
                report = try await RoundTripProof.run(target: nil, names: ("what the first up gave", "the schema before up"),
                                                      read: { try await reader.readSchema() },
                                                      up: { _ = try await target.apply(migration, resumeAt: 0) },
                                                      down: { _ = try await target.revert(migration) })
            }
            let step = Step(migration: migration, report: report)
            progress(step)
            steps.append(step)
            // Without a down the up stands: go on here. A failed first up: nothing after it builds.
            if report.passed || report.refusal != nil { continue }
            if report.checks.first?.failure != nil { return (steps, nil) }
            return (steps, index)
        }
        return (steps, nil)
    }
}

/// `strata migrate trace`: on a throwaway cluster, each statement run in a transaction of its own,
/// with the locks its backend holds (pg_locks) and the tables it rewrote (a new relfilenode),
/// held against what `strata lint` predicted.
package enum MigrationTracer {
    /// A table-level lock on a relation, seen in `pg_locks` or predicted by lint.
    package struct Lock: Sendable, Equatable {
        package var relation: String
        package var mode: LockMode
    }

    /// One statement as it ran: the locks it held and the relations it rewrote, against lint's prediction.
    package struct TracedStatement: Sendable {
        package var location: SourceLocation
        package var sql: String
        /// The strongest lock taken on each relation that existed before the migration.
        package var locks: [Lock]
        /// Tables and indexes that existed before and were rewritten (their relfilenode changed).
        package var rewritten: [String]
        package var predicted: [Lock]
        package var predictedRewrites: [String]
        /// Ran outside a transaction (CONCURRENTLY, VACUUM): its locks were not observable.
        package var untraced: Bool
        /// Where observation and prediction disagree: each is a bug in Strata's lock facts.
        package var disagreements: [String]
    }

    /// Applies migrations before `since` as `migrate up` would, then traces every statement of
    /// the rest.
    package static func trace(_ set: MigrationSet, since: UInt64? = nil, progress: @Sendable (TracedStatement) -> Void = { _ in }) async throws -> [TracedStatement] {
        try await DatabaseConnection.with(.ephemeral) { session in try await trace(set, since: since, on: session, progress: progress) }
    }

    static func trace(_ set: MigrationSet, since: UInt64?, on session: DatabaseSession, progress: @Sendable (TracedStatement) -> Void) async throws -> [TracedStatement] {
        let target = PostgresMigrationTarget(session: session)
        try await target.lock(timeout: .seconds(5))
        let predictions = MigrationLinter(since: since).predictedLocks(set.migrations)
        var traced: [TracedStatement] = []
        for migration in set.migrations {
            guard since.map({ migration.version >= $0 }) ?? true else {
                _ = try await target.apply(migration, resumeAt: 0)
                continue
            }
            let script = try MigrationScript(path: migration.upPath, text: migration.up)
            let predicted = Dictionary((predictions[migration.upPath] ?? []).map { ($0.statement.range.lowerBound, $0.locks) },
                                       uniquingKeysWith: { first, _ in first })
            let relationsBefore = try await relations(session)
            for index in script.statements.indices {
                let before = try await relations(session)
                let (sql, _) = script.text(of: index)
                var statement = TracedStatement(location: script.statements[index].location, sql: sql, locks: [], rewritten: [],
                                                predicted: [], predictedRewrites: [], untraced: false, disagreements: [])
                for lock in predicted[script.statements[index].range.lowerBound] ?? [] {
                    statement.predicted.append(Lock(relation: "\(lock.table.schema).\(lock.table.name)", mode: lock.fact.lock))
                    if lock.fact.rewrites { statement.predictedRewrites.append("\(lock.table.schema).\(lock.table.name)") }
                }
                if script.needsNoTransaction(index) {
                    statement.untraced = true
                    try await target.runStatement(script, index, ownTransaction: false)
                } else {
                    try await session.execute("BEGIN")
                    do {
                        try await target.runStatement(script, index, ownTransaction: false)
                        statement.locks = try await heldLocks(session, among: relationsBefore)
                        try await session.execute("COMMIT")
                    } catch {
                        try? await session.execute("ROLLBACK")
                        throw error
                    }
                }
                let after = try await relations(session)
                statement.rewritten = before.compactMap { oid, relation in
                    guard relationsBefore[oid] != nil, let now = after[oid], now.fileNode != relation.fileNode, relation.fileNode != 0 else { return nil }
                    return relation.name
                }.sorted()
                statement.disagreements = disagreements(statement, tables: Set(relationsBefore.values.filter(\.isTable).map(\.name)))
                progress(statement)
                traced.append(statement)
            }
            // The history row, as `up` would write it; the migration's statements already ran.
            try await record(migration, target: target)
        }
        await target.unlock()
        return traced
    }

    struct Relation {
        var name: String
        var fileNode: UInt32
        var isTable: Bool
    }

    /// Every user relation: oid -> name, relfilenode, whether it is a table.
    static func relations(_ session: DatabaseSession) async throws(DatabaseError) -> [UInt32: Relation] {
        var result: [UInt32: Relation] = [:]
        try await session.forEachRow("""
            SELECT c.oid::int8, format('%s.%s', n.nspname, c.relname), c.relfilenode::int8, c.relkind::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
              AND c.relname <> 'strata_migrations' AND c.relkind IN ('r', 'p', 'i', 'I', 'm', 'S')
            """) { row in
            let (oid, name, fileNode, kind) = try row.decode((Int64, String, Int64, String).self)
            result[UInt32(oid)] = Relation(name: name, fileNode: UInt32(fileNode), isTable: kind == "r" || kind == "p")
        }
        return result
    }

    /// The strongest lock this backend holds on each relation of `among`.
    static func heldLocks(_ session: DatabaseSession, among relations: [UInt32: Relation]) async throws(DatabaseError) -> [Lock] {
        var strongest: [String: LockMode] = [:]
        try await session.forEachRow("""
            SELECT relation::int8, mode FROM pg_locks
            WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted AND relation IS NOT NULL
            """) { row in
            let (oid, mode) = try row.decode((Int64, String).self)
            guard let relation = relations[UInt32(oid)], relation.isTable, let lockMode = LockMode(pgLocksMode: mode) else { return }
            strongest[relation.name] = max(strongest[relation.name] ?? lockMode, lockMode)
        }
        return strongest.map { Lock(relation: $0.key, mode: $0.value) }.sorted { $0.relation < $1.relation }
    }

    /// A table lock that blocks writes and was not predicted, a predicted lock of another mode,
    /// or a rewrite one way and not the other.
    static func disagreements(_ statement: TracedStatement, tables: Set<String>) -> [String] {
        guard !statement.untraced else { return [] }
        var result: [String] = []
        var predicted: [String: LockMode] = [:]
        for lock in statement.predicted where tables.contains(lock.relation) { predicted[lock.relation] = max(predicted[lock.relation] ?? lock.mode, lock.mode) }
        let observed = Dictionary(statement.locks.map { ($0.relation, $0.mode) }, uniquingKeysWith: max)
        for (relation, mode) in predicted.sorted(by: { $0.key < $1.key }) where observed[relation] != mode {
            result.append("lint predicts \(mode.rawValue) on \(relation); PostgreSQL took \(observed[relation]?.rawValue ?? "no lock")")
        }
        for (relation, mode) in observed.sorted(by: { $0.key < $1.key }) where predicted[relation] == nil && mode.blocksWrites {
            result.append("PostgreSQL took \(mode.rawValue) on \(relation), which lint did not predict")
        }
        let rewrittenTables = Set(statement.rewritten).intersection(tables)
        for table in rewrittenTables.subtracting(statement.predictedRewrites).sorted() { result.append("PostgreSQL rewrote \(table); lint did not predict a rewrite") }
        for table in Set(statement.predictedRewrites).intersection(tables).subtracting(rewrittenTables).sorted() {
            result.append("lint predicts a rewrite of \(table); PostgreSQL did not rewrite it")
        }
        return result
    }

    static func record(_ migration: Migration, target: PostgresMigrationTarget) async throws {
        try await target.session.forEachRow(target.historyRow(migration, table: try await target.historyName())) { _ in }
    }
}

extension LockMode {
    /// pg_locks spells modes `AccessExclusiveLock`.
    init?(pgLocksMode: String) {
        guard let mode = LockMode.allCases.first(where: { $0.rawValue.replacingOccurrences(of: " ", with: "").lowercased() + "lock" == pgLocksMode.lowercased() })
        else { return nil }
        self = mode
    }
}

extension MigrationVerifier.Step {
    /// `0003_invoice_status: up, down, up: down reverts exactly`, or what failed.
    package var summary: String {
        "\(migration.label): " + (problem.map { "FAILED: \($0)" } ?? "up, down, up: down reverts exactly")
    }

    /// The failure as a linter line at the down file (nil when the step passed).
    package var finding: Finding? {
        guard let problem else { return nil }
        return Finding(rule: "down-does-not-revert", severity: .error, message: "\(migration.label) \(problem)",
                       location: SourceLocation(file: migration.downPath ?? migration.upPath, line: 1, column: 1))
    }
}

extension MigrationTracer.TracedStatement {
    /// The statement's position and first line, the locks and rewrites seen (or predicted, for a
    /// statement outside a transaction), and each disagreement with lint.
    package var report: String {
        let firstLine = sql.split(separator: "\n").first.map(String.init) ?? ""
        let describe = { (locks: [MigrationTracer.Lock]) in locks.map { "\($0.mode.rawValue) on \($0.relation)" }.joined(separator: ", ") }
        var text = "\(location.file):\(location.line):\(location.column): \(firstLine)\n"
        if untraced {
            text += "    runs outside a transaction: locks not observable"
            text += predicted.isEmpty ? "\n" : "; lint predicts " + describe(predicted) + "\n"
        } else {
            text += "    locks: " + (locks.isEmpty ? "none on existing tables" : describe(locks))
            text += rewritten.isEmpty ? "; no rewrite\n" : "; rewrites " + rewritten.joined(separator: ", ") + "\n"
        }
        for disagreement in disagreements { text += "    DISAGREEMENT: \(disagreement)\n" }
        return text
    }
}
