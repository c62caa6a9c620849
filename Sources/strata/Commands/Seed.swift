import ArgumentParser
import Foundation
import StrataKit
import StrataPostgres

/// `strata seed`: an environment's reference rows, applied idempotently or checked.
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply reference and environment data: seeds/common plus seeds/<env>, one CSV or YAML file a table, as upserts in foreign-key order.",
        discussion: """
            Each row is keyed by the table's primary key (or the file's key: [...]); a foreign key may be written as the parent's natural key \
            (plan: pro for plan_id). Everything runs in one transaction under an advisory lock, and a row is written only when it differs, \
            so a second run writes nothing. Rows the seeds no longer list are reported, and deleted only with --prune. \
            Exit 0 applied (or, with --check, nothing would change), 1 with --check when something would, 2 on errors (nothing written).
            """
    )

    @Option(help: "postgres://... (or DATABASE_URL), or `ephemeral` with --load to try it on a throwaway server.")
    var database: String?

    @Option(help: "The environment: seeds/<env>/ applied after seeds/common/.")
    var env: String

    @Option(help: "The seeds folder.")
    var dir: String = "seeds"

    @Option(name: .customLong("load"), parsing: .singleValue, help: "With --database ephemeral: SQL files or a migrations folder to create the schema first.")
    var load: [String] = []

    @Flag(help: "Report what applying would change (added, changed with old and new values, unlisted), write nothing.")
    var check = false

    @Flag(help: "Also delete rows the seeds no longer list (refused, with the rows' referrers named, when other rows reference them).")
    var prune = false

    @OptionGroup var configOption: ConfigOption

    func validate() throws {
        if DatabaseTarget(database) == .ephemeral, load.isEmpty { throw ValidationError("--database ephemeral needs --load with the schema to seed") }
        if !load.isEmpty, DatabaseTarget(database) != .ephemeral { throw ValidationError("--load creates a schema only in --database ephemeral; Strata never writes DDL to a database it did not create") }
        if check, prune { throw ValidationError("--check changes nothing: drop --prune, or drop --check to prune") }
    }

    func run() async throws {
        let files = try Seeder.files(folder: dir, environment: env)
        let scripts = try Seeder.scripts(folder: dir, environment: env)
        let report = try await DatabaseConnection.with(DatabaseTarget(database)) { session in
            if !load.isEmpty { _ = try await ScriptRunner.run(paths: load, on: session) }
            return try await Seeder.seed(files, scripts: scripts, on: session, check: check, prune: prune)
        }
        for table in report.tables {
            if check {
                for change in table.changes {
                    var line = "\(table.table) (\(change.key)): \(change.kind.rawValue)"
                    if !change.columns.isEmpty { line += ": " + change.columns.map { "\($0.name) \($0.old) → \($0.new)" }.joined(separator: ", ") }
                    Console.write(line + "\n")
                }
            } else {
                var line = "\(table.table): \(table.inserted) inserted, \(table.updated) updated, \(table.unchanged) unchanged"
                if table.pruned > 0 { line += ", \(table.pruned) pruned" }
                if table.unlisted > 0 { line += ", \(table.unlisted) not listed by the seeds (kept; --prune deletes them)" }
                Console.write(line + "\n")
            }
        }
        for script in report.scripts { Console.write("\(script): \(check ? "would run (new or changed)" : "ran (new or changed)")\n") }
        if check {
            Console.write(report.drift ? "the database differs from the seeds\n" : "the database matches the seeds\n")
            if report.drift { throw ExitCode(1) }
        }
    }
}
