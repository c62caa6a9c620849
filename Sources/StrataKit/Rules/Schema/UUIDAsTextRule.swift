/// UUIDs belong in the 16-byte `uuid` type.
struct UUIDAsTextRule: SchemaRule {
    static let description = RuleDescription(
        id: "uuid-as-text", severity: .warning,
        summary: "UUID stored as text or char(36)",
        rationale: "A uuid column takes 16 bytes and validates its input; as text it takes 37 bytes, accepts garbage, compares byte by byte with collation rules and makes every index over it more than twice as large.",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, ↓public_uuid text NOT NULL DEFAULT gen_random_uuid()::text);",
            "CREATE TABLE users (↓id char(36) PRIMARY KEY);",
            "CREATE TABLE users (id bigint PRIMARY KEY, ↓token varchar(36) DEFAULT gen_random_uuid()::text);",
            "CREATE TABLE users (id bigint PRIMARY KEY, ↓uuid varchar(32) DEFAULT '');",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid());",
            "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(36));",
            // An RSS item's guid is usually its URL; a column too short for a UUID holds something else.
            "CREATE TABLE items (id bigint PRIMARY KEY, guid text NOT NULL, feed_uuid varchar(23));",
            // A generic string named uuid: any unique string fits (SIP user ids, uniqid()).
            "CREATE TABLE usr_preferences (id bigint PRIMARY KEY, uuid varchar(64) DEFAULT '' NOT NULL, entry_uuid text);",
        ])

    /// A UUID is 32 hex digits, 36 with its hyphens, 38 with braces: a length declared for exactly
    /// that is evidence, a shorter column cannot hold one, and a generic `varchar(255)` or `text`
    /// named uuid often holds any unique string (SIP user ids, PHP uniqid()).
    static func sizedForUUID(_ column: ColumnInfo) -> Bool {
        guard let length = SchemaFacts.declaredLength(of: column.type) else { return false }
        return (32...38).contains(length)
    }

    /// The conversion, with the default it cannot cast dropped first and a generated one put back.
    static func fix(_ column: ColumnInfo, on table: TableInfo) -> String {
        let name = quoteIdentifierIfNeeded(column.name)
        var steps: [String] = []
        let generated = column.defaultExpression?.functionNames.contains { $0.contains("uuid") } ?? false
        if column.defaultExpression != nil { steps.append("ALTER COLUMN \(name) DROP DEFAULT") }
        // An empty string (a common placeholder) becomes NULL where NULL is allowed.
        let using = column.isNotNull ? "\(name)::uuid" : "nullif(\(name), '')::uuid"
        steps.append("ALTER COLUMN \(name) TYPE uuid USING \(using)")
        if generated { steps.append("ALTER COLUMN \(name) SET DEFAULT gen_random_uuid()") }
        return "ALTER TABLE \(table.name.sql) " + steps.joined(separator: ", ") + ";"
    }

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.filter { column in
                guard column.arrayDimensions == 0 else { return false }
                let fixedWidth = column.type == "character(36)" || column.type == "character varying(36)"
                let textual = SchemaFacts.isTextual(column) || fixedWidth
                let name = column.name.lowercased()
                let uuidName = name == "uuid" || name.hasSuffix("_uuid")
                let uuidDefault = column.defaultExpression?.functionNames.contains { $0.contains("uuid") } ?? false
                let tooShort = (SchemaFacts.declaredLength(of: column.type) ?? .max) < 32
                return textual && !tooShort && (uuidDefault || (Self.sizedForUUID(column) && (uuidName || (fixedWidth && (name == "id" || name.hasSuffix("_id"))))))
            }.map { column in
                Self.description.finding(
                    "\(table.name).\(column.name) stores a UUID as \(column.type); use the uuid type",
                    at: column.location, object: context.object(table, column.name),
                    fix: Self.fix(column, on: table))
            }
        }
    }
}
