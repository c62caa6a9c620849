/// ALTER DOMAIN ... ADD CONSTRAINT checks every column of the domain, in every table, under lock.
struct BanAlterDomainWithAddConstraintRule: MigrationRule {
    static let description = RuleDescription(
        id: "ban-alter-domain-with-add-constraint", severity: .warning, category: .migration,
        summary: "ALTER DOMAIN ... ADD CONSTRAINT without NOT VALID while existing tables use the domain",
        rationale: "PostgreSQL checks the new constraint against every column of that domain in every table, holding SHARE on each table (writes wait) while it scans them all. Add it NOT VALID (new values are checked at once), then VALIDATE CONSTRAINT in a later migration, which does not block writes.",
        triggeringExamples: [RuleExample("↓ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);",
                                         setup: "CREATE DOMAIN amount AS numeric(12,2);\nCREATE TABLE payments (id bigint PRIMARY KEY, total amount);")],
        nonTriggeringExamples: [
            RuleExample("ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0) NOT VALID;",
                        setup: "CREATE DOMAIN amount AS numeric(12,2);\nCREATE TABLE payments (id bigint PRIMARY KEY, total amount);"),
            "CREATE DOMAIN amount AS numeric(12,2);\nALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);",
        ])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard case .alterDomain(let alter) = context.statement.kind, case .addConstraint(let constraint) = alter.action, !constraint.notValid,
              let domain = context.interpreter.resolve(alter.name, exists: { context.schema.domains[$0] != nil }) else { return [] }
        // Columns spell a domain as the model types it: unqualified in public, qualified elsewhere.
        let typeName = domain.schema == "public" ? quoteIdentifierIfNeeded(domain.name) : domain.sql
        let users = context.schema.sortedTables.filter { context.isExisting($0.name) && $0.columns.contains { $0.type == typeName } }
        guard let first = users.first else { return [] }
        let lock = LockAnalysis.Lock(table: first.name, fact: LockFacts.alterDomainAddCheck)
        let name = constraint.name.map(quoteIdentifierIfNeeded) ?? "<name>"
        let others = users.count > 1 ? " (and \(users.count - 1) more table\(users.count == 2 ? "" : "s"))" : ""
        return [Self.description.finding(
            "adding a constraint to domain \(domain) checks every column of it in existing tables: it \(MigrationWording.lockSentence(lock))\(others)",
            at: context.location, object: "\(domain.schema).\(domain.name)",
            fix: "ALTER DOMAIN \(domain.sql) ADD CONSTRAINT \(name) ... NOT VALID;\n-- next migration:\nALTER DOMAIN \(domain.sql) VALIDATE CONSTRAINT \(name);")]
    }
}
