import Foundation
import Testing
@testable import StrataKit

/// Migration rules' examples are their tests: the example is the migration being linted, `setup`
/// is what earlier migrations created, `down` its down file; `↓` marks where findings land.
@Suite struct MigrationRuleExampleTests {
    static let upPath = "migrations/0002_change.up.sql"
    static let downPath = "migrations/0002_change.down.sql"

    static func findings(of rule: any MigrationRule.Type, in example: RuleExample) -> (found: [String], expected: [String]) {
        let up = RuleExampleTests.strip(example.sql)
        let down = example.down.map(RuleExampleTests.strip)
        var expected = up.markers.map { "\(upPath):\($0.line):\($0.column)" }
        expected += down?.markers.map { "\(downPath):\($0.line):\($0.column)" } ?? []
        let file = MigrationFile(version: 2, upPath: upPath, downPath: down == nil ? nil : downPath, inFolder: true)
        let result = MigrationLinter().lint([(file, up.sql, down?.sql)], setup: example.setup)
        #expect(!result.findings.contains { $0.rule == "syntax-error" }, "example does not parse: \(example.sql)", sourceLocation: rule.description.sourceLocation(of: example))
        let found = result.findings.filter { $0.rule == rule.description.id }.map { "\($0.location!.file):\($0.location!.line):\($0.location!.column)" }
        return (found.sorted(), expected.sorted())
    }

    static let ids: [String] = RuleCatalog.migrationRules.map { rule in rule.description.id }
    static func rule(_ id: String) -> any MigrationRule.Type { RuleCatalog.migrationRules.first { rule in rule.description.id == id }! }

    @Test(arguments: ids)
    func triggeringExamplesFireAtTheirMarkers(_ id: String) {
        let rule = Self.rule(id)
        #expect(!rule.description.triggeringExamples.isEmpty)
        for example in rule.description.triggeringExamples {
            let (found, expected) = Self.findings(of: rule, in: example)
            #expect(!expected.isEmpty, "\(id): no ↓ marker")
            #expect(found == expected, "\(id): \(example.sql)", sourceLocation: rule.description.sourceLocation(of: example))
        }
    }

    /// Each triggering example, written three more ways (see `RuleExampleVariant`); in dollar
    /// quotes it must find exactly what an empty migration with the same down finds.
    @Test(arguments: ids)
    func triggeringExamplesHoldUpWrittenOtherWays(_ id: String) {
        let rule = Self.rule(id)
        for example in rule.description.triggeringExamples {
            var suppressed = example
            suppressed.sql = RuleExampleVariant.suppressed(example.sql, rule: id)
            suppressed.down = example.down.map { RuleExampleVariant.suppressed($0, rule: id) }
            #expect(Self.findings(of: rule, in: suppressed).found.isEmpty, "\(id): not silenced by -- strata:ignore: \(suppressed.sql)", sourceLocation: rule.description.sourceLocation(of: example))

            var multibyte = example
            multibyte.sql = RuleExampleVariant.behindMultibyteLine(example.sql)
            let (found, expected) = Self.findings(of: rule, in: multibyte)
            #expect(found == expected, "\(id): columns behind multibyte characters: \(multibyte.sql)", sourceLocation: rule.description.sourceLocation(of: example))

            // A file's length is its length, whatever it holds: only this rule judges the text as text.
            guard id != "migration-too-large" else { continue }
            var quoted = example
            quoted.sql = RuleExampleVariant.insideDollarQuotes(example.sql)
            var empty = example
            empty.sql = RuleExampleVariant.insideDollarQuotes("")
            #expect(Self.findings(of: rule, in: quoted).found == Self.findings(of: rule, in: empty).found,
                    "\(id): judged the text of a dollar-quoted string as SQL", sourceLocation: rule.description.sourceLocation(of: example))
        }
    }

    @Test(arguments: ids)
    func nonTriggeringExamplesStaySilent(_ id: String) {
        let rule = Self.rule(id)
        #expect(!rule.description.nonTriggeringExamples.isEmpty)
        for example in rule.description.nonTriggeringExamples {
            let (found, _) = Self.findings(of: rule, in: example)
            #expect(found.isEmpty, "\(id) fired on: \(example.sql)", sourceLocation: rule.description.sourceLocation(of: example))
        }
    }
}
