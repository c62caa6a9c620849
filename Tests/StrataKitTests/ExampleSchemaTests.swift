import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit

/// The bundled examples are what `make demo` shows a new user.
@Suite struct ExampleSchemaTests {
    static let root = Repository.root

    @Test func theShopSchemaReviewsClean() throws {
        let result = try Reviewer().review(paths: [Self.root.appendingPathComponent("examples/shop/schema.sql").path])
        #expect(result.findings.isEmpty, "\(result.findings.map { "\($0.location!.line): \($0.rule) \($0.message)" })")
        #expect(result.schema.tables.count == 10)
    }

    @Test func theBrokenShopShowsMostRules() throws {
        let result = try Reviewer().review(paths: [Self.root.appendingPathComponent("examples/shop-broken/schema.sql").path])
        let rules = Set(result.findings.map(\.rule))
        #expect(rules.count >= 25)
        #expect(!rules.contains("syntax-error"))
        #expect((result.report.outcome(failOn: .warning) == .findings))
    }

    @Test func docsPagesMatchTheRulesOwnDescriptions() throws {
        for rule in RuleCatalog.allDescriptions {
            let page = Self.root.appendingPathComponent("docs/rules/\(rule.id).md")
            let onDisk = try String(contentsOf: page, encoding: .utf8)
            #expect(onDisk == RuleList.documentation(for: rule), "docs/rules/\(rule.id).md is stale: run `make docs`")
        }
    }
}
