/// UUIDs belong in the 16-byte `uuid` type.
struct UUIDAsTextRule: SchemaRule {
    static let description = RuleDescription(
        id: "uuid-as-text", severity: .warning,
        summary: "UUID stored as text or char(36)",
        rationale: "A uuid column takes 16 bytes and validates its input; as text it takes 37 bytes, accepts garbage, compares byte by byte with collation rules and makes every index over it more than twice as large.",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, ↓public_uuid text NOT NULL);",
            "CREATE TABLE users (↓id char(36) PRIMARY KEY);",
            "CREATE TABLE users (id bigint PRIMARY KEY, ↓token varchar(36) DEFAULT gen_random_uuid()::text);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid());",
            "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(36));",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.filter { column in
                guard column.arrayDimensions == 0 else { return false }
                let fixedWidth = column.type == "character(36)" || column.type == "character varying(36)"
                let textual = SchemaFacts.isTextual(column) || fixedWidth
                let name = column.name.lowercased()
                let uuidName = name == "uuid" || name == "guid" || name.hasSuffix("_uuid") || name.hasSuffix("_guid")
                let uuidDefault = column.defaultExpression?.functionNames.contains { $0.contains("uuid") } ?? false
                return textual && (uuidName || uuidDefault || (fixedWidth && (name == "id" || name.hasSuffix("_id"))))
            }.map { column in
                Self.description.finding(
                    "\(table.name).\(column.name) stores a UUID as \(column.type); use the uuid type",
                    at: column.location, object: context.object(table, column.name),
                    fix: "ALTER TABLE \(table.name.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(column.name)) TYPE uuid USING \(quoteIdentifierIfNeeded(column.name))::uuid;")
            }
        }
    }
}
