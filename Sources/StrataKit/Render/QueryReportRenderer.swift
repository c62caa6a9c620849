import Foundation

/// Renders `strata queries`: the summary and the top fingerprints by total time, then the
/// findings as every other command writes them. SARIF and GitHub output carry the findings alone.
package struct QueryReportRenderer: Sendable {
    package var format: FindingFormat
    package var useColor: Bool
    /// Fingerprints listed by total time.
    package var top: Int

    package init(format: FindingFormat, useColor: Bool = false, top: Int = 10) {
        self.format = format
        self.useColor = useColor
        self.top = top
    }

    package func render(_ review: QueryReview) -> String {
        let findings = FindingRenderer(format: format, useColor: useColor, scope: scope(review.profile))
        switch format {
        case .sarif, .github:
            return findings.render(review.report.findings, fileCount: review.report.fileCount)
        case .json:
            return JSONOutput.string(JSONReport(review, top: top))
        case .text:
            var output = summary(review.profile) + "\n"
            let groups = review.profile.byTotalTime.prefix(top)
            if !groups.isEmpty {
                output += "\n" + table(Array(groups), profile: review.profile) + "\n"
            }
            output += findings.render(review.report.findings, fileCount: review.report.fileCount)
            if review.profile.unparsedCount > 0 {
                output += "\n\(QueryContext.count(review.profile.unparsedCount)) statement\(review.profile.unparsedCount == 1 ? "" : "s") PostgreSQL's parser rejects (not judged):\n"
                for statement in review.profile.unparsed {
                    output += "  \(statement.location): \(statement.message)\(statement.text.isEmpty ? "" : ": " + statement.text.prefix(80))\n"
                }
            }
            return output
        }
    }

    func scope(_ profile: QueryProfile) -> String {
        profile.sources.count == 1 ? profile.sources[0] : "\(profile.sources.count) sources"
    }

    func bold(_ text: String) -> String { useColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    /// `3 sources: 1,234 statements in 12 sessions, 40 fingerprints, 2026-12-01 10:00:00 to 10:05:00`.
    func summary(_ profile: QueryProfile) -> String {
        var parts = ["\(QueryContext.count(profile.statements)) statement\(profile.statements == 1 ? "" : "s")"]
        if profile.hasSessions { parts[0] += " in \(QueryContext.count(profile.sessions)) session\(profile.sessions == 1 ? "" : "s")" }
        parts.append("\(QueryContext.count(profile.groups.count)) fingerprint\(profile.groups.count == 1 ? "" : "s")")
        if let first = profile.firstTime, let last = profile.lastTime { parts.append("\(Self.time(first)) to \(Self.time(last))") }
        if profile.unparsedCount > 0 { parts.append("\(QueryContext.count(profile.unparsedCount)) not parsed") }
        return bold(scope(profile)) + ": " + parts.joined(separator: ", ")
    }

    static func time(_ seconds: Double) -> String {
        let date = Date(timeIntervalSince1970: seconds)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    func table(_ groups: [QueryGroup], profile: QueryProfile) -> String {
        let timed = groups.contains { $0.timedCalls > 0 }
        var rows: [[String]] = [timed ? ["total", "calls", "mean", "p50", "p95", "p99", "statement"] : ["calls", "statement"]]
        var examples: [String] = []
        for group in groups {
            let statement = group.normalized.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let text = statement.count > 100 ? String(statement.prefix(99)) + "…" : statement
            let values = [group.meanTime] + [0.5, 0.95, 0.99].map { group.percentile($0) }
            rows.append(timed ? [QueryContext.milliseconds(group.totalTime), QueryContext.count(group.calls)]
                            + values.map { $0.map(QueryContext.milliseconds) ?? "-" } + [text]
                        : [QueryContext.count(group.calls), text])
            var example = group.location.map { "e.g. \($0.file):\($0.line)" } ?? ""
            if let parameters = group.exampleParameters { example += " with \(parameters.prefix(100))" }
            examples.append(example)
        }
        let widths = (0..<rows[0].count - 1).map { column in rows.map { $0[column].count }.max() ?? 0 }
        let heading = timed ? "Top \(groups.count) fingerprints by total time" + (groups.contains(where: \.percentilesAreEstimated) ? " (percentiles estimated)" : "")
                            : "Top \(groups.count) statements by count"
        var lines = [bold(heading + ":")]
        let indent = widths.reduce(2) { $0 + $1 + 2 }
        for (index, row) in rows.enumerated() {
            var line = "  "
            for (column, cell) in row.enumerated() {
                line += column < widths.count ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) + "  " : cell
            }
            lines.append(line)
            if index > 0, !examples[index - 1].isEmpty { lines.append(String(repeating: " ", count: indent) + examples[index - 1]) }
        }
        return lines.joined(separator: "\n")
    }

    struct JSONReport: Encodable {
        struct Summary: Encodable {
            var sources: [String]
            var statements: Int
            var sessions: Int?
            var fingerprints: Int
            var firstTime: String?
            var lastTime: String?
            var unparsed: Int
            var errors: Int
            var warnings: Int
            var info: Int
        }
        struct Fingerprint: Encodable {
            var fingerprint: String
            var query: String
            var calls: Int
            var totalMs: Double
            var meanMs: Double?
            var p50Ms: Double?
            var p95Ms: Double?
            var p99Ms: Double?
            var maxMs: Double?
            var estimated: Bool
            var example: String
            var parameters: String?
            var file: String?
            var line: Int?
        }
        struct Unparsed: Encodable {
            var file: String
            var line: Int
            var message: String
            var text: String
        }
        var summary: Summary
        var top: [Fingerprint]
        var findings: [Finding]
        var unparsed: [Unparsed]

        init(_ review: QueryReview, top: Int) {
            let profile = review.profile
            let findings = review.report.findings
            let counts = FindingRenderer(format: .json).counts(findings)
            summary = Summary(sources: profile.sources, statements: profile.statements, sessions: profile.hasSessions ? profile.sessions : nil,
                              fingerprints: profile.groups.count, firstTime: profile.firstTime.map(QueryReportRenderer.time),
                              lastTime: profile.lastTime.map(QueryReportRenderer.time), unparsed: profile.unparsedCount,
                              errors: counts.errors, warnings: counts.warnings, info: counts.info)
            func rounded(_ value: Double?) -> Double? { value.map { ($0 * 1000).rounded() / 1000 } }
            self.top = profile.byTotalTime.prefix(top).map { group in
                Fingerprint(fingerprint: group.fingerprint, query: group.normalized, calls: group.calls, totalMs: rounded(group.totalTime) ?? 0,
                            meanMs: rounded(group.meanTime), p50Ms: rounded(group.percentile(0.5)), p95Ms: rounded(group.percentile(0.95)),
                            p99Ms: rounded(group.percentile(0.99)), maxMs: rounded(group.maxTime), estimated: group.percentilesAreEstimated,
                            example: group.example, parameters: group.exampleParameters, file: group.location?.file, line: group.location?.line)
            }
            self.findings = findings
            unparsed = profile.unparsed.map { Unparsed(file: $0.location.file, line: $0.location.line, message: $0.message, text: $0.text) }
        }
    }
}
