/// Points in time are `timestamptz`.
struct PreferTimestamptzRule: SchemaRule {
    static let description = RuleDescription(
        id: "prefer-timestamptz", severity: .warning,
        summary: "timestamp without time zone",
        rationale: "`timestamp` stores a wall-clock reading with no zone: the same instant reads differently from servers and sessions in different zones, and daylight-saving changes create duplicate or missing hours. `timestamptz` stores an instant.",
        triggeringExamples: ["CREATE TABLE events (id bigint PRIMARY KEY, ↓happened_at timestamp NOT NULL);"],
        nonTriggeringExamples: ["CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL, on_day date);"])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.filter { $0.type.hasPrefix("timestamp") && $0.type.hasSuffix("without time zone") }.map { column in
                Self.description.finding(
                    "\(table.name).\(column.name) is timestamp without time zone; use timestamptz",
                    at: column.location, object: context.object(table, column.name),
                    fix: "ALTER TABLE \(table.name.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(column.name)) TYPE timestamptz;  -- rewrites unless the session TimeZone is UTC")
            }
        }
    }
}
