import ArgumentParser
import Foundation
import StrataCLI
import StrataKit
import StrataPostgres
import StrataSQLite

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run migrations: each in its own transaction with its history row, checked, locked against other runners.",
        discussion: """
            Migrations are NNNN_name.up.sql and NNNN_name.down.sql in --dir (default: migrations). History is kept in \
            strata_migrations. Exit codes: 0 done, 1 refused because of lint errors (up) or history problems (status), \
            2 usage, connection or migration errors.
            """,
        subcommands: [New.self, Status.self, Up.self, Down.self, Redo.self, Verify.self, Trace.self]
    )
}

/// `--dir`, `--database`, `--config`, `--lock-timeout`: where the migrations are and where they go.
struct MigrateOptions: ParsableArguments {
    @Option(help: "The migrations folder (default: strata.toml's [migrate] dir, else ./migrations).")
    var dir: String?

    @Option(help: ArgumentHelp(
        "postgres://user:pass@host:port/db, sqlite:path/to/file.db, or `ephemeral` (a throwaway local cluster).",
        discussion: "Default: strata.toml's [migrate] database, then DATABASE_URL and libpq's PG* variables."))
    var database: String?

    @Option(name: .customLong("lock-timeout"), help: "Seconds to wait for another runner's migration lock.")
    var lockTimeout: Int = 60

    @OptionGroup var configOption: ConfigOption

    func loadConfiguration() throws -> Configuration { try configOption.loadConfiguration() }

    /// The folder: --dir, else strata.toml's (relative to the file), else `migrations`.
    func directory(_ configuration: Configuration) -> String {
        if let dir { return dir }
        if let configured = configuration.migrationsDirectory {
            guard !configured.hasPrefix("/"), let path = configuration.path else { return configured }
            return ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(configured)
        }
        return "migrations"
    }

    /// strata.toml's database; a relative `sqlite:` path is relative to the file, as `dir` is.
    func configuredDatabase(_ configuration: Configuration) -> String? {
        guard let database = configuration.migrationsDatabase, database.hasPrefix("sqlite:"), let path = configuration.path else {
            return configuration.migrationsDatabase
        }
        let file = String(database.dropFirst("sqlite:".count))
        guard !file.hasPrefix("/") else { return database }
        return "sqlite:" + ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(file)
    }

    func migrations(_ configuration: Configuration) throws -> MigrationSet {
        try FindingOutput.reading { try MigrationSet.load(directory: directory(configuration)) }
    }

    /// Connects, runs `body` with a migrator, and always disconnects (and removes a throwaway cluster).
    func withMigrator<T>(_ configuration: Configuration, allowOutOfOrder: Bool = false, force: Bool = false,
                         _ body: (Migrator) async throws -> T) async throws -> T {
        let set = try migrations(configuration)
        let connection: MigrationConnection
        do {
            connection = try await MigrationConnection.open(database ?? configuredDatabase(configuration))
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        var migrator = Migrator(migrations: set, target: connection.target)
        migrator.lockTimeout = .seconds(lockTimeout)
        migrator.allowOutOfOrder = allowOutOfOrder
        migrator.force = force
        migrator.configuration = configuration
        do {
            let result = try await body(migrator)
            await connection.close()
            return result
        } catch {
            await connection.close()
            if error is ExitCode { throw error }
            Console.error("\(error)")
            throw ExitCode(2)
        }
    }
}

/// An open migration target and what must be closed after it.
struct MigrationConnection {
    var target: any MigrationTarget
    var close: @Sendable () async -> Void

    static func open(_ database: String?) async throws -> MigrationConnection {
        if let database, database.hasPrefix("sqlite:") {
            let path = String(database.dropFirst("sqlite:".count)).replacingOccurrences(of: "^//", with: "", options: .regularExpression)
            guard !path.isEmpty else { throw ValidationError("sqlite: needs a file, e.g. sqlite:app.db") }
            return MigrationConnection(target: try SQLiteMigrationTarget(path: path)) {}
        }
        if database == LiveDatabase.ephemeral {
            let cluster = try EphemeralCluster.start()
            do {
                let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(cluster.connectionURL, environment: [:]))
                return MigrationConnection(target: PostgresMigrationTarget(session: session)) {
                    await session.close()
                    cluster.stop()
                }
            } catch {
                cluster.stop()
                throw error
            }
        }
        let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(database))
        return MigrationConnection(target: PostgresMigrationTarget(session: session)) { await session.close() }
    }
}

