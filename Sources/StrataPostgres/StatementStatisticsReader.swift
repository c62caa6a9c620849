import Foundation
import PostgresNIO
import StrataKit

/// pg_stat_statements' totals, for `strata queries --database`.
package enum StatementStatisticsReader {
    /// The statements recorded for the connected database (and `user`, when given), the ones that
    /// took the most time first. The extension must be preloaded and created.
    package static func read(on session: DatabaseSession, user: String? = nil, limit: Int = 5000) async throws -> [StatementStatistics] {
        try await WorkloadReader.requirePgStatStatements(on: session)
        var bindings = PostgresBindings()
        if let user { bindings.append(user) }
        let userFilter = user == nil ? "" : "AND userid = (SELECT oid FROM pg_roles WHERE rolname = $1)"
        let sql = """
            SELECT query, calls, total_exec_time, mean_exec_time, stddev_exec_time, max_exec_time FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND toplevel AND calls > 0 \(userFilter)
              AND query !~* 'pg_stat_statements'
            ORDER BY total_exec_time DESC LIMIT \(limit)
            """
        var rows: [StatementStatistics] = []
        try await session.forEachRow(PostgresQuery(unsafeSQL: sql, binds: bindings)) { row in
            let (query, calls, total, mean, deviation, maximum) = try row.decode((String, Int64, Double, Double, Double, Double).self)
            rows.append(StatementStatistics(query: query, calls: Int(calls), totalTime: total, meanTime: mean,
                                            standardDeviation: deviation, maxTime: maximum))
        }
        return rows
    }
}

extension StatementStatisticsReader {
    /// pg_stat_statements' rows and the schema (for the tables' keys and columns) of `database`,
    /// with its redacted URL for messages.
    package static func snapshot(database: String?, user: String? = nil,
                                environment: [String: String] = ProcessInfo.processInfo.environment) async throws
        -> (statistics: [StatementStatistics], schema: DatabaseSchema, source: String) {
        try await DatabaseConnection.with(DatabaseTarget(database), environment: environment) { session in
            let statistics = try await read(on: session, user: user)
            let snapshot = try await LiveDatabase.read(session, schemas: [], statistics: false, source: session.settings.description)
            return (statistics, snapshot.schema, snapshot.source)
        }
    }
}
