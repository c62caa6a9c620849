/// `docs/rules/<id>.md`, generated from the rule's own description so docs and code cannot drift.
package enum RuleDocumentation {
    package static func markdown(for rule: RuleDescription, fixExample: String?) -> String {
        var page = "# \(rule.id)\n\n"
        page += "**Severity:** \(rule.severity.rawValue) · **Category:** \(rule.category.rawValue)\n\n"
        page += "## What it finds\n\n\(rule.summary).\n\n"
        page += "## Why it matters\n\n\(rule.rationale)\n\n"
        if !rule.triggeringExamples.isEmpty {
            page += "## Bad\n\n"
            for example in rule.triggeringExamples {
                page += configurationNote(example.configuration)
                page += exampleBlock(example, category: rule.category)
            }
        }
        if !rule.nonTriggeringExamples.isEmpty {
            page += "## Good\n\n"
            for example in rule.nonTriggeringExamples {
                page += configurationNote(example.configuration)
                page += exampleBlock(example, category: rule.category)
            }
        }
        page += "## How to fix\n\n"
        if let fixExample, !fixExample.isEmpty {
            page += "Strata prints the fix with each finding. For the first bad example above it suggests:\n\n```sql\n\(fixExample)\n```\n\n"
        } else {
            page += fixAdvice(rule)
        }
        page += rule.category == .query ? querySilencing(rule) : """
        ## How to silence

        On or just above the statement, with the reason:

        ```sql
        -- strata:ignore \(rule.id) <why this is fine here>
        ```

        For a whole file: `-- strata:ignore-file \(rule.id)`. Everywhere, in `strata.toml`:

        ```toml
        [rules]
        disable = ["\(rule.id)"]
        ```

        Or change its severity: `[rules.severity]` `\(rule.id) = "info"`.

        """
        return page
    }

    /// An example as SQL: earlier migrations (setup) first, then the migration, then its down file.
    static func exampleBlock(_ example: RuleExample, category: RuleCategory) -> String {
        let strip = { (text: String) in text.replacing(String(RuleExample.marker), with: "") }
        // Query rules judge a log: the schema (when the example has one), then the log's lines.
        if category == .query {
            var block = example.setup.map { "The schema:\n\n```sql\n\($0)\n```\n\nThe log:\n\n" } ?? ""
            block += "```text\n\(strip(example.sql))```\n\n"
            return block
        }
        var sql = ""
        if let setup = example.setup { sql += "-- before (earlier migrations):\n\(setup)\n-- the migration:\n" }
        var body = strip(example.sql)
        if body.count > 400 { body = String(body.prefix(200)).trimmingTrailingWhitespace() + "\n-- ... (over 1000 lines)" }
        sql += body
        if let down = example.down { sql += "\n-- down migration:\n\(strip(down))" }
        if let workload = example.workload { sql += "\n-- then, on the live database (data, queries, failures):\n\(workload)" }
        return "```sql\n\(sql)\n```\n\n"
    }

    static func querySilencing(_ rule: RuleDescription) -> String {
        """
        ## How to silence

        In `strata.toml`, for every run:

        ```toml
        [rules]
        disable = ["\(rule.id)"]
        ```

        Or change its severity: `[rules.severity]` `\(rule.id) = "info"`; its thresholds are in `[queries]`.

        """
    }

    static func configurationNote(_ configuration: Configuration) -> String {
        if !configuration.queries.boundedTables.isEmpty {
            return "With `[queries] bounded-tables = [\(configuration.queries.boundedTables.sorted().map { "\"\($0)\"" }.joined(separator: ", "))]` in strata.toml:\n\n"
        }
        if let tenant = configuration.tenantColumn { return "With `[tenancy] column = \"\(tenant)\"` in strata.toml:\n\n" }
        if !configuration.enabledRules.isEmpty {
            return "With `[rules] enable = [\(configuration.enabledRules.sorted().map { "\"\($0)\"" }.joined(separator: ", "))]` in strata.toml:\n\n"
        }
        return ""
    }

    static func fixAdvice(_ rule: RuleDescription) -> String {
        if let howToFix = rule.howToFix { return howToFix + "\n\n" }
        return rule.category == .live
            ? "Strata prints the fix with each finding, from what the database reports; review it against your workload first. Then follow the Good examples above.\n\n"
            : "Follow the Good examples above.\n\n"
    }
}
