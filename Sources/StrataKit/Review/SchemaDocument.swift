import Foundation

/// A schema read from SQL files, with whatever went wrong while reading it.
package struct SchemaDocument: Sendable {
    package var schema: DatabaseSchema
    /// `file:line:col: severity[rule] message` lines for syntax errors and unresolved references.
    package var diagnostics: [String]
    package var hasSyntaxErrors: Bool
    /// For a Prisma schema: the migration Prisma Migrate would write for an empty database.
    package var prismaDDL: String?

    package init(schema: DatabaseSchema, diagnostics: [String], hasSyntaxErrors: Bool, prismaDDL: String? = nil) {
        self.schema = schema
        self.diagnostics = diagnostics
        self.hasSyntaxErrors = hasSyntaxErrors
        self.prismaDDL = prismaDDL
    }

    package static func load(paths: [String]) throws -> SchemaDocument {
        let loaded = try SchemaLoader.load(paths: paths)
        var findings = Reviewer.engineFindings(loaded).filter { $0.severity > .info }
        FindingPipeline.sortAndDeduplicate(&findings)
        let diagnostics = FindingRenderer(format: .text).render(findings, fileCount: loaded.files.count)
            .split(separator: "\n").dropLast().map(String.init)
        return SchemaDocument(schema: loaded.schema, diagnostics: findings.isEmpty ? [] : diagnostics,
                              hasSyntaxErrors: loaded.files.contains { !$0.syntaxErrors.isEmpty }, prismaDDL: loaded.prisma?.ddl)
    }

}

extension ReviewResult {
    /// Where the time went, for `--timings` and the benchmarks.
    package var timingReport: String {
        func ms(_ duration: Duration) -> String {
            let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
            return "\(value.fixed(decimals: 1)) ms"
        }
        let slowest = timings.perRule.prefix(5).map { "\($0.id) \(ms($0.duration))" }.joined(separator: ", ")
        return "timings: parse \(ms(timings.parsing)), decode \(ms(timings.decoding)) (CPU time over all cores), interpret \(ms(timings.interpreting)), rules \(ms(timings.rules)); slowest: \(slowest)"
    }
}
