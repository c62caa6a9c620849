import Foundation
import Dispatch
import Synchronization

/// The outcome of `strata review`: findings, sorted by position, and the model they judged.
public struct ReviewResult: Sendable {
    /// The findings, sorted by position, and how many files were read.
    public var report: FindingReport
    /// The model the rules judged.
    package var schema: DatabaseSchema
    package var timings: ReviewTimings

    /// The report's findings.
    public var findings: [Finding] { report.findings }
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
    /// Which rules run and at which severity (`strata.toml`).
    public var configuration: Configuration

    /// A reviewer with `configuration` (every default rule when not given).
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Reviews SQL files, a migrations folder or `.prisma` files.
    ///
    /// ```swift
    /// let result = try Reviewer(configuration: try Configuration.resolve()).review(paths: ["db/schema.sql"])
    /// for finding in result.findings where finding.severity == .error { print(finding.message) }
    /// ```
    /// - Throws: ``InputError`` when a file cannot be read; a syntax error is a finding, not an error.
    public func review(paths: [String]) throws -> ReviewResult {
        try review(SchemaLoader.load(paths: paths))
    }

    /// Reviews SQL held in memory; each `path` names its text in the findings' positions.
    ///
    /// ```swift
    /// let result = Reviewer().review(sources: [("schema.sql", "CREATE TABLE t (id int);")])
    /// ```
    public func review(sources: [(path: String, text: String)]) -> ReviewResult {
        review(SchemaLoader.load(sources: sources))
    }

    /// Reviews a model read from a live database; `statistics` switch on the live-only rules.
    package func review(schema: DatabaseSchema, statistics: DatabaseStatistics?) -> ReviewResult {
        review(LoadedSchema(files: [], schema: schema, notes: []), statistics: statistics)
    }

    /// A fix that changes a column's type on a table that views read would fail: it is withheld,
    /// and the message says what to do (``SchemaFacts/blockedByViews(_:table:views:)``). Each
    /// view's definition is scanned once, and only when some fix changes a type.
    static func withholdingTypeChangesUnderViews(_ findings: [Finding], context: ReviewContext) -> [Finding] {
        guard !context.schema.views.isEmpty, findings.contains(where: { $0.fix?.contains(" TYPE ") == true }) else { return findings }
        let readers = context.schema.views.values.map { view in (name: view.name.description, reads: PostgresParser.mentionedNames(in: view.definition)) }
        return findings.map { finding in
            guard finding.fix?.contains(" TYPE ") == true, let object = finding.object else { return finding }
            let parts = object.split(separator: ".", maxSplits: 2).map(String.init)
            guard parts.count >= 2, let table = context.schema.tables[QualifiedName(schema: parts[0], name: parts[1])] else { return finding }
            let views = readers.filter { $0.reads.contains(table.name.name) }.map(\.name).sorted()
            return SchemaFacts.blockedByViews(finding, table: table, views: views)
        }
    }

    /// Tables the files INSERT into or COPY into, resolved as an unqualified name resolves (`public`).
    static func seededTables(_ loaded: LoadedSchema) -> Set<QualifiedName> {
        var seeded: Set<QualifiedName> = []
        for file in loaded.files {
            for statement in file.statements {
                guard case .dataChange(let change) = statement.kind, change.verb == .insert || change.verb == .copy else { continue }
                let name = QualifiedName(schema: change.table.schema ?? "public", name: change.table.name)
                if loaded.schema.tables[name] != nil {
                    seeded.insert(name)
                } else if let table = loaded.schema.sortedTables.first(where: { $0.name.name == change.table.name }) {
                    seeded.insert(table.name)
                }
            }
        }
        return seeded
    }

    package func review(_ loaded: LoadedSchema, statistics: DatabaseStatistics? = nil,
                        rules: [any SchemaRule.Type] = RuleCatalog.schemaRules) -> ReviewResult {
        var findings = Self.engineFindings(loaded)
        let clock = ContinuousClock()
        let start = clock.now
        let context = ReviewContext(schema: loaded.schema, configuration: configuration, statistics: statistics,
                                    seededTables: Self.seededTables(loaded))
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
        findings = Self.withholdingTypeChangesUnderViews(findings, context: context)
        let rulesDuration = clock.now - start
        if let prisma = loaded.prisma { PrismaFindings.translate(&findings, prisma: prisma, schema: loaded.schema) }
        var suppressions = Suppressions(files: loaded.files, knownRules: RuleCatalog.allIDs)
        for source in loaded.prisma?.sources ?? [] {
            suppressions.collectPrisma(path: source.path, text: source.text, knownRules: RuleCatalog.allIDs)
        }
        FindingPipeline(configuration: configuration).process(&findings, suppressions: [suppressions])
        return ReviewResult(
            report: FindingReport(findings: findings, fileCount: loaded.files.count), schema: loaded.schema,
            timings: ReviewTimings(parsing: loaded.timings.parsing, decoding: loaded.timings.decoding,
                                   interpreting: loaded.interpretDuration, rules: rulesDuration,
                                   perRule: perRule.sorted { $0.duration > $1.duration }))
    }

    func isEnabled(_ description: RuleDescription) -> Bool {
        if configuration.disabledRules.contains(description.id) { return false }
        return description.activation.isActive(description.id, in: configuration)
    }

    /// Syntax errors, skipped meta-commands and unresolved references.
    package static func engineFindings(_ loaded: LoadedSchema) -> [Finding] {
        engineFindings(files: loaded.files, notes: loaded.notes)
            + loaded.unreadBlocks.map { EngineRules.doBlockNotUnderstood.finding($0.message, at: $0.location) }
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
}
