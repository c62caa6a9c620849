/// DROP DATABASE has no business in a migration.
struct BanDropDatabase: MigrationRule {
    static let description = RuleDescription(
        id: "ban-drop-database", severity: .error, category: .migration,
        summary: "DROP DATABASE in a migration",
        rationale: "A migration runs unattended, in every environment, production included. Dropping a database destroys every table and every row in it, and no down migration brings them back. If a database must go, drop it by hand, deliberately, after a backup.",
        triggeringExamples: ["↓DROP DATABASE analytics;"],
        nonTriggeringExamples: ["CREATE TABLE reports (id bigint PRIMARY KEY);"])

    func check(_ context: MigrationStatement) -> [Finding] {
        guard case .dropDatabase(let name) = context.statement.kind else { return [] }
        return [Self.description.finding(
            "DROP DATABASE \(quoteIdentifierIfNeeded(name)) destroys every table and row in it; never from a migration",
            at: context.location, object: name)]
    }
}

/// Removing NOT NULL lets NULLs reach code written against the constraint.
struct BanDropNotNull: MigrationRule {
    static let description = RuleDescription(
        id: "ban-drop-not-null", severity: .warning, category: .migration,
        summary: "DROP NOT NULL on a column of an existing table",
        rationale: "Code that reads the column was written knowing it is never NULL. Once the constraint goes, the first NULL written breaks those readers, and putting the constraint back later needs a full scan under an ACCESS EXCLUSIVE lock (or the CHECK ... NOT VALID dance). Make sure every reader handles NULL first.",
        triggeringExamples: [RuleExample("ALTER TABLE users ↓ALTER COLUMN email DROP NOT NULL;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);")],
        nonTriggeringExamples: ["CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\nALTER TABLE users ALTER COLUMN email DROP NOT NULL;"])

    func check(_ context: MigrationStatement) -> [Finding] {
        guard let (table, commands) = context.alterCommandsOnExistingTable else { return [] }
        return commands.compactMap { command -> Finding? in
            guard case .dropNotNull(let name) = command else { return nil }
            let lock = LockAnalysis.Lock(table: table.name, fact: LockFacts.dropNotNull)
            return Self.description.finding(
                "dropping NOT NULL on \(table.name).\(name) lets NULLs reach code written against it; it \(MigrationWording.lockSentence(lock))",
                at: context.location(ofFirst: "alter column"), object: "\(table.name.schema).\(table.name.name).\(name)")
        }
    }
}

/// ALTER DOMAIN ... ADD CONSTRAINT checks every column of the domain, in every table, under lock.
struct BanAlterDomainWithAddConstraint: MigrationRule {
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

    func check(_ context: MigrationStatement) -> [Finding] {
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
