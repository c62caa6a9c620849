/// `serial` is legacy; identity columns are the SQL-standard replacement.
struct PreferIdentityRule: SchemaRule {
    static let description = RuleDescription(
        id: "prefer-identity", severity: .warning,
        summary: "serial / nextval default instead of an identity column",
        rationale: "serial creates a sequence with separate ownership and permissions that tools and dumps get wrong; writers can insert explicit ids that later collide with the sequence. `GENERATED ALWAYS AS IDENTITY` is standard SQL, owned by the column, and refuses stray explicit values.",
        triggeringExamples: [
            "CREATE TABLE users (↓id bigserial PRIMARY KEY);",
            "CREATE SEQUENCE users_seq; CREATE TABLE users (↓id bigint PRIMARY KEY DEFAULT nextval('users_seq'));",
        ],
        nonTriggeringExamples: ["CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);"])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.filter { $0.defaultExpression?.functionNames.contains("nextval") ?? false }.map { column in
                Self.description.finding(
                    "\(table.name).\(column.name) takes its value from a sequence default (serial); use GENERATED ALWAYS AS IDENTITY",
                    at: column.location, object: context.object(table, column.name),
                    fix: "-- on a new table: \(quoteIdentifierIfNeeded(column.name)) \(column.type == "integer" ? "bigint" : column.type) GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
            }
        }
    }
}
