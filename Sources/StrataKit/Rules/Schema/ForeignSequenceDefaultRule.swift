/// A column draws its values from a sequence that another table's column owns.
struct ForeignSequenceDefaultRule: SchemaRule {
    static let description = RuleDescription(
        id: "foreign-sequence-default", severity: .warning,
        summary: "A default draws ids from a sequence another table's column owns",
        rationale: "The two tables now share one counter: dropping the owning column or table drops the sequence and breaks every insert here, a reset of one restarts the other, and identity conversions of the owner take the sequence away. Give the column a sequence (or an identity) of its own.",
        triggeringExamples: [
            "CREATE TABLE a (id serial PRIMARY KEY); CREATE TABLE b (↓id integer PRIMARY KEY DEFAULT nextval('a_id_seq'));",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE a (id serial PRIMARY KEY); CREATE TABLE b (id serial PRIMARY KEY);",
            // A free-standing sequence shared on purpose (one number space for two tables) is owned by no column.
            // Children of an inheritance tree draw from the parent's sequence so that ids are unique across the tree.
            "CREATE TABLE events (id serial PRIMARY KEY, at timestamptz); CREATE TABLE login_events (user_name text) INHERITS (events); CREATE TABLE error_events (message text) INHERITS (events); ALTER TABLE login_events ALTER COLUMN id SET DEFAULT nextval('events_id_seq');",
            "CREATE SEQUENCE shared_ids; CREATE TABLE a (id bigint PRIMARY KEY DEFAULT nextval('shared_ids')); CREATE TABLE b (id bigint PRIMARY KEY DEFAULT nextval('shared_ids'));",
        ])

    /// `nextval('a_id_seq')` -> `a_id_seq` (or `app.a_id_seq`), as the default names it.
    static func sequenceName(in expression: SQLExpression) -> QualifiedName? {
        guard expression.functionNames == ["nextval"], let open = expression.text.firstIndex(of: "'") else { return nil }
        let rest = expression.text[expression.text.index(after: open)...]
        guard let close = rest.firstIndex(of: "'") else { return nil }
        let parts = rest[..<close].split(separator: ".").map { String($0).replacingOccurrences(of: "\"", with: "") }
        return parts.count == 2 ? QualifiedName(schema: parts[0], name: parts[1]) : parts.first.map { QualifiedName(schema: "public", name: $0) }
    }

    /// The tables `table` inherits from, directly or through its parents (partition parents too).
    static func ancestors(of table: TableInfo?, in schema: DatabaseSchema) -> Set<QualifiedName> {
        var found: Set<QualifiedName> = []
        var pending = (table?.inherits ?? []) + (table?.partitionOf.map { [$0] } ?? [])
        while let name = pending.popLast() {
            guard found.insert(name).inserted, let parent = schema.tables[name] else { continue }
            pending += parent.inherits + (parent.partitionOf.map { [$0] } ?? [])
        }
        return found
    }

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.compactMap { column -> Finding? in
                guard let expression = column.defaultExpression, let name = Self.sequenceName(in: expression),
                      let sequence = context.schema.sequences[name], let owner = sequence.ownedByTable,
                      owner != table.name || sequence.ownedByColumn != column.name,
                      // An inheritance tree shares its parent's counter on purpose: ids stay
                      // unique across the parent and its children.
                      !Self.ancestors(of: table, in: context.schema).contains(owner),
                      !Self.ancestors(of: context.schema.tables[owner], in: context.schema).contains(table.name) else { return nil }
                let column_ = quoteIdentifierIfNeeded(column.name)
                let own = QualifiedName(schema: table.name.schema, name: ImplicitNames.makeObjectName(table.name.name, column.name, "seq"))
                return Self.description.finding(
                    "\(table.name).\(column.name) takes its values from \(name), which \(owner).\(sequence.ownedByColumn ?? "") owns",
                    at: column.location, object: context.object(table, column.name),
                    fix: """
                    CREATE SEQUENCE \(own.sql) AS \(column.type == "smallint" || column.type == "integer" ? column.type : "bigint") OWNED BY \(table.name.sql).\(column_);
                    SELECT setval(\(quoteLiteral(own.sql)), coalesce(max(\(column_)), 0) + 1, false) FROM \(table.name.sql);
                    ALTER TABLE \(table.name.sql) ALTER COLUMN \(column_) SET DEFAULT nextval(\(quoteLiteral(own.sql)));
                    """)
            }
        }
    }
}
