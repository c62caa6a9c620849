import Foundation
import Testing
@testable import StrataKit

/// Patterns that made real applications' reviews noisy, each held to its one right answer.
@Suite struct ReviewPrecisionTests {
    func findings(_ sql: String, configuration: Configuration = Configuration()) -> [Finding] {
        Reviewer(configuration: configuration).review(SchemaLoader.load(sources: [("schema.sql", sql)])).findings
    }

    /// One convention across the schema (no timestamps anywhere) is one finding, not one per table.
    @Test func aSchemaWithoutTimestampsIsOneFinding() {
        let sql = (1...12).map { "CREATE TABLE t\($0) (id bigint PRIMARY KEY, v text);" }.joined(separator: "\n")
        let timestamps = findings(sql).filter { $0.rule == "missing-timestamps" }
        #expect(timestamps.count == 1)
        #expect(timestamps.first?.message.hasPrefix("12 of 12 tables have neither created_at nor updated_at") == true)
        #expect(timestamps.first?.location?.line == 1)
    }

    /// A few tables without timestamps among many with them are each reported, with the fix.
    @Test func isolatedOmissionsAreEachReported() {
        let with = (1...12).map { "CREATE TABLE t\($0) (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz);" }
        let sql = (with + ["CREATE TABLE a (id bigint PRIMARY KEY);", "CREATE TABLE b (id bigint PRIMARY KEY);"]).joined(separator: "\n")
        let timestamps = findings(sql).filter { $0.rule == "missing-timestamps" }
        #expect(timestamps.map(\.object) == ["public.a", "public.b"])
        #expect(timestamps.allSatisfy { $0.fix?.contains("CREATE TRIGGER") == true })
    }

    /// Opt-in rules run only when `[rules] enable` names them, and the key is checked like the others.
    @Test func optInRulesRunOnlyWhenEnabled() throws {
        let sql = "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; END $$;"
        #expect(!findings(sql).contains { $0.rule == "business-logic-in-function" })
        let configuration = try Configuration.parse("[rules]\nenable = [\"business-logic-in-function\"]\n", path: "strata.toml", knownRules: RuleCatalog.allIDs)
        #expect(findings(sql, configuration: configuration).contains { $0.rule == "business-logic-in-function" })
        #expect(throws: ConfigurationError.self) {
            try Configuration.parse("[rules]\nenable = [\"no-such-rule\"]\n", path: "strata.toml", knownRules: RuleCatalog.allIDs)
        }
    }
}
