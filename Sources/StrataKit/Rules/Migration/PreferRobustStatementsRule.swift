import Foundation

struct PreferRobustStatementsRule: MigrationRule {
    static let description = RuleDescription(
        id: "prefer-robust-statements", severity: .warning, category: .migration,
        summary: "Statement without IF [NOT] EXISTS in a migration that runs outside a transaction",
        rationale: "Outside a transaction a failure leaves the statements before it applied. Rerunning the migration must then skip what already exists: CREATE INDEX CONCURRENTLY IF NOT EXISTS, DROP INDEX CONCURRENTLY IF EXISTS, ADD COLUMN IF NOT EXISTS.",
        triggeringExamples: [RuleExample("-- strata:no-transaction\n↓CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);")],
        nonTriggeringExamples: [RuleExample("-- strata:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);")])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard context.migration.noTransaction else { return [] }
        let fragile: String? = switch context.statement.kind {
        case .createIndex(let create) where !create.ifNotExists: "CREATE INDEX without IF NOT EXISTS"
        case .drop(let drop) where !drop.ifExists: "DROP without IF EXISTS"
        case .createTable(let create) where !create.ifNotExists: "CREATE TABLE without IF NOT EXISTS"
        case .alterTable(let alter) where alter.commands.contains(where: { if case .addColumn(_, false) = $0 { return true }; return false }): "ADD COLUMN without IF NOT EXISTS"
        default: nil
        }
        guard let fragile else { return [] }
        return [Self.description.finding("\(fragile) in a no-transaction migration: a rerun after a partial failure stops here",
                                         at: context.location)]
    }
}
