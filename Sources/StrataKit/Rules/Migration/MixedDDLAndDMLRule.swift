import Foundation

struct MixedDDLAndDMLRule: MigrationRule {
    static let description = RuleDescription(
        id: "mixed-ddl-and-dml", severity: .warning, category: .migration,
        summary: "A migration changes an existing table's structure and its data",
        rationale: "Data changes in the same transaction as DDL hold the DDL's lock for as long as the data change runs, and a backfill belongs in batches outside the schema change. Keep schema migrations and data migrations apart.",
        triggeringExamples: [RuleExample("ALTER TABLE users ADD COLUMN tier text;\n↓UPDATE users SET tier = 'free';", setup: "CREATE TABLE users (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: [
            RuleExample("UPDATE users SET tier = 'free' WHERE id < 1000;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, tier text);"),
            "CREATE TABLE plans (id bigint PRIMARY KEY, name text);\nINSERT INTO plans VALUES (1, 'free');",
        ])

    func check(migration: MigrationSummary) -> [Finding] {
        let changesExisting = migration.locks.contains { locks in locks.contains { $0.fact.lock > .rowExclusive } }
        guard changesExisting else { return [] }
        for (index, statement) in migration.statements.enumerated() {
            guard case .dataChange(let change) = statement.kind, change.verb != .insert || !migration.locks[index].isEmpty,
                  !migration.locks[index].isEmpty else { continue }
            return [Self.description.finding("\(change.verb.rawValue.uppercased()) of \(change.table) in a migration that also changes existing tables' structure; move data changes to their own migration",
                                             at: statement.location)]
        }
        return []
    }
}
