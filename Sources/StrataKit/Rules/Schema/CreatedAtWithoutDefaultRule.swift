/// `created_at` that callers must fill in is sometimes not filled in.
struct CreatedAtWithoutDefaultRule: SchemaRule {
    static let description = RuleDescription(
        id: "created-at-without-default", severity: .info,
        summary: "created_at has no DEFAULT",
        rationale: "Without DEFAULT now(), every writer must set created_at: some will send NULL or the client's clock. A default makes the database the single source of the time of creation.",
        triggeringExamples: ["CREATE TABLE notes (id bigint PRIMARY KEY, ↓created_at timestamptz NOT NULL);"],
        nonTriggeringExamples: ["CREATE TABLE notes (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());"])

    func check(_ context: ReviewContext) -> [Finding] {
        let name = context.configuration.createdAtColumn
        return context.tables.compactMap { table -> Finding? in
            guard let column = table.column(named: name), column.defaultExpression == nil, column.generated == nil else { return nil }
            return Self.description.finding(
                "\(table.name).\(name) has no default; use DEFAULT now()",
                at: column.location, object: context.object(table, name),
                fix: "ALTER TABLE \(table.name.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(name)) SET DEFAULT now();")
        }
    }
}
