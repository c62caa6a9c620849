import ArgumentParser
import Foundation
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
        subcommands: [New.self, Diff.self, Status.self, Up.self, Down.self, Redo.self, Verify.self, Trace.self]
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

    func migrations(_ configuration: Configuration) throws -> MigrationSet {
        try MigrationSet.load(directory: configuration.migrationsDirectory(override: dir))
    }

    /// Connects, runs `body` with a migrator, and always disconnects (and removes a throwaway cluster).
    func withMigrator<T>(_ configuration: Configuration, allowOutOfOrder: Bool = false, force: Bool = false,
                         _ body: (Migrator) async throws -> T) async throws -> T {
        let set = try migrations(configuration)
        let target: any MigrationTarget
        let close: () async -> Void
        switch DatabaseTarget(database ?? configuration.resolvedMigrationsDatabase) {
        case .sqlite(let path):
            guard !path.isEmpty else { throw ValidationError("sqlite: needs a file, e.g. sqlite:app.db") }
            target = try SQLiteMigrationTarget(path: path)
            close = {}
        case let postgres:
            let connection = try await DatabaseConnection.open(postgres)
            target = PostgresMigrationTarget(session: connection.session)
            close = { await connection.close() }
        }
        var migrator = Migrator(migrations: set, target: target)
        migrator.lockTimeout = .seconds(lockTimeout)
        migrator.allowOutOfOrder = allowOutOfOrder
        migrator.force = force
        migrator.configuration = configuration
        do {
            let result = try await body(migrator)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
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
            let paths = try MigrationSet.create(name: name, in: configuration.migrationsDirectory(override: options.dir))
            Console.write("created \(paths.up)\ncreated \(paths.down)\n")
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the next migrations: from what the folder builds to the desired schema, with their downs, proven first.",
            discussion: "What must not share a transaction (a concurrent index build, a validation) goes in consecutive migrations. Nothing is written if the plan would lose data (without --allow-data-loss) or fails its proof on a throwaway server."
        )

        @Argument(help: "What the migration does, e.g. add_invoice_status.")
        var name: String

        @Option(parsing: .upToNextOption, help: "The desired schema: one or more SQL files.")
        var schema: [String]

        @Flag(help: "Plain statements, no online precautions: for empty or private databases.")
        var offline = false

        @Flag(name: .customLong("allow-data-loss"), help: "Allow dropping tables and columns, narrowing types and removing enum values.")
        var allowDataLoss = false

        @OptionGroup var options: MigrateOptions

        func validate() throws {
            if schema.isEmpty { throw ValidationError("--schema needs the desired schema's SQL files") }
        }

        func run() async throws {
            let configuration = try options.loadConfiguration()
            let directory = configuration.migrationsDirectory(override: options.dir)
            try FileSystem.createDirectories(directory)
            let outcome = try await MigrationDiffWriter.write(name: name, directory: directory, schema: schema,
                                                              options: DiffOptions(online: !offline, allowDataLoss: allowDataLoss))
            for path in outcome.written { Console.write("created \(path)\n") }
            for line in outcome.proof { Console.write("proof: \(line)\n") }
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
            let report = MigrationStatusReport(try await options.withMigrator(configuration) { try await $0.status() })
            Console.write(format == .json ? report.json : report.text)
            if report.needsAttention > 0 { throw ExitCode(1) }
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
                try await migrator.up(to: to, dryRun: dryRun, progress: MigrationProgress.printer())
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
            discussion: "Every migration is checked in one run (after a failure the check goes on from the ups so far). Exit 1 naming each migration whose down does not revert (and the differences), 2 on errors.")

        @OptionGroup var options: MigrateOptions

        func run() async throws {
            let configuration = try options.loadConfiguration()
            let set = try options.migrations(configuration)
            let steps = try await MigrationVerifier.verify(set) { step in Console.write(step.summary + "\n") }
            let failures = steps.compactMap(\.finding)
            for failure in failures { Console.error(FindingRenderer(format: .text).line(for: failure)) }
            if !failures.isEmpty {
                Console.error("\(failures.count) of \(steps.count) migration\(steps.count == 1 ? "" : "s") failed verification")
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
            let traced = try await MigrationTracer.trace(set, since: since) { statement in Console.write(statement.report) }
            let disagreements = traced.flatMap(\.disagreements).count
            Console.write("traced \(traced.count) statement\(traced.count == 1 ? "" : "s"): " +
                          (disagreements == 0 ? "every lock and rewrite as strata lint predicted\n" : "\(disagreements) disagreement\(disagreements == 1 ? "" : "s") with strata lint (please report them)\n"))
            if disagreements > 0 { throw ExitCode(1) }
        }
    }
}
