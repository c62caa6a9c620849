/// ADD UNIQUE builds its index under ACCESS EXCLUSIVE.
struct AddUniqueConstraintRule: MigrationRule {
    static let description = RuleDescription(
        id: "add-unique-constraint", severity: .error, category: .migration,
        summary: "ADD UNIQUE on an existing table without USING INDEX",
        rationale: "ADD CONSTRAINT ... UNIQUE builds the unique index while holding ACCESS EXCLUSIVE: the table is unreadable for the whole build. Build the index CONCURRENTLY first, then attach it with UNIQUE USING INDEX, which is instant.",
        triggeringExamples: [
            RuleExample("ALTER TABLE users ADD ↓CONSTRAINT users_email_key UNIQUE (email);", setup: "CREATE TABLE users (id bigint PRIMARY KEY, email text);"),
            RuleExample("ALTER TABLE users ADD COLUMN handle text ↓UNIQUE;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, email text);"),
        ],
        nonTriggeringExamples: [RuleExample("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, email text); CREATE UNIQUE INDEX users_email_idx ON users (email);")])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        context.addedConstraints.compactMap { table, constraint -> Finding? in
            guard case .unique = constraint.kind, constraint.usingIndex == nil else { return nil }
            return Self.usingIndexFinding(Self.description, table: table, constraint: constraint, kind: "UNIQUE", label: "key",
                                          fact: LockFacts.addUnique, at: constraint.location)
        }
    }

    /// The CREATE UNIQUE INDEX CONCURRENTLY + ADD CONSTRAINT ... USING INDEX pair, shared with add-primary-key.
    static func usingIndexFinding(_ description: RuleDescription, table: TableInfo, constraint: ConstraintDefinition, kind: String,
                                  label: String, fact: LockFact, at location: SourceLocation) -> Finding {
        let columns = constraint.columns.map(quoteIdentifierIfNeeded).joined(separator: ", ")
        let name = constraint.name ?? (kind == "PRIMARY KEY" ? ImplicitNames.makeObjectName(table.name.name, nil, label)
            : ImplicitNames.makeObjectName(table.name.name, ImplicitNames.joinedColumnNames(constraint.columns), label))
        let index = ImplicitNames.makeObjectName(table.name.name, ImplicitNames.joinedColumnNames(constraint.columns), "idx")
        let lock = LockAnalysis.Lock(table: table.name, fact: fact)
        return description.finding(
            "adding \(kind) \(name) \(MigrationWording.lockSentence(lock)); build the index CONCURRENTLY, then attach it",
            at: location, object: "\(table.name.schema).\(table.name.name).\(name)",
            fix: """
            -- strata:no-transaction
            CREATE UNIQUE INDEX CONCURRENTLY \(quoteIdentifierIfNeeded(index)) ON \(table.name.sql) (\(columns));
            -- next migration:
            ALTER TABLE \(table.name.sql) ADD CONSTRAINT \(quoteIdentifierIfNeeded(name)) \(kind) USING INDEX \(quoteIdentifierIfNeeded(index));
            """)
    }
}