/// Prints what a migrator does, as it does it.
enum MigrationProgress {
    static func printer(format: FindingFormat = .text) -> @Sendable (MigrationEvent) -> Void {
        { event in
            switch event {
            case .findings(let findings):
                let renderer = FindingRenderer(format: format, useColor: Console.useColor, scope: "the pending migrations")
                renderer.render(findings, fileCount: Set(findings.compactMap { $0.location?.file }).count) { Console.write($0) }
            case .willApply(let migration, let resumeAt):
                Console.write("applying \(migration.label)" + (resumeAt > 0 ? " (resuming at statement \(resumeAt + 1))" : "") + " ... ")
            case .applied(_, let duration):
                Console.write("done in \(duration.inMilliseconds) ms\n")
            case .willRevert(let migration):
                Console.write("reverting \(migration.label) ... ")
            case .reverted(_, let duration):
                Console.write("done in \(duration.inMilliseconds) ms\n")
            case .failed:
                Console.write("failed\n")
            case .dryRun(let migration):
                Console.write("-- \(migration.label) (\(migration.upPath))" + (migration.upRunsOutsideTransaction ? ", outside a transaction" : ", in one transaction") + "\n")
                Console.write(migration.up.hasSuffix("\n") ? migration.up : migration.up + "\n")
            }
        }
    }
}

extension Migrate {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the next NNNN_name.up.sql and NNNN_name.down.sql.")

        @Argument(help: "What the migration does, e.g. add_orders_status.")
        var name: String

        @OptionGroup var options: MigrateOptions

        func run() throws {
            let configuration = try options.loadConfiguration()
            let paths = try FindingOutput.reading { try MigrationSet.create(name: name, in: options.directory(configuration)) }
            Console.write("created \(paths.up)\ncreated \(paths.down)\n")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Applied, pending, edited, missing and out-of-order migrations.",
            discussion: "Exit 1 when an applied file was edited or is missing, a pending one is out of order, or one is partially applied.")

        @OptionGroup var options: MigrateOptions

        @Option(help: "Output format: text or json.")
        var format: StatusFormat = .text

        enum StatusFormat: String, ExpressibleByArgument { case text, json }

        func run() async throws {
            let configuration = try options.loadConfiguration()
            let states = try await options.withMigrator(configuration) { try await $0.status() }
            let rows = states.map { state -> [String] in
                var note = ""
                switch state.kind {
                case .edited: note = "file changed since it was applied"
                case .missingFile: note = "applied, but the file is gone"
                case .outOfOrder: note = "older than an applied version: `up` refuses it without --allow-out-of-order"
                case .partial: note = "\(state.applied?.statementsDone ?? 0) statements done; `up` resumes"
                default: break
                }
                return [MigrationSet.format(state.version, width: 4), state.name, state.kind.rawValue, state.applied?.appliedAt ?? "", note]
            }
            if format == .json {
                let objects: [[String: Any]] = zip(states, rows).map { state, row in
                    var object: [String: Any] = ["version": state.version, "name": state.name, "state": state.kind.rawValue]
                    if let applied = state.applied {
                        object["appliedAt"] = applied.appliedAt
                        object["checksum"] = applied.checksum
                        object["executionMs"] = applied.executionMilliseconds
                        object["appliedBy"] = applied.appliedBy
                    }
                    if let path = state.path { object["file"] = path }
                    if !row[4].isEmpty { object["note"] = row[4] }
                    return object
                }
                let data = try JSONSerialization.data(withJSONObject: ["migrations": objects], options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                Console.write(String(decoding: data, as: UTF8.self) + "\n")
            } else {
                let header = ["version", "name", "state", "applied at", ""]
                let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
                for row in [header] + rows {
                    Console.write(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                        .trimmingCharacters(in: .whitespaces) + "\n")
                }
            }
            let pending = states.filter { $0.kind == .pending }.count
            let problems = states.filter { [.edited, .missingFile, .outOfOrder, .partial].contains($0.kind) }.count
            if format == .text {
                Console.write("\(states.count - pending - problems) applied, \(pending) pending, \(problems) needing attention\n")
            }
            if problems > 0 { throw ExitCode(1) }
        }
    }

    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending migrations, each in its own transaction, after linting them.",
            discussion: "Stops at the first failure; that migration is rolled back entirely and reported at its file, line and column.")

        @OptionGroup var options: MigrateOptions

        @Option(help: "Apply up to and including this version.")
        var to: UInt64?

        @Flag(name: .customLong("dry-run"), help: "Print the pending migrations' SQL and lint findings; apply nothing.")
        var dryRun = false

        @Flag(name: .customLong("allow-out-of-order"), help: "Apply pending versions older than the newest applied one.")
        var allowOutOfOrder = false

        @Flag(help: "Apply even when strata lint reports errors.")
        var force = false

        func run() async throws {
            let configuration = try options.loadConfiguration()
            let applied = try await options.withMigrator(configuration, allowOutOfOrder: allowOutOfOrder, force: force) { migrator in
                do {
                    return try await migrator.up(to: to, dryRun: dryRun, progress: MigrationProgress.printer())
                } catch let error as MigrationError where error.message.hasPrefix("strata lint reports") {
                    Console.error("\(error)")
                    throw ExitCode(1)
                }
            }
            if !dryRun { Console.write(applied.isEmpty ? "nothing to apply: the database is up to date\n" : "applied \(applied.count) migration\(applied.count == 1 ? "" : "s")\n") }
        }
    }

    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revert the newest applied migrations (one by default).")

        @OptionGroup var options: MigrateOptions

        @Option(help: "How many migrations to revert.")
        var steps: Int?

        @Option(help: "Revert every applied migration newer than this version.")
        var to: UInt64?

        func validate() throws {
            if steps != nil, to != nil { throw ValidationError("give --steps or --to, not both") }
            if let steps, steps < 1 { throw ValidationError("--steps must be at least 1") }
        }

        func run() async throws {
            let configuration = try options.loadConfiguration()
            let reverted = try await options.withMigrator(configuration) { try await $0.down(steps: steps, to: to, progress: MigrationProgress.printer()) }
            Console.write(reverted.isEmpty ? "nothing to revert\n" : "reverted \(reverted.count) migration\(reverted.count == 1 ? "" : "s")\n")
        }
    }

    struct Redo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revert the newest applied migration and apply it again.")

        @OptionGroup var options: MigrateOptions

        func run() async throws {
            let configuration = try options.loadConfiguration()
            try await options.withMigrator(configuration, force: true) { try await $0.redo(progress: MigrationProgress.printer()) }
        }
    }
}

