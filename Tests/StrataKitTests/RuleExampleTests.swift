import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit

/// Every rule's own examples are its tests: triggering examples must produce findings exactly
/// at their `↓` markers, non-triggering examples none at all.
@Suite struct RuleExampleTests {
    struct Marked {
        var sql: String
        var markers: [(line: Int, column: Int)]
    }

    static func strip(_ text: String) -> Marked {
        var sql = ""
        var markers: [(Int, Int)] = []
        var line = 1, column = 1
        for character in text {
            if character == RuleExample.marker { markers.append((line, column)); continue }
            sql.append(character)
            if character == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return Marked(sql: sql, markers: markers)
    }

    static func findings(of rule: any SchemaRule.Type, in example: RuleExample) -> [Finding] {
        let marked = strip(example.sql)
        let loaded = SchemaLoader.load(sources: [("example.sql", marked.sql)])
        #expect(loaded.files[0].syntaxErrors.isEmpty, "example does not parse: \(example.sql)", sourceLocation: rule.description.sourceLocation(of: example))
        let result = Reviewer(configuration: example.configuration).review(loaded, rules: [rule])
        return result.findings.filter { $0.rule == rule.description.id }
    }

    /// Rules over files; the live-database rules' examples run on a real server (StrataPostgresTests).
    static let schemaRules: [String] = RuleCatalog.schemaRules.filter { rule in rule.description.category != .live }.map { rule in rule.description.id }

    static func rule(_ id: String) -> any SchemaRule.Type {
        RuleCatalog.schemaRules.first { rule in rule.description.id == id }!
    }

    @Test(arguments: schemaRules)
    func triggeringExamplesFireAtTheirMarkers(_ id: String) {
        let rule = Self.rule(id)
        #expect(!rule.description.triggeringExamples.isEmpty, "\(id) has no triggering example")
        for example in rule.description.triggeringExamples {
            let expected = Self.strip(example.sql).markers.map { "\($0.line):\($0.column)" }.sorted()
            #expect(!expected.isEmpty, "\(id): triggering example has no ↓ marker", sourceLocation: rule.description.sourceLocation(of: example))
            let actual = Self.findings(of: rule, in: example).map { "\($0.location!.line):\($0.location!.column)" }.sorted()
            #expect(actual == expected, "\(id): \(example.sql)", sourceLocation: rule.description.sourceLocation(of: example))
        }
    }

    /// Each triggering example, written three more ways (see `RuleExampleVariant`).
    @Test(arguments: schemaRules)
    func triggeringExamplesHoldUpWrittenOtherWays(_ id: String) {
        let rule = Self.rule(id)
        for example in rule.description.triggeringExamples {
            var suppressed = example
            suppressed.sql = RuleExampleVariant.suppressed(example.sql, rule: id)
            let stillFound = Self.findings(of: rule, in: suppressed)
            #expect(stillFound.isEmpty, "\(id): not silenced by -- strata:ignore: \(suppressed.sql)", sourceLocation: rule.description.sourceLocation(of: example))

            var multibyte = example
            multibyte.sql = RuleExampleVariant.behindMultibyteLine(example.sql)
            let expected = Self.strip(multibyte.sql).markers.map { "\($0.line):\($0.column)" }.sorted()
            let actual = Self.findings(of: rule, in: multibyte).map { "\($0.location!.line):\($0.location!.column)" }.sorted()
            #expect(actual == expected, "\(id): columns behind multibyte characters: \(multibyte.sql)", sourceLocation: rule.description.sourceLocation(of: example))

            var quoted = example
            quoted.sql = RuleExampleVariant.insideDollarQuotes(example.sql)
            let inData = Self.findings(of: rule, in: quoted)
            #expect(inData.isEmpty, "\(id): fired on the text of a dollar-quoted string: \(inData.map(\.message))", sourceLocation: rule.description.sourceLocation(of: example))
        }
    }

    @Test(arguments: schemaRules)
    func nonTriggeringExamplesStaySilent(_ id: String) {
        let rule = Self.rule(id)
        #expect(!rule.description.nonTriggeringExamples.isEmpty, "\(id) has no non-triggering example")
        for example in rule.description.nonTriggeringExamples {
            let findings = Self.findings(of: rule, in: example)
            #expect(findings.isEmpty, "\(id) fired on: \(example.sql) -> \(findings.map(\.message))", sourceLocation: rule.description.sourceLocation(of: example))
        }
    }

    @Test(arguments: RuleCatalog.allDescriptions.map { $0.id })
    func everyRuleHasItsDocumentationPage(_ id: String) {
        let root = Repository.root
        let page = root.appendingPathComponent("docs/rules/\(id).md")
        #expect(FileManager.default.fileExists(atPath: page.path), "missing docs/rules/\(id).md")
    }

    @Test func ruleIdsAreUniqueAndKebabCase() {
        let ids = RuleCatalog.allDescriptions.map { $0.id }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.allSatisfy { $0.isLowercase || $0 == "-" || $0.isNumber }, "\(id)")
        }
    }
}
