import Foundation
import StrataKit

/// Workloads a server already knows.
package enum WorkloadReader {
    /// The reads pg_stat_statements recorded for this database, weighted by their calls (the 50
    /// that took the most time). The extension must be installed and preloaded.
    package static func pgStatStatements(on session: DatabaseSession, limit: Int = 50) async throws -> Workload {
        try await requirePgStatStatements(on: session)
        var queries: [Workload.Query] = []
        let sql = """
            SELECT query, calls::float8 FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND toplevel
              AND query ~* '^\\s*(select|with)\\s' AND query !~* 'pg_stat_statements|pg_catalog|hypopg'
            ORDER BY total_exec_time DESC LIMIT \(limit)
            """
        try await session.forEachRow(.init(unsafeSQL: sql)) { row in
            let (text, calls) = try row.decode((String, Double).self)
            queries.append(Workload.Query(text: text, weight: calls, origin: "pg_stat_statements #\(queries.count + 1)"))
        }
        return Workload(queries: queries)
    }

    /// Fails with how to install pg_stat_statements unless this database has it.
    static func requirePgStatStatements(on session: DatabaseSession) async throws {
        guard try await session.scalarText("EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements')") == "true" else {
            throw ExplainError(message: "pg_stat_statements is not installed in this database: add it to shared_preload_libraries, restart, then CREATE EXTENSION pg_stat_statements;")
        }
    }
}
