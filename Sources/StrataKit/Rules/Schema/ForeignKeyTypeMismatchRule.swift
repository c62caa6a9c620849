/// A foreign key column must have the referenced column's type.
struct ForeignKeyTypeMismatchRule: SchemaRule {
    static let description = RuleDescription(
        id: "fk-type-mismatch", severity: .error,
        summary: "Foreign key column cannot hold every value of the referenced column, or needs a cast to compare",
        rationale: "An integer column pointing at a bigint key overflows long before the parent does, and a varchar(20) pointing at a varchar(64) rejects valid keys. Types of different families force casts on every join and lookup and can keep the planner from using indexes. A wider child (bigint pointing at integer) is harmless and is not reported.",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id integer ↓REFERENCES users (id));",
            "CREATE TABLE users (code varchar(64) PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_code varchar(20) ↓REFERENCES users (code));",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));",
            "CREATE TABLE users (id bigserial PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);",
            // Wider than the parent: every parent value fits.
            "CREATE TABLE users (id integer PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));",
            "CREATE TABLE users (code varchar(20) PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_code text REFERENCES users (code));",
        ])

    /// How many values a type of an ordered family holds, for comparing child and parent:
    /// integers by width, strings by length (text unbounded). Nil for types outside these families.
    static func capacity(_ column: ColumnInfo) -> (family: String, size: Int)? {
        guard column.arrayDimensions == 0 else { return nil }
        switch column.type {
        case "smallint": return ("integer", 2)
        case "integer": return ("integer", 4)
        case "bigint": return ("integer", 8)
        case "text": return ("string", Int.max)
        default:
            if let length = SchemaFacts.declaredLength(of: column.type) { return ("string", length) }
            return column.type == "character varying" ? ("string", Int.max) : nil
        }
    }

    /// Whether every value of `remote` fits in `local` without a cast.
    static func holds(_ local: ColumnInfo, _ remote: ColumnInfo) -> Bool {
        if local.fullType == remote.fullType { return true }
        guard let child = capacity(local), let parent = capacity(remote), child.family == parent.family else { return false }
        return child.size >= parent.size
    }

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            table.foreignKeys.compactMap { foreignKey -> Finding? in
                guard let target = context.schema.tables[foreignKey.referencedTable] else { return nil }
                let pairs = zip(foreignKey.columns, foreignKey.referencedColumns).compactMap { pair -> String? in
                    guard let local = table.column(named: pair.0), let remote = target.column(named: pair.1),
                          !Self.holds(local, remote) else { return nil }
                    return "\(pair.0) is \(local.fullType) but \(target.name).\(pair.1) is \(remote.fullType)"
                }
                guard !pairs.isEmpty else { return nil }
                let fixes = zip(foreignKey.columns, foreignKey.referencedColumns).compactMap { pair -> String? in
                    guard let remote = target.column(named: pair.1), let local = table.column(named: pair.0),
                          !Self.holds(local, remote) else { return nil }
                    let name = quoteIdentifierIfNeeded(pair.0)
                    // Within a family the child widens to the parent's type (no value is lost); across
                    // families the cast may fail on values the parent's type rejects: it says so.
                    let using = Self.capacity(local)?.family == Self.capacity(remote)?.family ? "" : " USING \(name)::\(remote.fullType)"
                    return "ALTER TABLE \(table.name.sql) ALTER COLUMN \(name) TYPE \(remote.fullType)\(using);"
                }
                return Self.description.finding(
                    "foreign key \(foreignKey.name): \(pairs.joined(separator: "; "))",
                    at: foreignKey.location, object: context.object(table, foreignKey.name), fix: fixes.joined(separator: "\n"))
            }
        }
    }
}
