import Foundation

struct MissingDownMigrationRule: MigrationRule {
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
