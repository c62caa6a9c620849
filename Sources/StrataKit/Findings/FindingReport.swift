/// What a review or a lint found, ready to render: findings sorted by position, and how many
/// files were read.
public struct FindingReport: Sendable {
    /// The findings, sorted by file and position.
    public var findings: [Finding]
    /// How many files were read.
    public var fileCount: Int

    /// A report of `findings` over `fileCount` files.
    public init(findings: [Finding], fileCount: Int) {
        self.findings = findings
        self.fileCount = fileCount
    }

    /// How a run ended, by the linter convention.
    public enum Outcome: Sendable, Equatable {
        /// No finding at or above the failing severity.
        case clean
        /// At least one finding at or above the failing severity.
        case findings
        /// A file could not be parsed whole: what was judged is incomplete.
        case syntaxErrors
    }

    /// `.syntaxErrors` before `.findings`: an incomplete reading is the bigger problem.
    public func outcome(failOn: Severity) -> Outcome {
        if findings.contains(where: { $0.rule == EngineRules.syntaxError.id }) { return .syntaxErrors }
        return findings.contains { $0.severity >= failOn } ? .findings : .clean
    }
}
