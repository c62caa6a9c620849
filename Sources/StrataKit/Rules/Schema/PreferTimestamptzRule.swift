/// Points in time are `timestamptz`.
struct PreferTimestamptzRule: SchemaRule {
    static let description = RuleDescription(
        id: "prefer-timestamptz", severity: .warning,
        summary: "timestamp without time zone",
        rationale: "`timestamp` stores a wall-clock reading with no zone: the same instant reads differently from servers and sessions in different zones, and daylight-saving changes create duplicate or missing hours. `timestamptz` stores an instant. A schema whose every timestamp is zone-less keeps a convention: one info finding for it, not a warning per column; the warning is for zone-less columns beside zoned ones.",
        triggeringExamples: [
            "CREATE TABLE events (id bigint PRIMARY KEY, ↓happened_at timestamp NOT NULL);",
            // Every timestamp of the schema without a zone: one (info) finding for the convention.
            "CREATE TABLE a (id bigint PRIMARY KEY, ↓t1 timestamp, t2 timestamp, t3 timestamp, t4 timestamp, t5 timestamp); CREATE TABLE b (id bigint PRIMARY KEY, t1 timestamp, t2 timestamp, t3 timestamp, t4 timestamp, t5 timestamp);",
        ],
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

    /// Zone-less columns, at least this many and this share of all timestamp columns, are the
    /// schema's convention: one finding, converted table by table with the application.
    static let conventionCount = 10
    static let conventionShare = 0.75

    func check(_ context: ReviewContext) -> [Finding] {
        let flagged: [(table: TableInfo, column: ColumnInfo)] = context.tables.flatMap { table in
            table.columns.filter { column in
                column.type.hasPrefix("timestamp") && column.type.hasSuffix("without time zone")
                    && !Self.isInherited(column, in: table, schema: context.schema)
            }.map { (table, $0) }
        }
        let allTimestamps = context.tables.reduce(0) { $0 + $1.columns.filter { $0.type.hasPrefix("timestamp") }.count }
        let consistent = flagged.count >= 2 && flagged.count == allTimestamps
        if consistent || (flagged.count >= Self.conventionCount && Double(flagged.count) >= Self.conventionShare * Double(allTimestamps)) {
            let tables = flagged.map(\.table.name).reduce(into: [QualifiedName]()) { if !$0.contains($1) { $0.append($1) } }
            let first = flagged[0]
            // A convention kept throughout reads the same everywhere as long as every writer
            // agrees on the zone: advice for new columns, not a defect to fix before merging.
            var finding = Self.description.finding(
                "\(flagged.count) of \(allTimestamps) timestamp columns in \(tables.count) tables have no time zone (\(SchemaFacts.listed(tables.map(\.description)))): the schema's convention; use timestamptz for new columns and convert the old ones table by table with USING column AT TIME ZONE '<the zone they were written in>'",
                at: first.column.location, object: context.object(first.table, first.column.name))
            if consistent { finding.severity = .info }
            return [finding]
        }
        return flagged.map { table, column in
            Self.description.finding(
                "\(table.name).\(column.name) is timestamp without time zone; use timestamptz (the fix reads the stored values as UTC: name the zone they were written in if it was another)",
                at: column.location, object: context.object(table, column.name),
                // The zone is explicit: the conversion must not depend on the session's TimeZone.
                fix: "ALTER TABLE \(table.name.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(column.name)) TYPE timestamptz USING \(quoteIdentifierIfNeeded(column.name)) AT TIME ZONE 'UTC';")
        }
    }
}
