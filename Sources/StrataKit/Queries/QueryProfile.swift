/// The statements of one fingerprint: how often they ran, how long they took, an example.
package struct QueryGroup: Sendable {
    /// libpg_query's fingerprint: equal for statements that differ only in constants and layout.
    package var fingerprint: String
    /// The first example with its constants replaced by `$1`, `$2`, ...
    package var normalized: String
    /// The first statement seen, as sent.
    package var example: String
    /// The bind parameters of that example (`$1 = '42'`), when the log has them.
    package var exampleParameters: String?
    /// Where the example is: a log line, a SQL file's statement; nil for pg_stat_statements.
    package var location: SourceLocation?
    package var calls: Int = 0
    /// Calls that came with a duration.
    package var timedCalls: Int = 0
    /// Milliseconds, over the timed calls.
    package var totalTime: Double = 0
    package var maxTime: Double?
    package var minTime: Double?
    /// Where the slowest call is.
    package var slowestLocation: SourceLocation?
    package var histogram = LatencyHistogram()
    package var analysis: QueryAnalysis
    /// pg_stat_statements gives a mean and a standard deviation, not a distribution: percentiles
    /// are then estimated (and said to be).
    package var reportedMean: Double?
    package var reportedStandardDeviation: Double?

    package init(fingerprint: String, normalized: String, example: String, location: SourceLocation?, analysis: QueryAnalysis) {
        self.fingerprint = fingerprint
        self.normalized = normalized
        self.example = example
        self.location = location
        self.analysis = analysis
    }

    package var meanTime: Double? { reportedMean ?? (timedCalls > 0 ? totalTime / Double(timedCalls) : nil) }

    /// Whether percentiles are estimates from a mean and a standard deviation.
    package var percentilesAreEstimated: Bool { histogram.count == 0 && reportedMean != nil }

    /// The duration (ms) at `quantile`: from the log's durations, else estimated from
    /// pg_stat_statements' mean and standard deviation as a normal distribution capped at the maximum.
    package func percentile(_ quantile: Double) -> Double? {
        // A bucket's middle, kept within what was measured.
        if let value = histogram.percentile(quantile) { return min(max(value, minTime ?? value), maxTime ?? value) }
        guard let mean = reportedMean else { return nil }
        let deviation = reportedStandardDeviation ?? 0
        let z = quantile >= 0.99 ? 2.326 : quantile >= 0.95 ? 1.645 : quantile >= 0.9 ? 1.282 : 0
        let estimate = max(0, mean + z * deviation)
        return maxTime.map { min($0, estimate) } ?? estimate
    }

    package mutating func add(duration: Double, at location: SourceLocation?) {
        timedCalls += 1
        totalTime += duration
        histogram.add(duration)
        if duration < (minTime ?? .infinity) { minTime = duration }
        if duration > (maxTime ?? -1) {
            maxTime = duration
            slowestLocation = location
        }
    }
}

/// A statement that looked like one but that PostgreSQL's parser rejects (a truncated line, a
/// statement from another dialect).
package struct UnparsedStatement: Sendable, Hashable {
    package var location: SourceLocation
    package var message: String
    package var text: String
}

/// N+1: a run of one SELECT, with different parameters, right after another statement.
package struct NPlusOnePattern: Sendable {
    package var group: Int
    package var parent: Int
    package var runs = 0
    package var executions = 0
    package var longestRun = 0
    /// Milliseconds spent in the runs.
    package var time = 0.0
    package var location: SourceLocation
}

/// Two writes in autocommit, one right after the other in one session.
package struct AutocommitWritePattern: Sendable {
    package var first: Int
    package var second: Int
    package var occurrences = 0
    package var location: SourceLocation
}

/// One SELECT with the same constants, many times in one session.
package struct RepeatedQueryPattern: Sendable {
    package var group: Int
    package var sessions = 0
    package var executions = 0
    package var mostInOneSession = 0
    package var location: SourceLocation
}

/// What the application's statements add up to: the fingerprints and the patterns across
/// statements, from logs, SQL files or pg_stat_statements.
package struct QueryProfile: Sendable {
    package var groups: [QueryGroup] = []
    package var statements = 0
    package var sessions = 0
    /// The log's time span, in its own zone (seconds since 1970).
    package var firstTime: Double?
    package var lastTime: Double?
    package var unparsed: [UnparsedStatement] = []
    package var unparsedCount = 0
    /// What was read: log files, SQL files, `pg_stat_statements`.
    package var sources: [String] = []
    /// Whether executions were seen in order with their sessions (a log), rather than as totals.
    package var hasSessions = false
    package var nPlusOne: [NPlusOnePattern] = []
    package var autocommitWrites: [AutocommitWritePattern] = []
    package var repeated: [RepeatedQueryPattern] = []
    /// Each fingerprint's position in `groups`.
    private var groupIndex: [String: Int] = [:]

    package init() {}

    /// The group of `sql`'s fingerprint, made from `sql` when it is the first of it: its example,
    /// its text with the constants replaced (unless `normalized` is given), libpg_query's analysis.
    /// - Throws: ``ParseError`` when PostgreSQL's parser rejects `sql`.
    package mutating func group(for sql: String, location: SourceLocation?, normalized: String? = nil) throws(ParseError) -> (index: Int, isNew: Bool) {
        let fingerprint = try PostgresParser.fingerprint(sql)
        if let index = groupIndex[fingerprint] { return (index, false) }
        groups.append(QueryGroup(fingerprint: fingerprint, normalized: normalized ?? (try? PostgresParser.normalize(sql)) ?? sql, example: sql,
                                 location: location, analysis: QueryAnalysis.of(sql) ?? QueryAnalysis(kind: .other)))
        groupIndex[fingerprint] = groups.count - 1
        return (groups.count - 1, true)
    }

    /// Fingerprints by total time, the most first.
    package var byTotalTime: [QueryGroup] {
        groups.sorted { ($0.totalTime, $0.calls, $0.normalized) > ($1.totalTime, $1.calls, $1.normalized) }
    }
}
