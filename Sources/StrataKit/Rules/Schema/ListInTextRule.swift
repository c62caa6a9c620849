/// A text column that holds a list of ids or values: a child table in disguise (1NF).
struct ListInTextRule: SchemaRule {
    static let description = RuleDescription(
        id: "list-in-text", severity: .warning,
        summary: "A text column named as a list of ids or values (`*_ids`, `*_list`)",
        rationale: "A comma-separated list in one column cannot carry a foreign key, cannot be indexed per value, needs string matching (`LIKE '%,42,%'`) to query, and lets duplicates and stale ids in. One row per value in a child table (or, for plain values, an array) keeps each value checkable.",
        howToFix: "Create a child table with one row per value and a foreign key to each side, copy the values over (split with string_to_table), then drop the column.",
        triggeringExamples: [
            "CREATE TABLE posts (id bigint PRIMARY KEY, ↓tag_ids text);",
            "CREATE TABLE campaigns (id bigint PRIMARY KEY, ↓recipient_list varchar(4000) NOT NULL DEFAULT '');",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE posts (id bigint PRIMARY KEY, tag_ids bigint[]);",
            "CREATE TABLE posts (id bigint PRIMARY KEY, tags text, idea text);",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.compactMap { column -> Finding? in
                let name = column.name.lowercased()
                guard SchemaFacts.isTextual(column), name.hasSuffix("_ids") || name.hasSuffix("_list") else { return nil }
                return Self.description.finding(
                    "\(table.name).\(column.name) keeps a list in one \(column.type) column; store one row per value in a child table (with a foreign key where the values are ids) and move the values there",
                    at: column.location, object: context.object(table, column.name))
            }
        }
    }
}
