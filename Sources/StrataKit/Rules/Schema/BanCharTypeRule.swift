/// `char(n)` pads with spaces and is never faster than text.
struct BanCharTypeRule: SchemaRule {
    static let description = RuleDescription(
        id: "ban-char-type", severity: .warning,
        summary: "character(n) column",
        rationale: "char(n) pads values with spaces, compares ignoring them in some places and not in others, and is stored exactly like varchar. It has no advantage; use text (with a CHECK on length if the length matters).",
        triggeringExamples: ["CREATE TABLE countries (id bigint PRIMARY KEY, ↓code char(2) NOT NULL);"],
        nonTriggeringExamples: ["CREATE TABLE countries (id bigint PRIMARY KEY, code text NOT NULL CHECK (length(code) = 2));"])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.filter { $0.type.hasPrefix("character(") }.map { column in
                Self.description.finding(
                    "\(table.name).\(column.name) is \(column.type); use text (with a length CHECK if needed)",
                    at: column.location, object: context.object(table, column.name),
                    fix: "ALTER TABLE \(table.name.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(column.name)) TYPE text;")
            }
        }
    }
}
