/// The one path every finding takes before it is reported, for review and lint alike:
/// suppressed by `-- strata:ignore` comments, configured by `strata.toml` (disabled rules dropped,
/// severities overridden), then sorted by position with exact repeats dropped.
package struct FindingPipeline: Sendable {
    package var configuration: Configuration

    package init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Runs every step in place (lint's thousands of findings are never copied). The unknown rule
    /// ids that `suppressions` met are reported too.
    package func process(_ findings: inout [Finding], suppressions: [Suppressions]) {
        for fileSuppressions in suppressions { findings += fileSuppressions.unknownRuleFindings }
        findings.removeAll { finding in suppressions.contains { $0.isSuppressed(finding) } }
        configuration.apply(to: &findings)
        Self.sortAndDeduplicate(&findings)
    }

    /// Sorts by file, line, column, then every other field, so the order never depends on hashing
    /// (`DROP TABLE a, b`: two findings of one rule at one place) and equal findings end up side
    /// by side, where the repeats are dropped.
    package static func sortAndDeduplicate(_ findings: inout [Finding]) {
        findings.sort(by: Finding.positionOrder)
        guard findings.count > 1 else { return }
        var kept = 1
        for index in 1..<findings.count where findings[index] != findings[kept - 1] {
            findings.swapAt(index, kept)
            kept += 1
        }
        findings.removeLast(findings.count - kept)
    }
}

extension Finding {
    /// File, line, column, then rule, object, message, fix and severity: a total order.
    package static func positionOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        let left = lhs.location, right = rhs.location
        if left?.file != right?.file { return (left?.file ?? "") < (right?.file ?? "") }
        if left?.line != right?.line { return (left?.line ?? 0) < (right?.line ?? 0) }
        if left?.column != right?.column { return (left?.column ?? 0) < (right?.column ?? 0) }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        if lhs.object != rhs.object { return (lhs.object ?? "") < (rhs.object ?? "") }
        if lhs.message != rhs.message { return lhs.message < rhs.message }
        if lhs.fix != rhs.fix { return (lhs.fix ?? "") < (rhs.fix ?? "") }
        return lhs.severity < rhs.severity
    }
}
