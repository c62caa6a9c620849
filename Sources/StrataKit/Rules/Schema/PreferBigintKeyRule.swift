/// Integer keys run out; bigint does not.
struct PreferBigintKeyRule: SchemaRule {
    static let description = RuleDescription(
        id: "prefer-bigint-key", severity: .info,
        summary: "Primary key is integer or smallint",
        rationale: "An integer key stops at 2,147,483,647. Busy tables reach that, and widening a primary key (and every foreign key pointing at it) later rewrites all of them under an ACCESS EXCLUSIVE lock. bigint costs four bytes more per row.",
        triggeringExamples: ["CREATE TABLE users (↓id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);"],
        nonTriggeringExamples: ["CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);", "CREATE TABLE users (id uuid PRIMARY KEY);"])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.compactMap { table -> Finding? in
            guard SchemaFacts.ownsStructure(table), let key = table.primaryKey, key.columns.count == 1, let column = table.column(named: key.columns[0]),
                  column.type == "integer" || column.type == "smallint" else { return nil }
            return Self.description.finding(
                "primary key \(table.name).\(column.name) is \(column.type); bigint will not run out",
                at: column.location, object: context.object(table, column.name),
                fix: "-- on a new table: \(quoteIdentifierIfNeeded(column.name)) bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
        }
    }
}