extension Migrate {
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "On a throwaway cluster: every migration up, down, up again; the schema after down must equal the schema before up.",
            discussion: "Exit 1 naming the first migration whose down does not revert (and the differences), 2 on errors.")

        @OptionGroup var options: MigrateOptions

        func run() async throws {
            let configuration = try options.loadConfiguration()
            let set = try options.migrations(configuration)
            let steps: [MigrationVerifier.Step]
            do {
                steps = try await MigrationVerifier.verify(set) { step in
                    Console.write("\(step.migration.label): " + (step.problem.map { "FAILED: \($0)" } ?? "up, down, up: down reverts exactly") + "\n")
                }
            } catch {
                Console.error("\(error)")
                throw ExitCode(2)
            }
            if let failed = steps.first(where: { $0.problem != nil }) {
                Console.error("\(failed.migration.downPath ?? failed.migration.upPath):1:1: error[down-does-not-revert] \(failed.migration.label) \(failed.problem ?? "")")
                throw ExitCode(1)
            }
            Console.write("verified \(steps.count) migration\(steps.count == 1 ? "" : "s")\n")
        }
    }

    struct Trace: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "On a throwaway cluster: the locks and rewrites each statement really takes, against what strata lint predicted.",
            discussion: "Exit 1 when observation and prediction disagree (a bug in Strata's lock facts: please report it).")

        @OptionGroup var options: MigrateOptions

        @Option(help: "Trace this version and later; earlier migrations are applied first.")
        var since: UInt64?

        func run() async throws {
            let configuration = try options.loadConfiguration()
            let set = try options.migrations(configuration)
            let traced: [MigrationTracer.TracedStatement]
            do {
                traced = try await MigrationTracer.trace(set, since: since) { statement in
                    let firstLine = statement.sql.split(separator: "\n").first.map(String.init) ?? ""
                    var text = "\(statement.location.file):\(statement.location.line):\(statement.location.column): \(firstLine)\n"
                    if statement.untraced {
                        text += "    runs outside a transaction: locks not observable"
                        text += statement.predicted.isEmpty ? "\n" : "; lint predicts " + statement.predicted.map { "\($0.mode.rawValue) on \($0.relation)" }.joined(separator: ", ") + "\n"
                    } else {
                        text += "    locks: " + (statement.locks.isEmpty ? "none on existing tables" : statement.locks.map { "\($0.mode.rawValue) on \($0.relation)" }.joined(separator: ", "))
                        text += statement.rewritten.isEmpty ? "; no rewrite\n" : "; rewrites " + statement.rewritten.joined(separator: ", ") + "\n"
                    }
                    for disagreement in statement.disagreements { text += "    DISAGREEMENT: \(disagreement)\n" }
                    Console.write(text)
                }
            } catch {
                Console.error("\(error)")
                throw ExitCode(2)
            }
            let disagreements = traced.flatMap(\.disagreements).count
            Console.write("traced \(traced.count) statement\(traced.count == 1 ? "" : "s"): " +
                          (disagreements == 0 ? "every lock and rewrite as strata lint predicted\n" : "\(disagreements) disagreement\(disagreements == 1 ? "" : "s") with strata lint (please report them)\n"))
            if disagreements > 0 { throw ExitCode(1) }
        }
    }
}
