import Foundation

struct TransactionInMigrationRule: MigrationRule {
    static let description = RuleDescription(
        id: "transaction-in-migration", severity: .error, category: .migration,
        summary: "BEGIN/COMMIT inside a migration that already runs in a transaction",
        rationale: "The runner wraps the migration in a transaction; a COMMIT inside ends it early, so a later failure leaves the first half applied and the history saying otherwise. Remove BEGIN/COMMIT and let the runner own the transaction.",
        triggeringExamples: [RuleExample("↓BEGIN;\nALTER TABLE users ADD COLUMN n int;\nCOMMIT;", setup: "CREATE TABLE users (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: [RuleExample("ALTER TABLE users ADD COLUMN n int;", setup: "CREATE TABLE users (id bigint PRIMARY KEY);")])

    func check(migration: MigrationSummary) -> [Finding] {
        guard !migration.noTransaction else { return [] }
        guard let first = migration.statements.first(where: { statement in
            if case .transaction(let kind) = statement.kind { return kind == .begin || kind == .commit || kind == .rollback }
            return false
        }) else { return [] }
        return [Self.description.finding("transaction control inside a migration that runs in a transaction; remove BEGIN/COMMIT",
                                         at: first.location)]
    }
}
