/// A foreign key column must have the referenced column's type.
struct ForeignKeyTypeMismatchRule: SchemaRule {
    static let description = RuleDescription(
        id: "fk-type-mismatch", severity: .error,
        summary: "Foreign key column type differs from the referenced column's type",
        rationale: "Mismatched types force casts on every join and lookup, can keep the planner from using indexes, and an integer column pointing at a bigint key overflows long before the parent does.",
        triggeringExamples: ["CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id integer ↓REFERENCES users (id));"],
        nonTriggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));",
            "CREATE TABLE users (id bigserial PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            table.foreignKeys.compactMap { foreignKey -> Finding? in
                guard let target = context.schema.tables[foreignKey.referencedTable] else { return nil }
                let pairs = zip(foreignKey.columns, foreignKey.referencedColumns).compactMap { pair -> String? in
                    guard let local = table.column(named: pair.0), let remote = target.column(named: pair.1),
                          local.fullType != remote.fullType else { return nil }
                    return "\(pair.0) is \(local.fullType) but \(target.name).\(pair.1) is \(remote.fullType)"
                }
                guard !pairs.isEmpty else { return nil }
                let fixes = zip(foreignKey.columns, foreignKey.referencedColumns).compactMap { pair -> String? in
                    guard let remote = target.column(named: pair.1), table.column(named: pair.0)?.fullType != remote.fullType else { return nil }
                    return "ALTER TABLE \(table.name.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(pair.0)) TYPE \(remote.fullType);"
                }
                return Self.description.finding(
                    "foreign key \(foreignKey.name): \(pairs.joined(separator: "; "))",
                    at: foreignKey.location, object: context.object(table, foreignKey.name), fix: fixes.joined(separator: "\n"))
            }
        }
    }
}
