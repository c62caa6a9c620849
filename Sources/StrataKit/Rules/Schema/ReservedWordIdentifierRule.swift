/// Names that are SQL keywords must be quoted everywhere.
struct ReservedWordIdentifierRule: SchemaRule {
    static let description = RuleDescription(
        id: "reserved-word-identifier", severity: .warning,
        summary: "Table or column named with a reserved SQL keyword",
        rationale: "A table called `user` or a column called `order` must be double-quoted in every statement; forgetting the quotes gives confusing syntax errors or, for `user`, silently returns the current role name.",
        triggeringExamples: [
            "↓CREATE TABLE \"user\" (id bigint PRIMARY KEY);",
            "CREATE TABLE items (id bigint PRIMARY KEY, ↓\"order\" integer);",
        ],
        nonTriggeringExamples: ["CREATE TABLE users (id bigint PRIMARY KEY, position integer, name text, type text);"])

    static func isReserved(_ name: String) -> Bool {
        switch Keywords.category(of: name) {
        case .reserved, .typeOrFunctionName: true
        default: false
        }
    }

    func check(_ context: ReviewContext) -> [Finding] {
        var findings: [Finding] = []
        for table in context.tables {
            if Self.isReserved(table.name.name) {
                findings.append(Self.description.finding(
                    "table name \(table.name.name) is a reserved SQL keyword; rename it (e.g. \(table.name.name)s)",
                    at: table.location, object: context.object(table)))
            }
            for column in table.columns where Self.isReserved(column.name) {
                findings.append(Self.description.finding(
                    "column name \(column.name) in \(table.name) is a reserved SQL keyword; rename it",
                    at: column.location, object: context.object(table, column.name)))
            }
        }
        return findings
    }
}
