import Foundation
import PostgresNIO
import StrataKit

/// `strata queries --database URL --sample 30s`: what pg_stat_activity shows of each session's
/// statements, sampled for a while, in each session's order. Sampling sees the statements running
/// or just finished at each instant, not all of them: durations are exact for those it sees, and
/// the N+1 and autocommit rules find loops only as far as the samples caught them (a log with
/// `log_min_duration_statement = 0` sees everything).
package enum ActivitySampler {
    /// Samples every `interval` for `duration` and returns the executions seen, in order.
    package static func sample(on session: DatabaseSession, for duration: Duration, every interval: Duration = .milliseconds(10),
                              user: String? = nil) async throws -> [ObservedStatement] {
        var bindings = PostgresBindings()
        if let user { bindings.append(user) }
        let sql = """
            SELECT pid, query, extract(epoch FROM query_start)::float8,
                   CASE WHEN state <> 'active' THEN extract(epoch FROM state_change - query_start)::float8 * 1000 END,
                   coalesce(extract(epoch FROM xact_start)::float8, 0)
            FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
              AND query_start IS NOT NULL AND query <> '' \(user == nil ? "" : "AND usename = $1")
            """
        var sightings = Sightings()
        let clock = ContinuousClock()
        let end = clock.now + duration
        while clock.now < end {
            try await session.forEachRow(PostgresQuery(unsafeSQL: sql, binds: bindings)) { row in
                let (pid, query, start, elapsed, transactionStart) = try row.decode((Int32, String, Double, Double?, Double).self)
                sightings.add(ObservedStatement(session: pid, text: query, start: start, duration: elapsed, transactionStart: transactionStart))
            }
            try await Task.sleep(for: interval)
        }
        return sightings.statements
    }
}

/// The samples' rows joined into executions.
struct Sightings {
    /// How far apart, in seconds, the starts of one statement's messages can be: a statement
    /// repeated in one explicit transaction later than this is counted again even when no sample
    /// caught the first one finished.
    static let sameStatementWindow = 0.05

    /// A statement is its backend's and its start: seen again at a later sample, the same one.
    struct Execution: Hashable { var pid: Int32; var start: Double }
    private(set) var statements: [ObservedStatement] = []
    private var indexByExecution: [Execution: Int] = [:]
    private var lastByBackend: [Int32: Int] = [:]

    /// One row of pg_stat_activity: `duration` is set when the backend had finished it.
    mutating func add(_ seen: ObservedStatement) {
        let execution = Execution(pid: seen.session, start: seen.start)
        if let index = indexByExecution[execution] {
            // Seen running before: now finished, its duration is known.
            if statements[index].duration == nil, let elapsed = seen.duration { statements[index].duration = elapsed }
            return
        }
        // The extended protocol's parse, bind and execute messages each restart `query_start`,
        // all in the implicit transaction that ends at Sync: the same text in the same
        // transaction, following a sighting never seen finished, is that statement's next
        // message, not a new execution.
        if let index = lastByBackend[seen.session], statements[index].duration == nil, statements[index].text == seen.text,
           statements[index].transactionStart == seen.transactionStart, seen.start > statements[index].start,
           seen.start - statements[index].start < Self.sameStatementWindow {
            indexByExecution[execution] = index
            statements[index].duration = seen.duration
            return
        }
        indexByExecution[execution] = statements.count
        lastByBackend[seen.session] = statements.count
        statements.append(seen)
    }
}

/// One execution seen in pg_stat_activity.
package struct ObservedStatement: Sendable, Hashable {
    package var session: Int32
    package var text: String
    /// Seconds since 1970.
    package var start: Double
    /// Milliseconds, when the sample caught it finished.
    package var duration: Double?
    /// When its transaction began: equal for statements in one transaction block.
    package var transactionStart: Double
}
