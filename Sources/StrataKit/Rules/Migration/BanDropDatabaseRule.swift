/// DROP DATABASE has no business in a migration.
struct BanDropDatabaseRule: MigrationRule {
    static let description = RuleDescription(
        id: "ban-drop-database", severity: .error, category: .migration,
        summary: "DROP DATABASE in a migration",
        rationale: "A migration runs unattended, in every environment, production included. Dropping a database destroys every table and every row in it, and no down migration brings them back. If a database must go, drop it by hand, deliberately, after a backup.",
        triggeringExamples: ["↓DROP DATABASE analytics;"],
        nonTriggeringExamples: ["CREATE TABLE reports (id bigint PRIMARY KEY);"])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard case .dropDatabase(let name) = context.statement.kind else { return [] }
        return [Self.description.finding(
            "DROP DATABASE \(quoteIdentifierIfNeeded(name)) destroys every table and row in it; never from a migration",
            at: context.location, object: name)]
    }
}
