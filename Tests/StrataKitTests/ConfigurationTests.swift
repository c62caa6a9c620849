import Testing
@testable import StrataKit

@Suite struct ConfigurationTests {
    let known = RuleCatalog.allIDs

    @Test func readsEverySetting() throws {
        let configuration = try Configuration.parse("""
        fail-on = "error"
        [rules]
        disable = ["prefer-bigint-key"]
        [rules.severity]
        missing-timestamps = "error"
        [timestamps]
        created = "inserted_at"
        updated = "modified_at"
        [tenancy]
        column = "org_id"
        exclude = ["orgs"]
        """, path: "strata.toml", knownRules: known)
        #expect(configuration.failOn == .error)
        #expect(configuration.disabledRules == ["prefer-bigint-key"])
        #expect(configuration.severityOverrides["missing-timestamps"] == .error)
        #expect(configuration.createdAtColumn == "inserted_at")
        #expect(configuration.updatedAtColumn == "modified_at")
        #expect(configuration.tenantColumn == "org_id")
        #expect(configuration.tenantExcludedTables == ["orgs"])
    }

    @Test func unknownRulesAndBadTOMLAreErrorsWithPositions() {
        #expect(throws: ConfigurationError.self) {
            try Configuration.parse("[rules]\ndisable = [\"no-such-rule\"]", path: "strata.toml", knownRules: known)
        }
        do {
            _ = try Configuration.parse("fail-on = \n", path: "strata.toml", knownRules: known)
            Issue.record("bad TOML accepted")
        } catch {
            #expect(error.line == 1)
            #expect(error.description.hasPrefix("strata.toml:1:"))
        }
    }

    @Test func configurationChangesTheReview() {
        let sql = """
            CREATE TABLE users (id bigint PRIMARY KEY, first_seen timestamptz NOT NULL DEFAULT now(), last_seen timestamptz NOT NULL DEFAULT now(), name text);
            CREATE TABLE groups (id bigint PRIMARY KEY, first_seen timestamptz NOT NULL DEFAULT now(), last_seen timestamptz NOT NULL DEFAULT now(), name text);
            CREATE TABLE notes (id bigint PRIMARY KEY, body text, title text, author text);
            """
        // By default no table keeps created_at and updated_at: notes' lack is advice.
        let defaults = Reviewer().review(sources: [("t.sql", sql)])
        #expect(defaults.findings.first { $0.rule == "missing-timestamps" }?.severity == .info)
        var configuration = Configuration()
        configuration.createdAtColumn = "first_seen"
        configuration.updatedAtColumn = "last_seen"
        configuration.severityOverrides["updated-at-without-trigger"] = .error
        let custom = Reviewer(configuration: configuration).review(sources: [("t.sql", sql)])
        // Named as the schema names them, users and groups keep the convention and notes breaks it.
        let timestamps = custom.findings.filter { $0.rule == "missing-timestamps" }
        #expect(timestamps.map(\.object) == ["public.notes"])
        #expect(timestamps.first?.severity == .warning && timestamps.first?.message.contains("first_seen") == true, "\(timestamps.map(\.message))")
        #expect(custom.findings.first { $0.rule == "updated-at-without-trigger" }?.severity == .error)
        #expect((custom.report.outcome(failOn: .error) == .findings))
    }

    @Test func inlineSuppressionsOnOrAboveAStatement() {
        let sql = """
        -- strata:ignore missing-primary-key, missing-timestamps legacy import table
        CREATE TABLE legacy (x int, y int, z int, w int);
        CREATE TABLE other (x int, y int, z int, w int); -- strata:ignore missing-timestamps
        CREATE TABLE third (
            x int, y int, z int, w int -- strata:ignore missing-primary-key
        );
        -- strata:ignore no-such-rule typo
        CREATE TABLE fourth (id bigint PRIMARY KEY, created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now());
        """
        let result = Reviewer().review(sources: [("t.sql", sql)])
        let byRule = Dictionary(grouping: result.findings, by: \.rule).mapValues { $0.map { $0.location!.line } }
        #expect(byRule["missing-primary-key"] == [3])
        #expect(byRule["missing-timestamps"] == [4])
        #expect(byRule["unknown-suppression"] == [7])
    }

    @Test func fileWideSuppression() {
        let body = "CREATE TABLE a (id bigint PRIMARY KEY, v text, w text, x text);\nCREATE TABLE b (id bigint PRIMARY KEY, v text, w text, x text);"
        #expect(Reviewer().review(sources: [("t.sql", body)]).findings.contains { $0.rule == "missing-timestamps" })
        let sql = "-- strata:ignore-file missing-timestamps\n" + body
        let result = Reviewer().review(sources: [("t.sql", sql)])
        #expect(!result.findings.contains { $0.rule == "missing-timestamps" })
    }
}
