/// `json` keeps text; `jsonb` keeps structure.
struct PreferJSONBRule: SchemaRule {
    static let description = RuleDescription(
        id: "prefer-jsonb", severity: .warning,
        summary: "json instead of jsonb",
        rationale: "json stores the raw text and reparses it on every access; it cannot be indexed with GIN, has no equality operator (so no DISTINCT or GROUP BY), and keeps duplicate keys. jsonb is the right default.",
        triggeringExamples: ["CREATE TABLE events (id bigint PRIMARY KEY, ↓payload json);"],
        nonTriggeringExamples: ["CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);"])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.filter { $0.type == "json" }.map { column in
                Self.description.finding(
                    "\(table.name).\(column.name) is json; use jsonb",
                    at: column.location, object: context.object(table, column.name),
                    fix: "ALTER TABLE \(table.name.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(column.name)) TYPE jsonb USING \(quoteIdentifierIfNeeded(column.name))::jsonb;")
            }
        }
    }
}
