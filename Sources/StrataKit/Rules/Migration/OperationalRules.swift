import FoundationEssentials

/// Waiting for a lock blocks everyone queued behind the waiter: cap the wait.
struct MissingLockTimeout: MigrationRule {
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

struct BlockingMaintenance: MigrationRule {
    static let description = RuleDescription(
        id: "blocking-maintenance", severity: .error, category: .migration,
        summary: "VACUUM FULL, CLUSTER or REINDEX without CONCURRENTLY",
        rationale: "VACUUM FULL and CLUSTER rewrite the table under ACCESS EXCLUSIVE; REINDEX blocks writes (and reads through the index) while it rebuilds. Use REINDEX CONCURRENTLY, and pg_repack or a rebuild-and-swap instead of VACUUM FULL/CLUSTER.",
        triggeringExamples: [RuleExample("↓VACUUM FULL events;", setup: "CREATE TABLE events (id bigint PRIMARY KEY);"), RuleExample("↓REINDEX TABLE events;", setup: "CREATE TABLE events (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: [RuleExample("-- strata:no-transaction\nREINDEX TABLE CONCURRENTLY events;", setup: "CREATE TABLE events (id bigint PRIMARY KEY);")])

    func check(_ context: MigrationStatement) -> [Finding] {
        guard case .maintenance(let maintenance) = context.statement.kind else { return [] }
        let blocking = maintenance.verb == .vacuumFull || maintenance.verb == .cluster || (maintenance.verb == .reindex && !maintenance.concurrently)
        guard blocking else { return [] }
        let fact: LockFact = switch maintenance.verb {
        case .vacuumFull: LockFacts.vacuumFull
        case .cluster: LockFacts.cluster
        default: LockFacts.reindex
        }
        let target = maintenance.tables.first.map(\.description) ?? "the tables"
        return [Self.description.finding(
            "\(maintenance.verb == .vacuumFull ? "VACUUM FULL" : maintenance.verb.rawValue.uppercased()) \(fact.describe(on: target))",
            at: context.location, fix: Self.fix(maintenance.verb, target: target, postgresVersion: context.migration.postgresVersion))]
    }

    /// REINDEX CONCURRENTLY exists from PostgreSQL 12; before that, and for table rewrites, pg_repack.
    static func fix(_ verb: MaintenanceStatement.Verb, target: String, postgresVersion: Int) -> String {
        if verb == .reindex && postgresVersion >= 12 { return "-- strata:no-transaction\nREINDEX TABLE CONCURRENTLY \(target);" }
        if verb == .reindex { return "-- PostgreSQL \(postgresVersion) has no REINDEX CONCURRENTLY: CREATE INDEX CONCURRENTLY a copy, then drop the old index" }
        return "-- use pg_repack, or build a new table and swap it in"
    }
}

struct TransactionInMigration: MigrationRule {
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

struct PreferRobustStatements: MigrationRule {
    static let description = RuleDescription(
        id: "prefer-robust-statements", severity: .warning, category: .migration,
        summary: "Statement without IF [NOT] EXISTS in a migration that runs outside a transaction",
        rationale: "Outside a transaction a failure leaves the statements before it applied. Rerunning the migration must then skip what already exists: CREATE INDEX CONCURRENTLY IF NOT EXISTS, DROP INDEX CONCURRENTLY IF EXISTS, ADD COLUMN IF NOT EXISTS.",
        triggeringExamples: [RuleExample("-- strata:no-transaction\n↓CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);")],
        nonTriggeringExamples: [RuleExample("-- strata:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);", setup: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);")])

    func check(_ context: MigrationStatement) -> [Finding] {
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

struct MixedDDLAndDML: MigrationRule {
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

struct UnbatchedUpdate: MigrationRule {
    static let description = RuleDescription(
        id: "unbatched-update", severity: .warning, category: .migration,
        summary: "UPDATE or DELETE without WHERE on an existing table",
        rationale: "One statement over every row locks every row until it commits, bloats the table with dead tuples, floods WAL and replicas, and cannot be stopped halfway. Batch by key range.",
        triggeringExamples: [RuleExample("↓UPDATE users SET tier = 'free';", setup: "CREATE TABLE users (id bigint PRIMARY KEY, tier text);")],
        nonTriggeringExamples: [RuleExample("UPDATE users SET tier = 'free' WHERE id BETWEEN 1 AND 10000 AND tier IS NULL;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, tier text);")])

    func check(_ context: MigrationStatement) -> [Finding] {
        guard case .dataChange(let change) = context.statement.kind, change.verb == .update || change.verb == .delete,
              !change.hasWhere, let table = context.existingTable(change.table) else { return [] }
        let key = table.primaryKey?.columns.first.map(quoteIdentifierIfNeeded) ?? "id"
        return [Self.description.finding(
            "\(change.verb.rawValue.uppercased()) of every row of \(table.name) in one statement; batch it by key range",
            at: context.location, object: "\(table.name.schema).\(table.name.name)",
            fix: "-- repeat per batch, outside the schema migration:\n\(change.verb == .update ? "UPDATE \(table.name.sql) SET ..." : "DELETE FROM \(table.name.sql)") WHERE \(key) >= $1 AND \(key) < $1 + 10000;")]
    }
}

struct MigrationTooLarge: MigrationRule {
    static let description = RuleDescription(
        id: "migration-too-large", severity: .warning, category: .migration,
        summary: "Migration file over 1000 lines",
        rationale: "A huge migration is hard to review, holds its locks for the whole run, and when it fails there is no telling how far it got. Split it.",
        triggeringExamples: [RuleExample("↓CREATE TABLE t (id bigint PRIMARY KEY);" + String(repeating: "\n", count: 1001))],
        nonTriggeringExamples: ["CREATE TABLE t (id bigint PRIMARY KEY);"])

    func check(migration: MigrationSummary) -> [Finding] {
        let lines = migration.parsed.source.lineCount - (migration.parsed.source.bytes.last == UInt8(ascii: "\n") ? 1 : 0)
        guard lines > 1000 else { return [] }
        return [Self.description.finding("migration has \(lines) lines; split it into smaller migrations", at: migration.firstLocation)]
    }
}

struct MissingDownMigration: MigrationRule {
    static let description = RuleDescription(
        id: "missing-down-migration", severity: .warning, category: .migration,
        summary: "Migration in a folder has no .down.sql",
        rationale: "Without a down migration a bad deploy cannot be rolled back by the runner, and `strata lint` cannot check that the change is reversible.",
        triggeringExamples: [RuleExample("↓CREATE TABLE t (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: [RuleExample("CREATE TABLE t (id bigint PRIMARY KEY);", down: "DROP TABLE t;")])

    func check(migration: MigrationSummary) -> [Finding] {
        guard migration.file.inFolder, migration.file.downPath == nil else { return [] }
        let name = migration.path.lastPathComponent
        return [Self.description.finding("\(name) has no down migration", at: migration.firstLocation,
                                         fix: "-- add \(name.replacing(".up.sql", with: ".down.sql")) that reverts it")]
    }
}

/// Reported by the linter itself, which replays up then down and compares the models.
struct DownDoesNotRevert: MigrationRule {
    static let description = RuleDescription(
        id: "down-does-not-revert", severity: .error, category: .migration,
        summary: "Applying up then down does not give back the schema before up",
        rationale: "A down migration that leaves a column, index or constraint behind (or drops one that was there) makes rollback a gamble: the next up fails or the schema drifts from what the code expects.",
        triggeringExamples: [RuleExample("CREATE TABLE t (id bigint PRIMARY KEY);\nCREATE INDEX t_id_idx ON t (id);", down: "↓DROP INDEX t_id_idx;")],
        nonTriggeringExamples: [RuleExample("CREATE TABLE t (id bigint PRIMARY KEY);\nCREATE INDEX t_id_idx ON t (id);", down: "DROP INDEX t_id_idx;\nDROP TABLE t;")])
}
