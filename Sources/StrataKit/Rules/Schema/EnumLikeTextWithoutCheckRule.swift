/// A `status text` column accepts any typo.
struct EnumLikeTextWithoutCheckRule: SchemaRule {
    static let description = RuleDescription(
        id: "enum-like-text-without-check", severity: .info,
        summary: "status/state/type/kind text column with no CHECK or foreign key",
        rationale: "A status column holding free text collects 'canceled', 'cancelled' and 'Cancelled' over the years. A CHECK (status IN (...)), an enum type or a lookup table keeps the set closed.",
        triggeringExamples: ["CREATE TABLE orders (id bigint PRIMARY KEY, ↓status text NOT NULL);"],
        nonTriggeringExamples: [
            "CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')));",
            "CREATE TYPE order_status AS ENUM ('new', 'paid'); CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL);",
        ])

    static let names: Set<String> = ["status", "state", "type", "kind", "role", "category", "level", "priority", "tier", "stage"]

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            table.columns.filter { column in
                let lowered = column.name.lowercased()
                let last = lowered.split(separator: "_").last.map(String.init) ?? lowered
                guard Self.names.contains(lowered) || Self.names.contains(last), SchemaFacts.isTextual(column) else { return false }
                let checked = table.checkConstraints.contains { $0.expression.referencedColumns.contains(column.name) }
                let referenced = table.foreignKeys.contains { $0.columns.contains(column.name) }
                return !checked && !referenced
            }.map { column in
                let constraint = ImplicitNames.makeObjectName(table.name.name, column.name, "check")
                // The allowed values are the team's to list: the finding says the shape, not a statement to paste.
                return Self.description.finding(
                    "\(table.name).\(column.name) looks like an enumeration but accepts any text; list its values in ADD CONSTRAINT \(quoteIdentifierIfNeeded(constraint)) CHECK (\(quoteIdentifierIfNeeded(column.name)) IN ('...')) NOT VALID, then VALIDATE it",
                    at: column.location, object: context.object(table, column.name))
            }
        }
    }
}
