import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// Every fix Strata prints runs: each schema rule's triggering examples are loaded into a real
/// server, the printed fixes applied, the catalog read back and reviewed again. The finding must
/// be gone, and no finding of another rule may appear that was not there before.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct FixProofTests {
    static let rules: [String] = RuleCatalog.schemaRules.filter { $0.description.category != .live }.map { $0.description.id }

    static func rule(_ id: String) -> any SchemaRule.Type { RuleCatalog.schemaRules.first { $0.description.id == id }! }

    /// The review of the live database with every file rule, as (rule, object) pairs.
    static func review(_ session: DatabaseSession, configuration: Configuration) async throws -> (all: Set<String>, findings: [Finding]) {
        let schema = try await CatalogReader(session: session).readSchema()
        let loaded = LoadedSchema(files: [], schema: schema, notes: [])
        let rules = RuleCatalog.schemaRules.filter { $0.description.category != .live }
        let findings = Reviewer(configuration: configuration).review(loaded, rules: rules).findings
        return (Set(findings.map { "\($0.rule) \($0.object ?? "")" }), findings)
    }

    @Test(arguments: rules)
    func printedFixesRunAndResolveTheFinding(_ id: String) async throws {
        let rule = Self.rule(id)
        for example in rule.description.triggeringExamples {
            let sql = example.sql.replacing(String(RuleExample.marker), with: "")
            let findings = Reviewer(configuration: example.configuration)
                .review(SchemaLoader.load(sources: [("example.sql", sql)]), rules: [rule]).findings.filter { $0.rule == id }
            let fixes = findings.compactMap(\.fix)
            guard !fixes.isEmpty else { continue }
            let location = rule.description.declaration(of: example)
            let sourceLocation = Testing.SourceLocation(fileID: "StrataKit/x.swift", filePath: location.file, line: location.line, column: 1)
            let session = try await SharedCluster.freshDatabase()
            _ = try await ScriptRunner.run(PostgresParser.parse(path: "example.sql", text: sql), on: session)
            let before = try await Self.review(session, configuration: example.configuration)
            do {
                for fix in fixes {
                    _ = try await ScriptRunner.run(PostgresParser.parse(path: "fix.sql", text: fix), on: session)
                }
            } catch {
                Issue.record("\(id): the fix does not run: \(error)\n\(fixes.joined(separator: "\n"))", sourceLocation: sourceLocation)
                await session.close()
                continue
            }
            let after = try await Self.review(session, configuration: example.configuration)
            await session.close()
            let remaining = after.findings.filter { $0.rule == id }
            #expect(remaining.isEmpty, "\(id): still reported after its fix:\n\(fixes.joined(separator: "\n"))\n-> \(remaining.map(\.message))",
                    sourceLocation: sourceLocation)
            let introduced = after.all.subtracting(before.all)
            #expect(introduced.isEmpty, "\(id): its fix brings new findings: \(introduced.sorted())\n\(fixes.joined(separator: "\n"))",
                    sourceLocation: sourceLocation)
        }
    }
}
