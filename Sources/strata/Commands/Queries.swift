import ArgumentParser
import Foundation
import StrataKit
import StrataPostgres

/// `strata queries`: the application's real statements judged, from the server's logs, the SQL
/// files it ships, or pg_stat_statements.
struct Queries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge the queries an application sends: N+1 loops, SELECT *, unbounded reads, slow lookups, writes outside a transaction.",
        discussion: """
            Inputs: PostgreSQL logs (stderr with any log_line_prefix, csvlog, jsonlog; .gz too; - for standard input), \
            SQL files (*.sql: judged as written, without timings), or --database alone for pg_stat_statements. \
            With logs or SQL files, --database (or --schema-file) gives the tables' real keys and columns. \
            Turn on log_min_duration_statement = 0 (and %c or %p in log_line_prefix) for the log rules. \
            Exit 0 when no finding reaches --fail-on (strata.toml fail-on, default warning), 1 when one does, 2 on errors.
            """
    )

    @Argument(help: "Log files (or - for standard input), or SQL files.")
    var paths: [String] = []

    @Option(help: "postgres://...: its pg_stat_statements when no log is given, and its schema's keys and columns.")
    var database: String?

    @Option(name: .customLong("schema-file"), parsing: .singleValue, help: "SQL or .prisma files (or a migrations folder) with the schema, for the tables' keys and columns.")
    var schemaFiles: [String] = []

    @Option(help: "The stderr log's log_line_prefix (default: inferred from the log's lines), e.g. '%m [%p] %q%u@%d '.")
    var prefix: String?

    @Option(name: .customLong("log-format"), help: "stderr, csv or json (default: from the file name, else its first line).")
    var logFormat: LogFormat?

    @Option(help: "Only statements logged at or after this time, YYYY-MM-DD[ HH:MM[:SS]] in the log's time zone.")
    var since: String?

    @Option(help: "Only statements logged at or before this time.")
    var until: String?

    @Option(name: .customLong("database-name"), help: "Only statements of this database (%d in the prefix, or the csv/json field).")
    var databaseName: String?

    @Option(help: "Only statements of this user (or, with pg_stat_statements, this role).")
    var user: String?

    @Option(help: ArgumentHelp("With --database alone: also sample pg_stat_activity for this long (30s, 2m) to see sessions' statements in order.",
                               discussion: "Samples see the statements running at each instant, not all of them: the N+1 and autocommit rules find what they caught."))
    var sample: String?

    @Option(help: "Fingerprints listed by total time (default: strata.toml [queries] top, else 10).")
    var top: Int?

    @Option(help: "Output format: text, json, sarif, github.")
    var format: FindingFormat = .text

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: info, warning, error.")
    var failOn: Severity?

    @OptionGroup var configOption: ConfigOption

    func validate() throws {
        if paths.isEmpty, database == nil, ProcessInfo.processInfo.environment["DATABASE_URL"] == nil {
            throw ValidationError("give log files, SQL files or --database (pg_stat_statements)")
        }
        if let since, QueryLogFilter.time(since) == nil { throw ValidationError("--since takes YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]") }
        if let until, QueryLogFilter.time(until) == nil { throw ValidationError("--until takes YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        if let sample {
            guard Self.duration(sample) != nil else { throw ValidationError("--sample takes a duration: 30s, 2m, 500ms") }
            guard paths.isEmpty else { throw ValidationError("--sample reads a live database: give --database without log or SQL files") }
        }
        if DatabaseTarget(database) == .ephemeral { throw ValidationError("--database ephemeral has no application queries to read; give a real database") }
    }

    static func duration(_ text: String) -> Duration? {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        for (suffix, scale) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where value.hasSuffix(suffix) {
            guard let number = Double(value.dropLast(suffix.count)), number > 0 else { return nil }
            return .milliseconds(Int64(number * scale * 1000))
        }
        return nil
    }

    func run() async throws {
        var configuration = try configOption.loadConfiguration()
        if let failOn { configuration.failOn = failOn }
        if let top { configuration.queries.top = top }
        var request = QueryService.Request(paths: paths, database: database)
        request.schemaFiles = schemaFiles
        request.logFormat = logFormat
        request.prefix = prefix
        request.filter = QueryLogFilter(since: since.flatMap(QueryLogFilter.time), until: until.flatMap(QueryLogFilter.time),
                                        database: databaseName, user: user)
        request.sample = sample.flatMap(Self.duration)
        request.configuration = configuration
        let review = try await QueryService.review(request)
        let renderer = QueryReportRenderer(format: format, useColor: format == .text && Console.useColor, top: configuration.queries.top)
        Console.write(renderer.render(review))
        throw ExitCode(review.report.outcome(failOn: configuration.failOn).exitCode)
    }
}

extension LogFormat: ExpressibleByArgument {}
