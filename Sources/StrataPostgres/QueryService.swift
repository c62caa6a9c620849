import Foundation
import StrataKit

/// `strata queries` as a library: the statements an application sends, from the server's logs,
/// the SQL files it ships, or pg_stat_statements (optionally with pg_stat_activity samples),
/// judged by the query rules against the schema's real keys and columns.
///
/// ```swift
/// var request = QueryService.Request(paths: ["postgresql.log"])
/// request.schemaFiles = ["db/schema.sql"]
/// let review = try await QueryService.review(request)
/// print(review.report.findings.count)
/// ```
package enum QueryService {
    /// What to read and how. With no paths, `database` (or `DATABASE_URL`) is read for
    /// pg_stat_statements.
    package struct Request: Sendable {
        /// Log files (`-` for standard input) or SQL files: one kind, not both.
        package var paths: [String]
        /// The live database: its pg_stat_statements when no path is given, and its schema.
        package var database: String?
        /// SQL or `.prisma` files (or a migrations folder) giving the schema instead of a database.
        package var schemaFiles: [String] = []
        package var logFormat: LogFormat?
        /// The stderr log's `log_line_prefix`; inferred from the log when nil.
        package var prefix: String?
        package var filter = QueryLogFilter()
        /// With pg_stat_statements: sample pg_stat_activity this long for the session-order rules.
        package var sample: Duration?
        package var configuration = Configuration()

        package init(paths: [String], database: String? = nil) {
            self.paths = paths
            self.database = database
        }
    }

    /// Reads the inputs the request names and runs the query rules.
    /// - Throws: ``QueryInputError`` for inputs that cannot be read or are of two kinds,
    ///   `InputError` for schema files, `DatabaseError` for the server.
    package static func review(_ request: Request) async throws -> QueryReview {
        let reviewer = QueryReviewer(configuration: request.configuration)
        var schema: DatabaseSchema?
        var review: QueryReview
        if request.paths.isEmpty {
            let snapshot = try await StatementStatisticsReader.snapshot(database: request.database, user: request.filter.user)
            schema = snapshot.schema
            review = reviewer.review(reviewer.profile(statistics: snapshot.statistics, source: "pg_stat_statements of \(snapshot.source)"), schema: schema)
        } else {
            if !request.schemaFiles.isEmpty {
                schema = try SchemaLoader.load(paths: request.schemaFiles).schema
            } else if request.database != nil {
                schema = try await LiveDatabase.read(database: request.database).schema
            }
            let inputs = QueryReviewer.inputs(request.paths)
            if let sql = inputs.sqlFiles.first, let log = inputs.logs.first {
                throw QueryInputError(message: "SQL files and logs are two kinds of input, give one: \(sql) and \(log)", code: .invalidArgument)
            }
            let profile: QueryProfile
            if !inputs.sqlFiles.isEmpty {
                profile = try reviewer.readSQLFiles(paths: inputs.sqlFiles)
            } else if !inputs.logs.isEmpty {
                profile = try reviewer.readLogs(paths: inputs.logs, format: request.logFormat, prefix: request.prefix, filter: request.filter)
            } else {
                throw QueryInputError(message: "no log or SQL file in \(request.paths.joined(separator: ", "))", code: .invalidArgument)
            }
            review = reviewer.review(profile, schema: schema)
        }
        if let duration = request.sample {
            let observed = try await DatabaseConnection.with(DatabaseTarget(request.database)) { session in
                try await ActivitySampler.sample(on: session, for: duration, user: request.filter.user)
            }
            let sampled = reviewer.profile(observed: observed.map { (Int($0.session), $0.text, $0.start, $0.duration, $0.transactionStart) },
                                           source: "pg_stat_activity")
            // Totals judge the statements; the samples add what only their order shows.
            review.report.findings += reviewer.reviewSessionOrder(sampled, schema: schema).report.findings
            review.profile.sources.append("pg_stat_activity (\(sampled.statements) statements sampled in \(seconds(duration))s)")
        }
        return review
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
