import Foundation

/// Waiting for a lock blocks everyone queued behind the waiter: cap the wait.
struct MissingLockTimeoutRule: MigrationRule {
    static let description = RuleDescription(
        id: "missing-lock-timeout", severity: .warning, category: .migration,
        summary: "A statement locks an existing table against writes with no lock_timeout set",
        rationale: "A statement waiting for ACCESS EXCLUSIVE behind one long-running query blocks every later query on that table, reads included: the lock queue turns a slow report into an outage. `SET lock_timeout = '2s'` first makes the migration fail fast instead; retry it later.",
        triggeringExamples: [RuleExample("↓ALTER TABLE users ADD COLUMN nickname text;", setup: "CREATE TABLE users (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: [
            RuleExample("SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN nickname text;", setup: "CREATE TABLE users (id bigint PRIMARY KEY);"),
            "CREATE TABLE users (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN nickname text;",
        ])

    func check(migration: MigrationSummary) -> [Finding] {
        var timeoutSet = false
        for (index, statement) in migration.statements.enumerated() {
            if case .setting(let name, _) = statement.kind, name == "lock_timeout" { timeoutSet = true }
            if timeoutSet { return [] }
            guard let lock = migration.locks[index].first(where: { $0.fact.lock.blocksWrites }) else { continue }
            return [Self.description.finding(
                "this statement \(MigrationWording.lockSentence(lock)) with no lock_timeout: if it waits, everything queues behind it",
                at: statement.location, object: lock.table.description, fix: "SET lock_timeout = '2s';  -- first statement of the migration")]
        }
        return []
    }
}
