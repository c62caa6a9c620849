import FoundationEssentials
import Dispatch
import Synchronization

/// The outcome of `strata review`: findings, sorted by position, and the model they judged.
public struct ReviewResult: Sendable {
    public var findings: [Finding]
    public var schema: DatabaseSchema
    public var fileCount: Int
    package var timings: ReviewTimings

    /// Whether any finding reaches the failing severity (exit code 1).
    public func hasFailures(failOn: Severity) -> Bool { findings.contains { $0.severity >= failOn } }
}

package struct ReviewTimings: Sendable {
    package var parsing: Duration = .zero
    package var decoding: Duration = .zero
    package var interpreting: Duration = .zero
    package var rules: Duration = .zero
    /// Time per rule, slowest first.
    package var perRule: [(id: String, duration: Duration)] = []
}

/// Runs the schema review: load files, replay DDL, run every enabled rule, apply severity
/// overrides and suppressions.
public struct Reviewer: Sendable {
    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public func review(paths: [String]) throws -> ReviewResult {
        try review(SchemaLoader.load(paths: paths))
    }

    package func review(sources: [(path: String, text: String)]) -> ReviewResult {
        review(SchemaLoader.load(sources: sources))
    }

    /// Reviews a model read from a live database; `statistics` switch on the live-only rules.
    public func review(schema: DatabaseSchema, statistics: DatabaseStatistics?) -> ReviewResult {
        review(LoadedSchema(files: [], schema: schema, notes: []), statistics: statistics)
    }

    package func review(_ loaded: LoadedSchema, statistics: DatabaseStatistics? = nil,
                        rules: [any SchemaRule.Type] = RuleCatalog.schemaRules) -> ReviewResult {
        var findings = Self.engineFindings(loaded)
        let clock = ContinuousClock()
        let start = clock.now
        let context = ReviewContext(schema: loaded.schema, configuration: configuration, statistics: statistics)
        var perRule: [(id: String, duration: Duration)] = [("(context)", clock.now - start)]
        // Rules are independent: run them on every core, then merge in catalog order.
        let enabled = rules.filter { isEnabled($0.description) }
        let outcomes = Mutex<[Int: (findings: [Finding], duration: Duration)]>([:])
        DispatchQueue.concurrentPerform(iterations: enabled.count) { index in
            let ruleStart = ContinuousClock.now
            let found = enabled[index].init().check(context)
            let duration = ContinuousClock.now - ruleStart
            outcomes.withLock { $0[index] = (found, duration) }
        }
        let collected = outcomes.withLock { $0 }
        for index in enabled.indices {
            guard let outcome = collected[index] else { continue }
            findings += outcome.findings
            perRule.append((enabled[index].description.id, outcome.duration))
        }
        let rulesDuration = clock.now - start
        let suppressions = Suppressions(files: loaded.files, knownRules: RuleCatalog.allIDs)
        findings += suppressions.unknownRuleFindings
        findings = configuration.apply(to: findings.filter { !suppressions.isSuppressed($0) })
        return ReviewResult(
            findings: Self.sorted(findings), schema: loaded.schema, fileCount: loaded.files.count,
            timings: ReviewTimings(parsing: loaded.timings.parsing, decoding: loaded.timings.decoding,
                                   interpreting: loaded.interpretDuration, rules: rulesDuration,
                                   perRule: perRule.sorted { $0.duration > $1.duration }))
    }

    func isEnabled(_ description: RuleDescription) -> Bool {
        if configuration.disabledRules.contains(description.id) { return false }
        if description.id.hasPrefix("tenant-") { return configuration.tenantColumn != nil }
        return true
    }

    /// Syntax errors, skipped meta-commands and unresolved references.
    package static func engineFindings(_ loaded: LoadedSchema) -> [Finding] {
        engineFindings(files: loaded.files, notes: loaded.notes)
    }

    package static func engineFindings(files: [ParsedFile], notes: [InterpreterNote]) -> [Finding] {
        var findings: [Finding] = []
        for file in files {
            for error in file.syntaxErrors {
                findings.append(EngineRules.syntaxError.finding(error.message, at: error.location))
            }
            for command in file.metaCommands {
                findings.append(EngineRules.psqlMetaCommand.finding(
                    "psql meta-command `\(command.text)` skipped: it never reaches the server", at: file.source.location(at: command.offset)))
            }
        }
        for note in notes {
            findings.append(EngineRules.unresolvedReference.finding(note.message, at: note.location))
        }
        return findings
    }

    package static func sorted(_ findings: [Finding]) -> [Finding] {
        var sorted = findings
        sortAndDeduplicate(&sorted, deduplicate: false)
        return sorted
    }

    /// Sorts by file, line, column, then every other field, so the order never depends on hashing
    /// (`DROP TABLE a, b`: two findings of one rule at one place) and equal findings end up side
    /// by side, where `deduplicate` drops the repeats; in place, for lint's thousands of findings.
    package static func sortAndDeduplicate(_ findings: inout [Finding], deduplicate: Bool = true) {
        findings.sort { lhs, rhs in
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
        guard deduplicate, findings.count > 1 else { return }
        // `SourceLocation`'s == ignores positions (the model compares without them): compare them here.
        func same(_ lhs: Finding, _ rhs: Finding) -> Bool {
            lhs == rhs && lhs.location?.file == rhs.location?.file && lhs.location?.line == rhs.location?.line
                && lhs.location?.column == rhs.location?.column
        }
        var kept = 1
        for index in 1..<findings.count where !same(findings[index], findings[kept - 1]) {
            findings.swapAt(index, kept)
            kept += 1
        }
        findings.removeLast(findings.count - kept)
    }
}
