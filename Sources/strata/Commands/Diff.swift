import ArgumentParser
import Foundation
import StrataKit
import StrataPostgres

/// `strata diff`: the migration from one schema to another, online-safe, with its down.
struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the migration that turns one schema into another (SQL files, a migrations folder, or a postgres:// URL).",
        discussion: """
            Output: a psql script (`psql -v ON_ERROR_STOP=1 -f` runs it as is), online-safe on tables that exist. \
            Renames are kept only where the desired schema says `-- strata:renamed-from old_name` on the table's or column's line. \
            Exit codes: 0 a plan was written (or nothing differs), 1 with --exit-code when the schemas differ, 2 errors (a plan that would lose data, a failed proof).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case sql, json, text }

    @Option(name: .customLong("from"), parsing: .upToNextOption, help: "The current schema: SQL files, a migrations folder, or a postgres:// URL.")
    var from: [String]

    @Option(name: .customLong("to"), parsing: .upToNextOption, help: "The desired schema: SQL files, a migrations folder, or a postgres:// URL.")
    var to: [String]

    @Option(help: "Output format: sql (the up script), json (up, down, hazards, proof), text (a summary).")
    var format: Format = .sql

    @Option(help: "Also write the down script (the inverse plan) to this file.")
    var down: String?

    @Flag(help: "Prove the plan on a throwaway server: up gives the target, down gives the source back, up again the target.")
    var verify = false

    @Flag(name: .customLong("exit-code"), help: "Exit 1 when the schemas differ (a drift check for CI); the drift is shown even where applying it would lose data.")
    var exitCode = false

    @Flag(help: "Plain statements, no online precautions: for empty or private databases.")
    var offline = false

    @Flag(name: .customLong("allow-data-loss"), help: "Allow dropping tables and columns, narrowing types and removing enum values.")
    var allowDataLoss = false

    @Option(name: .customLong("lock-timeout"), help: "lock_timeout set before an online plan.")
    var lockTimeout = "5s"

    @Option(help: "Normalize files through a throwaway cluster before comparing: ephemeral (the default when a side is a database) or none.")
    var dev: String?

    func validate() throws {
        if from.isEmpty { throw ValidationError("--from needs the current schema: SQL files, a migrations folder, or a postgres:// URL") }
        if to.isEmpty { throw ValidationError("--to needs the desired schema: SQL files, a migrations folder, or a postgres:// URL") }
        if let dev, dev != "ephemeral", dev != "none" { throw ValidationError("--dev takes ephemeral or none") }
    }

    func run() async throws {
        // A drift check shows the drift whatever applying it would take: the plan is made even where
        // it loses data, and what it would lose is named on stderr.
        var options = DiffOptions(online: !offline, allowDataLoss: allowDataLoss || exitCode)
        options.lockTimeout = lockTimeout
        let result = try await SchemaDiffService.diff(from: SchemaSource.parse(from), to: SchemaSource.parse(to), options: options,
                                                      normalize: dev.map { $0 == "ephemeral" }, verify: verify)
        for note in result.unmodeled { Console.error("warning: \(note)") }
        if let down { try FileSystem.writeText(result.down.script, to: down) }
        switch format {
        case .sql: Console.write(result.up.script)
        case .text: Console.write(result.up.summary)
        case .json: Console.write(try Self.json(result))
        }
        if let proof = result.proof, format != .json { for line in proof { Console.error("proof: \(line)") } }
        if exitCode, !allowDataLoss {
            for step in result.up.dataLossSteps { Console.error("warning: applying this drift loses data (--allow-data-loss to write it): \(step.dataLoss ?? "")") }
        }
        if exitCode, !result.up.isEmpty { throw ExitCode(1) }
    }

    struct Output: Encodable {
        var differs: Bool
        var up: MigrationPlan
        var down: MigrationPlan
        var upScript: String
        var downScript: String
        var proof: [String]?
        var unmodeled: [String]
    }

    static func json(_ result: SchemaDiffResult) throws -> String {
        let output = Output(differs: !result.up.isEmpty, up: result.up, down: result.down, upScript: result.up.script,
                            downScript: result.down.script, proof: result.proof, unmodeled: result.unmodeled)
        return try Console.json(output)
    }
}
