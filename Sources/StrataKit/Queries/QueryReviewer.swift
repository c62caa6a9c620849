import Foundation

/// Judges the statements an application sends: read from PostgreSQL's logs, from the SQL files
/// it ships, or from pg_stat_statements' totals (read by StrataPostgres), then checked by the
/// query rules.
///
/// ```swift
/// let reviewer = QueryReviewer(configuration: try Configuration.resolve())
/// let profile = try reviewer.readLogs(paths: ["/var/log/postgresql/postgresql-15-main.log"])
/// let review = reviewer.review(profile, schema: nil)
/// for finding in review.report.findings { print(finding.message) }
/// ```
package struct QueryReviewer: Sendable {
    package var configuration: Configuration

    package init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Reads logs (stderr, csvlog, jsonlog; gzip too; `-` for standard input) into one profile.
    /// - Parameters:
    ///   - format: the log format; nil detects it from each file.
    ///   - prefix: the stderr `log_line_prefix`; nil infers it from each file's first lines.
    /// - Throws: ``QueryInputError`` for a file that cannot be read or a log whose prefix cannot
    ///   be told, with its path and line.
    package func readLogs(paths: [String], format: LogFormat? = nil, prefix: String? = nil,
                         filter: QueryLogFilter = QueryLogFilter()) throws(QueryInputError) -> QueryProfile {
        let linePrefix = try prefix.map { (text) throws(QueryInputError) in try LogLinePrefix(text) }
        let collector = QueryCollector(settings: configuration.queries, filter: filter)
        for path in paths {
            var reader = try LogReader(path: path, format: format, prefix: linePrefix)
            try collector.read(&reader)
        }
        return collector.profile
    }

    /// What `paths` hold: SQL files (`.sql`, or folders of them) or logs. A folder without SQL
    /// files stands for the logs in it (`.log`, `.csv`, `.json`, and those gzipped), in name order.
    package static func inputs(_ paths: [String]) -> (sqlFiles: [String], logs: [String]) {
        var sql: [String] = [], logs: [String] = []
        let logSuffixes = [".log", ".csv", ".json", ".log.gz", ".csv.gz", ".json.gz", ".gz"]
        for path in paths {
            guard FileSystem.isDirectory(path) == true else {
                if path.hasSuffix(".sql") { sql.append(path) } else { logs.append(path) }
                continue
            }
            let names = ((try? FileSystem.contentsOfDirectory(path)) ?? []).sorted()
            if names.contains(where: { $0.hasSuffix(".sql") }) {
                sql.append(path)
            } else {
                logs += names.filter { name in logSuffixes.contains { name.hasSuffix($0) } }.map { path.appendingPathComponent($0) }
            }
        }
        return (sql, logs)
    }

    /// Reads a log held in memory (the tests' and a server's entry point).
    package func readLog(named path: String, text: String, format: LogFormat? = nil) throws(QueryInputError) -> QueryProfile {
        let collector = QueryCollector(settings: configuration.queries)
        var reader = try LogReader(path: path, bytes: Array(text.utf8), format: format)
        try collector.read(&reader)
        return collector.profile
    }

    /// The statements of SQL files (an application's queries), each counted once, without
    /// timings: the rules that need durations or sessions stay silent.
    package func readSQLFiles(paths: [String]) throws(InputError) -> QueryProfile {
        var profile = QueryProfile()
        var files: [String] = []
        for path in paths {
            guard FileSystem.isDirectory(path) == true else { files.append(path); continue }
            let enumerator = FileManager.default.enumerator(atPath: path)
            var found: [String] = []
            while let relative = enumerator?.nextObject() as? String {
                if relative.hasSuffix(".sql") { found.append(path.appendingPathComponent(relative)) }
            }
            files += found.sorted()
        }
        for path in files {
            let text = try SchemaLoader.read(path)
            profile.sources.append(path)
            let file = PostgresParser.parse(path: path, text: text)
            for error in file.syntaxErrors {
                profile.unparsedCount += 1
                profile.unparsed.append(UnparsedStatement(location: error.location, message: error.message, text: ""))
            }
            let bytes = Array(text.utf8)
            for statement in file.statements {
                let sql = String(decoding: bytes[statement.range.clamped(to: 0..<bytes.count)], as: UTF8.self)
                guard let group = try? profile.group(for: sql, location: statement.location) else { continue }
                profile.statements += 1
                profile.groups[group.index].calls += 1
            }
        }
        return profile
    }

    /// A profile from statements seen one by one in their sessions' order, such as samples of
    /// pg_stat_activity: `(session, text, start seconds, duration ms, transaction start)`.
    package func profile(observed: [(session: Int, text: String, start: Double, duration: Double?, transactionStart: Double)],
                        source: String) -> QueryProfile {
        let collector = QueryCollector(settings: configuration.queries)
        collector.begin(source: source)
        for statement in observed.sorted(by: { $0.start < $1.start }) {
            // Text with `$1` placeholders hides its parameters: never counted as a repeat.
            let hidesParameters = statement.text.range(of: #"\$[0-9]"#, options: .regularExpression) != nil
            collector.observe(statement: statement.text, session: UInt64(statement.session) | (1 << 63), time: statement.start,
                              duration: statement.duration, transaction: UInt64(bitPattern: Int64(statement.transactionStart * 1_000_000)),
                              valuesUnknown: hidesParameters)
        }
        collector.finishAll()
        return collector.profile
    }

    /// A profile from totals per statement (pg_stat_statements' rows): calls, total and mean
    /// time, standard deviation, maximum.
    package func profile(statistics: [StatementStatistics], source: String) -> QueryProfile {
        var profile = QueryProfile()
        profile.sources = [source]
        for row in statistics {
            // pg_stat_statements keeps its text with the constants already replaced.
            guard let group = try? profile.group(for: row.query, location: nil, normalized: row.query) else {
                profile.unparsedCount += 1
                continue
            }
            profile.statements += row.calls
            profile.groups[group.index].calls += row.calls
            profile.groups[group.index].totalTime += row.totalTime
            guard group.isNew else { continue }
            profile.groups[group.index].timedCalls = row.calls
            profile.groups[group.index].reportedMean = row.meanTime
            profile.groups[group.index].reportedStandardDeviation = row.standardDeviation
            profile.groups[group.index].maxTime = row.maxTime
        }
        return profile
    }

    /// Runs the query rules. `schema` (files or the catalog) gives the real keys and columns;
    /// without it `id` is taken for each table's key.
    package func review(_ profile: QueryProfile, schema: DatabaseSchema?) -> QueryReview {
        review(profile, schema: schema, rules: RuleCatalog.queryRules)
    }

    /// Runs only the rules that read statements in their sessions' order (for samples, whose
    /// totals mean nothing).
    package func reviewSessionOrder(_ profile: QueryProfile, schema: DatabaseSchema?) -> QueryReview {
        review(profile, schema: schema, rules: RuleCatalog.queryRules.filter { $0.readsSessionOrder })
    }

    package func review(_ profile: QueryProfile, schema: DatabaseSchema?, rules: [any QueryRule.Type]) -> QueryReview {
        let context = QueryContext(profile: profile, schema: schema, configuration: configuration)
        var findings: [Finding] = []
        for rule in rules where rule.description.activation.isActive(rule.description.id, in: configuration) {
            findings += rule.init().check(context)
        }
        FindingPipeline(configuration: configuration).process(&findings, suppressions: [])
        return QueryReview(profile: profile, report: FindingReport(findings: findings, fileCount: profile.sources.count))
    }
}

/// Totals for one statement, as pg_stat_statements keeps them. Milliseconds.
package struct StatementStatistics: Sendable, Hashable {
    package var query: String
    package var calls: Int
    package var totalTime: Double
    package var meanTime: Double
    package var standardDeviation: Double
    package var maxTime: Double

    package init(query: String, calls: Int, totalTime: Double, meanTime: Double, standardDeviation: Double, maxTime: Double) {
        self.query = query
        self.calls = calls
        self.totalTime = totalTime
        self.meanTime = meanTime
        self.standardDeviation = standardDeviation
        self.maxTime = maxTime
    }
}

/// What `strata queries` found: the profile (summary and top fingerprints) and the findings.
package struct QueryReview: Sendable {
    package var profile: QueryProfile
    package var report: FindingReport
}
