/// Points in time are `timestamptz`.
struct PreferTimestamptzRule: SchemaRule {
    static let description = RuleDescription(
        id: "prefer-timestamptz", severity: .warning,
        summary: "timestamp without time zone",
        rationale: "`timestamp` stores a wall-clock reading with no zone: the same instant reads differently from servers and sessions in different zones, and daylight-saving changes create duplicate or missing hours. `timestamptz` stores an instant.",
        triggeringExamples: ["CREATE TABLE events (id bigint PRIMARY KEY, ↓happened_at timestamp NOT NULL);"],
        nonTriggeringExamples: [
            "CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL, on_day date);",
            // The child's column is the parent's: the parent's ALTER converts both (reported once, there).
            "CREATE TABLE base (id bigint PRIMARY KEY, at timestamptz); CREATE TABLE child (note text) INHERITS (base);",
        ])

    /// Whether the column comes from a parent (inheritance or partitioning): it is changed there.
    static func isInherited(_ column: ColumnInfo, in table: TableInfo, schema: DatabaseSchema) -> Bool {
        if table.partitionOf != nil { return true }
        return table.inherits.contains { schema.tables[$0]?.column(named: column.name) != nil }
    }

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.filter { column in
                column.type.hasPrefix("timestamp") && column.type.hasSuffix("without time zone")
                    && !Self.isInherited(column, in: table, schema: context.schema)
            }.map { column in
                Self.description.finding(
                    "\(table.name).\(column.name) is timestamp without time zone; use timestamptz (the fix reads the stored values as UTC: name the zone they were written in if it was another)",
                    at: column.location, object: context.object(table, column.name),
                    // The zone is explicit: the conversion must not depend on the session's TimeZone.
                    fix: "ALTER TABLE \(table.name.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(column.name)) TYPE timestamptz USING \(quoteIdentifierIfNeeded(column.name)) AT TIME ZONE 'UTC';")
            }
        }
    }
}
