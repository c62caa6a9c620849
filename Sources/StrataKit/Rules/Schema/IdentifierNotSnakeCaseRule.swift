/// Names are lower snake_case, so nobody has to quote them.
struct IdentifierNotSnakeCaseRule: SchemaRule {
    static let description = RuleDescription(
        id: "identifier-not-snake-case", severity: .warning,
        summary: "Identifier is not lower snake_case",
        rationale: "PostgreSQL folds unquoted names to lower case, so `\"UserId\"` must be quoted forever, in every query, by every tool. Mixed-case and spaced names are a permanent tax.",
        triggeringExamples: [
            "↓CREATE TABLE \"UserAccounts\" (id bigint PRIMARY KEY);",
            "CREATE TABLE users (id bigint PRIMARY KEY, ↓\"firstName\" text);",
        ],
        nonTriggeringExamples: ["CREATE TABLE user_accounts (id bigint PRIMARY KEY, first_name text, line2 text);"])

    static func isSnakeCase(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    func check(_ context: ReviewContext) -> [Finding] {
        var findings: [Finding] = []
        func report(_ kind: String, _ name: String, _ location: SourceLocation?, _ object: String) {
            findings.append(Self.description.finding("\(kind) name \(quoteIdentifier(name)) is not lower snake_case", at: location, object: object))
        }
        for table in context.tables {
            if !Self.isSnakeCase(table.name.name) { report("table", table.name.name, table.location, context.object(table)) }
            for column in table.columns where !Self.isSnakeCase(column.name) {
                report("column", column.name, column.location, context.object(table, column.name))
            }
        }
        for index in context.schema.indexes.values.sorted(by: { $0.name < $1.name }) where !Self.isSnakeCase(index.name.name) {
            report("index", index.name.name, index.location, "\(index.name.schema).\(index.name.name)")
        }
        for view in context.schema.views.values.sorted(by: { $0.name < $1.name }) where !Self.isSnakeCase(view.name.name) {
            report("view", view.name.name, view.location, "\(view.name.schema).\(view.name.name)")
        }
        return findings
    }
}
