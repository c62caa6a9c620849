/// Adding a foreign key validates it immediately, scanning under SHARE ROW EXCLUSIVE on both tables.
struct AddForeignKeyValidatedRule: MigrationRule {
    static let description = RuleDescription(
        id: "add-foreign-key-validated", severity: .error, category: .migration,
        summary: "ADD FOREIGN KEY without NOT VALID on an existing table",
        rationale: "Adding a foreign key checks every existing row while holding SHARE ROW EXCLUSIVE on both the table and the referenced table: writes to both stop for the whole scan. Add it NOT VALID (instant), then VALIDATE CONSTRAINT in a later migration, which takes only SHARE UPDATE EXCLUSIVE.",
        triggeringExamples: [RuleExample("ALTER TABLE orders ADD ↓CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);",
                                         setup: "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);")],
        nonTriggeringExamples: [
            // A new column is all NULL: its foreign key has nothing to check (pg15: add_column_with_fk, no scan).
            RuleExample("ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES users (id);",
                        setup: "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);"),
            RuleExample("ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
                        setup: "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);"),
            RuleExample("ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;",
                        setup: "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint); ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"),
        ])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard let (table, commands) = context.alterCommandsOnExistingTable else { return [] }
        return commands.compactMap { command -> Finding? in
            guard case .addConstraint(let constraint) = command, case .foreignKey(let target, let columns, _, _, _) = constraint.kind,
                  !constraint.notValid else { return nil }
            let lock = LockAnalysis.Lock(table: table.name, fact: LockFacts.addForeignKey)
            let name = constraint.name ?? ImplicitNames.makeObjectName(table.name.name, ImplicitNames.joinedColumnNames(constraint.columns), "fkey")
            let references = columns.isEmpty ? "" : " (\(columns.map(quoteIdentifierIfNeeded).joined(separator: ", ")))"
            return Self.description.finding(
                "adding foreign key \(name) \(MigrationWording.lockSentence(lock)); add it NOT VALID and validate later",
                at: constraint.location, object: "\(table.name.schema).\(table.name.name).\(name)",
                fix: """
                ALTER TABLE \(table.name.sql) ADD CONSTRAINT \(quoteIdentifierIfNeeded(name)) FOREIGN KEY (\(constraint.columns.map(quoteIdentifierIfNeeded).joined(separator: ", "))) REFERENCES \(target.sql)\(references) NOT VALID;
                -- next migration:
                ALTER TABLE \(table.name.sql) VALIDATE CONSTRAINT \(quoteIdentifierIfNeeded(name));
                """)
        }
    }
}
