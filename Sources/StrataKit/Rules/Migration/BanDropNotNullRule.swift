/// Removing NOT NULL lets NULLs reach code written against the constraint.
struct BanDropNotNullRule: MigrationRule {
    static let description = RuleDescription(
        id: "ban-drop-not-null", severity: .warning, category: .migration,
        summary: "DROP NOT NULL on a column of an existing table",
        rationale: "Code that reads the column was written knowing it is never NULL. Once the constraint goes, the first NULL written breaks those readers, and putting the constraint back later needs a full scan under an ACCESS EXCLUSIVE lock (or the CHECK ... NOT VALID dance). Make sure every reader handles NULL first.",
        triggeringExamples: [RuleExample("ALTER TABLE users ↓ALTER COLUMN email DROP NOT NULL;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);")],
        nonTriggeringExamples: ["CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\nALTER TABLE users ALTER COLUMN email DROP NOT NULL;"])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
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
