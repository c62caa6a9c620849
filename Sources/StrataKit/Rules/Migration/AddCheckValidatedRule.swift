/// Adding a CHECK scans the table under ACCESS EXCLUSIVE.
struct AddCheckValidatedRule: MigrationRule {
    static let description = RuleDescription(
        id: "add-check-validated", severity: .error, category: .migration,
        summary: "ADD CHECK without NOT VALID on an existing table",
        rationale: "Adding a CHECK constraint verifies every row while holding ACCESS EXCLUSIVE: no reads or writes for the whole scan. NOT VALID adds it instantly (new rows are checked); VALIDATE CONSTRAINT later scans under SHARE UPDATE EXCLUSIVE, which blocks neither.",
        triggeringExamples: [
            RuleExample("ALTER TABLE orders ADD ↓CONSTRAINT orders_total_check CHECK (total >= 0);", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);"),
            RuleExample("ALTER TABLE orders ADD COLUMN discount numeric ↓CHECK (discount >= 0);", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);"),
        ],
        nonTriggeringExamples: [RuleExample("ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);")])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        context.addedConstraints.compactMap { table, constraint -> Finding? in
            guard case .check(let expression) = constraint.kind, !constraint.notValid else { return nil }
            let lock = LockAnalysis.Lock(table: table.name, fact: LockFacts.addCheck)
            let name = constraint.name ?? ImplicitNames.makeObjectName(table.name.name, expression.referencedColumns.count == 1 ? expression.referencedColumns[0] : nil, "check")
            return Self.description.finding(
                "adding CHECK \(name) \(MigrationWording.lockSentence(lock)); add it NOT VALID and validate later",
                at: constraint.location, object: "\(table.name.schema).\(table.name.name).\(name)",
                fix: """
                ALTER TABLE \(table.name.sql) ADD CONSTRAINT \(quoteIdentifierIfNeeded(name)) CHECK (\(expression.text)) NOT VALID;
                -- next migration:
                ALTER TABLE \(table.name.sql) VALIDATE CONSTRAINT \(quoteIdentifierIfNeeded(name));
                """)
        }
    }
}
