/// Yes/no facts are `boolean`, not integers that happen to hold 0 and 1.
struct IntegerBooleanRule: SchemaRule {
    static let description = RuleDescription(
        id: "integer-boolean", severity: .info,
        summary: "An integer column used as a boolean (a yes/no name, and only 0 and 1 allowed or defaulted)",
        rationale: "An integer flag accepts 2, 7 and -1; readers must know whether non-zero means true; and `WHERE active` does not work. boolean holds exactly true, false and NULL. Changing it changes what clients write, so it is advice for the next schema version rather than an error.",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, ↓is_admin smallint NOT NULL DEFAULT 0);",
            "CREATE TABLE users (id bigint PRIMARY KEY, ↓active integer NOT NULL DEFAULT 1 CHECK (active IN (0, 1)));",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, is_admin boolean NOT NULL DEFAULT false);",
            // A status code is not a flag, even when it starts at 0.
            "CREATE TABLE hosts (id bigint PRIMARY KEY, status integer NOT NULL DEFAULT 0, retries integer DEFAULT 0);",
        ])

    static let flagNames: Set<String> = ["active", "enabled", "disabled", "deleted", "visible", "hidden", "locked", "verified", "archived", "published", "approved", "blocked"]

    /// A yes/no name: is_/has_/can_ prefixes, _enabled/_flag suffixes, or a participle of state.
    static func hasFlagName(_ name: String) -> Bool {
        let name = name.lowercased()
        return ["is_", "has_", "can_", "should_", "allow_"].contains { name.hasPrefix($0) }
            || ["_enabled", "_disabled", "_flag"].contains { name.hasSuffix($0) } || flagNames.contains(name)
    }

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.compactMap { column -> Finding? in
                guard SchemaFacts.isInteger(column), column.arrayDimensions == 0,
                      Self.hasFlagName(column.name) else { return nil }
                let defaultText = column.defaultExpression?.text
                let binaryDefault = defaultText == "0" || defaultText == "1"
                let binaryCheck = table.checkConstraints.contains { check in
                    guard let list = check.expression.inList, list.column == column.name else { return false }
                    return Set(list.values).isSubset(of: ["0", "1"])
                }
                guard binaryDefault || binaryCheck else { return nil }
                let name = quoteIdentifierIfNeeded(column.name)
                var statements: [String] = []
                // A CHECK written for the integers would reject the booleans: it goes first.
                for check in table.checkConstraints where check.expression.referencedColumns == [column.name] {
                    statements.append("ALTER TABLE \(table.name.sql) DROP CONSTRAINT \(quoteIdentifierIfNeeded(check.name));")
                }
                var steps: [String] = []
                if column.defaultExpression != nil { steps.append("ALTER COLUMN \(name) DROP DEFAULT") }
                steps.append("ALTER COLUMN \(name) TYPE boolean USING \(name) <> 0")
                if let defaultText, binaryDefault { steps.append("ALTER COLUMN \(name) SET DEFAULT \(defaultText == "1")") }
                statements.append("ALTER TABLE \(table.name.sql) " + steps.joined(separator: ", ") + ";")
                return Self.description.finding(
                    "\(table.name).\(column.name) is a yes/no flag stored as \(column.type); use boolean (clients that write 0 and 1 must write false and true)",
                    at: column.location, object: context.object(table, column.name),
                    fix: statements.joined(separator: "\n"))
            }
        }
    }
}
