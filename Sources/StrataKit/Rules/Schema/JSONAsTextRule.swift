import Foundation

/// JSON documents belong in `jsonb`, not in text.
struct JSONAsTextRule: SchemaRule {
    static let description = RuleDescription(
        id: "json-as-text", severity: .warning,
        summary: "A text column that holds JSON (named so, or defaulting to '{}' or '[]')",
        rationale: "JSON in text is parsed by every reader, validated by none, cannot be indexed by its keys (GIN) and compares as text. jsonb validates on write, stores the parsed form, and can be queried and indexed by path.",
        triggeringExamples: [
            "CREATE TABLE jobs (id bigint PRIMARY KEY, ↓params_json text);",
            "CREATE TABLE users (id bigint PRIMARY KEY, ↓settings text NOT NULL DEFAULT '{}');",
            "CREATE TABLE posts (id bigint PRIMARY KEY, ↓tags varchar(2000) DEFAULT '[]');",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE jobs (id bigint PRIMARY KEY, params jsonb NOT NULL DEFAULT '{}');",
            // A name alone (params, payload) is not evidence: Zabbix's params hold scripts.
            "CREATE TABLE items (id bigint PRIMARY KEY, params text NOT NULL DEFAULT '', payload text);",
        ])

    /// `'{}'` or `'[]'` when the column defaults to an empty JSON object or array (a cast aside).
    static func jsonDefault(_ column: ColumnInfo) -> String? {
        guard let expression = column.defaultExpression, expression.isConstant else { return nil }
        let literal = expression.text.split(separator: ":").first.map(String.init) ?? expression.text
        return ["'{}'", "'[]'"].contains(literal) ? literal : nil
    }

    /// The evidence, in words, or nil: a `json` name, or an empty JSON object or array as default.
    static func evidence(_ column: ColumnInfo) -> String? {
        guard SchemaFacts.isTextual(column) else { return nil }
        let name = column.name.lowercased()
        if name == "json" || name.hasSuffix("_json") { return "its name says JSON" }
        return jsonDefault(column).map { "its default \($0) is a JSON document" }
    }

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.compactMap { column -> Finding? in
                guard let evidence = Self.evidence(column) else { return nil }
                let name = quoteIdentifierIfNeeded(column.name)
                // The default is text: it is dropped and put back as jsonb around the conversion.
                var steps: [String] = []
                if column.defaultExpression != nil { steps.append("ALTER COLUMN \(name) DROP DEFAULT") }
                steps.append("ALTER COLUMN \(name) TYPE jsonb USING \(name)::jsonb")
                if let literal = Self.jsonDefault(column) { steps.append("ALTER COLUMN \(name) SET DEFAULT \(literal)::jsonb") }
                return Self.description.finding(
                    "\(table.name).\(column.name) holds JSON as \(column.type) (\(evidence)); use jsonb (the conversion fails on any value that is not JSON: find them first)",
                    at: column.location, object: context.object(table, column.name),
                    fix: "ALTER TABLE \(table.name.sql) " + steps.joined(separator: ", ") + ";")
            }
        }
    }
}
