import Foundation

struct BlockingMaintenanceRule: MigrationRule {
    static let description = RuleDescription(
        id: "blocking-maintenance", severity: .error, category: .migration,
        summary: "VACUUM FULL, CLUSTER or REINDEX without CONCURRENTLY",
        rationale: "VACUUM FULL and CLUSTER rewrite the table under ACCESS EXCLUSIVE; REINDEX blocks writes (and reads through the index) while it rebuilds. Use REINDEX CONCURRENTLY, and pg_repack or a rebuild-and-swap instead of VACUUM FULL/CLUSTER.",
        triggeringExamples: [RuleExample("↓VACUUM FULL events;", setup: "CREATE TABLE events (id bigint PRIMARY KEY);"), RuleExample("↓REINDEX TABLE events;", setup: "CREATE TABLE events (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: [RuleExample("-- strata:no-transaction\nREINDEX TABLE CONCURRENTLY events;", setup: "CREATE TABLE events (id bigint PRIMARY KEY);")])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        guard case .maintenance(let maintenance) = context.statement.kind else { return [] }
        let blocking = maintenance.verb == .vacuumFull || maintenance.verb == .cluster || (maintenance.verb == .reindex && !maintenance.concurrently)
        guard blocking else { return [] }
        let fact: LockFact = switch maintenance.verb {
        case .vacuumFull: LockFacts.vacuumFull
        case .cluster: LockFacts.cluster
        default: LockFacts.reindex
        }
        let target = maintenance.tables.first.map(\.sql) ?? "the tables"
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
