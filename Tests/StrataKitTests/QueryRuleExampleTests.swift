import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit

/// The query rules' examples are logs (and a schema in `setup`): triggering examples must produce
/// findings exactly at their `↓` markers, through the whole log reader, non-triggering ones none.
@Suite struct QueryRuleExampleTests {
    static let ids = RuleCatalog.queryRules.map { rule in rule.description.id }

    static func rule(_ id: String) -> any QueryRule.Type {
        RuleCatalog.queryRules.first { rule in rule.description.id == id }!
    }

    static func findings(of rule: any QueryRule.Type, in example: RuleExample) throws -> [Finding] {
        let marked = RuleExampleTests.strip(example.sql)
        let reviewer = QueryReviewer(configuration: example.configuration)
        let profile = try reviewer.readLog(named: "example.log", text: marked.sql)
        #expect(profile.unparsedCount == 0, "example has statements that do not parse: \(profile.unparsed)")
        let schema = example.setup.map { SchemaLoader.load(sources: [("setup.sql", $0)]).schema }
        return reviewer.review(profile, schema: schema, rules: [rule]).report.findings
    }

    @Test(arguments: ids)
    func triggeringExamplesFireAtTheirMarkers(_ id: String) throws {
        let rule = Self.rule(id)
        #expect(!rule.description.triggeringExamples.isEmpty, "\(id) has no triggering example")
        for example in rule.description.triggeringExamples {
            let expected = RuleExampleTests.strip(example.sql).markers.map { "\($0.line):\($0.column)" }
            #expect(!expected.isEmpty, "\(id): triggering example has no ↓ marker")
            let findings = try Self.findings(of: rule, in: example)
            let actual = findings.map { "\($0.location!.line):\($0.location!.column)" }
            #expect(actual.sorted() == expected.sorted(), "\(id): \(findings.map(\.message)) in \(example.sql)",
                    sourceLocation: rule.description.sourceLocation(of: example))
            #expect(findings.allSatisfy { $0.location?.file == "example.log" })
        }
    }

    @Test(arguments: ids)
    func nonTriggeringExamplesStaySilent(_ id: String) throws {
        let rule = Self.rule(id)
        #expect(!rule.description.nonTriggeringExamples.isEmpty, "\(id) has no non-triggering example")
        for example in rule.description.nonTriggeringExamples {
            let findings = try Self.findings(of: rule, in: example)
            #expect(findings.isEmpty, "\(id) fired: \(findings.map(\.message)) on \(example.sql)", sourceLocation: rule.description.sourceLocation(of: example))
        }
    }
}
