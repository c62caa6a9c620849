/// A `status text` column accepts any typo.
struct EnumLikeTextWithoutCheckRule: SchemaRule {
    static let description = RuleDescription(
        id: "enum-like-text-without-check", severity: .info,
        summary: "status/state/type/kind text column with no CHECK or foreign key",
        rationale: "A status column holding free text collects 'canceled', 'cancelled' and 'Cancelled' over the years. A CHECK (status IN (...)), an enum type or a lookup table keeps the set closed.",
        triggeringExamples: [
            "CREATE TABLE orders (id bigint PRIMARY KEY, ↓status text NOT NULL);",
            // An integer code: the common case in older schemas.
            "CREATE TABLE hosts (id bigint PRIMARY KEY, ↓status integer DEFAULT 0 NOT NULL);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')));",
            "CREATE TYPE order_status AS ENUM ('new', 'paid'); CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL);",
            // A region in an address; a document kept under a status name; a quantity.
            "CREATE TABLE addresses (id bigint PRIMARY KEY, street text, city text, state varchar(2), zip text);",
            "CREATE TABLE jobs (id bigint PRIMARY KEY, state text DEFAULT '{}' NOT NULL);",
            "CREATE TABLE tasks (id bigint PRIMARY KEY, priority integer DEFAULT 0 NOT NULL, level smallint);",
        ])

    static let names: Set<String> = ["status", "state", "type", "kind", "role", "category", "level", "priority", "tier", "stage"]
    /// For integer codes, the names that mean a category: an integer `level` or `priority` is
    /// usually a quantity to compare, not a code.
    static let codeNames: Set<String> = ["status", "state", "type", "kind", "category", "stage"]
    /// Columns that make a table an address, where `state` is a region, not a lifecycle.
    static let addressWords: Set<String> = ["city", "zip", "zipcode", "postcode", "postal_code", "country", "street", "address", "address1", "region"]

    /// Whether a default or the name says the column holds a document (`status text DEFAULT '{}'`).
    static func holdsDocument(_ column: ColumnInfo) -> Bool {
        guard let text = column.defaultExpression?.text else { return false }
        let literal = text.drop(while: { $0 == "'" })
        return literal.hasPrefix("{") || literal.hasPrefix("[")
    }

    /// Integer codes, at least this many, are the schema's convention: one finding.
    static let conventionCount = 10

    func check(_ context: ReviewContext) -> [Finding] {
        var texts: [(table: TableInfo, column: ColumnInfo)] = [], codes: [(table: TableInfo, column: ColumnInfo)] = []
        for table in context.tables {
            // `city`, `site_city`, `billing_zip`: an address, whole or prefixed.
            let isAddress = table.columns.contains { column in
                let words = column.name.lowercased().split(separator: "_").map(String.init)
                return Self.addressWords.contains(column.name.lowercased()) || words.last.map(Self.addressWords.contains) == true
            }
            for column in table.columns {
                let lowered = column.name.lowercased()
                let last = lowered.split(separator: "_").last.map(String.init) ?? lowered
                let textual = SchemaFacts.isTextual(column) && (Self.names.contains(lowered) || Self.names.contains(last))
                let integerCode = SchemaFacts.isInteger(column) && column.arrayDimensions == 0
                    && (Self.codeNames.contains(lowered) || Self.codeNames.contains(last))
                guard textual || integerCode, !(isAddress && last == "state"), !Self.holdsDocument(column),
                      table.primaryKey?.columns != [column.name],
                      !table.checkConstraints.contains(where: { $0.expression.referencedColumns.contains(column.name) }),
                      !table.foreignKeys.contains(where: { $0.columns.contains(column.name) }) else { continue }
                if textual { texts.append((table, column)) } else { codes.append((table, column)) }
            }
        }
        // The allowed values are the team's to list: the finding says the shape, not a statement to paste.
        let shape = { (table: TableInfo, column: ColumnInfo, values: String) in
            "ADD CONSTRAINT \(quoteIdentifierIfNeeded(ImplicitNames.makeObjectName(table.name.name, column.name, "check"))) CHECK (\(quoteIdentifierIfNeeded(column.name)) IN (\(values))) NOT VALID, then VALIDATE it"
        }
        var findings = texts.map { table, column in
            Self.description.finding(
                "\(table.name).\(column.name) looks like an enumeration but accepts any text; list its values in \(shape(table, column, "'...'"))",
                at: column.location, object: context.object(table, column.name))
        }
        if codes.count >= Self.conventionCount {
            let tables = codes.map(\.table.name).reduce(into: [QualifiedName]()) { if !$0.contains($1) { $0.append($1) } }
            findings.append(Self.description.finding(
                "\(codes.count) integer status/type codes in \(tables.count) tables have no CHECK or lookup table (\(SchemaFacts.listed(codes.map { "\($0.table.name.name).\($0.column.name)" }))): which numbers are valid, and what they mean, is known only to the application; name them in lookup tables or CHECKs, new columns first",
                at: codes[0].column.location, object: context.object(codes[0].table, codes[0].column.name)))
        } else {
            findings += codes.map { table, column in
                Self.description.finding(
                    "\(table.name).\(column.name) looks like an enumeration but accepts any number, and which numbers mean what is known only to the application; list its values in \(shape(table, column, "...")), or reference a lookup table that names them",
                    at: column.location, object: context.object(table, column.name))
            }
        }
        return findings
    }
}
