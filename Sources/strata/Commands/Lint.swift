import ArgumentParser
import StrataKit

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lint migrations for locks, rewrites and breaking changes, knowing the schema before each one.",
        discussion: "A folder's migrations are replayed in version order, in the layout they are kept (up/down pairs as Strata, golang-migrate and sqlx write them, diesel, dbmate, goose, Flyway, pop, Prisma, Atlas: detected from the files and named on stderr); each statement is judged against the schema as it stands at that moment. Exit codes as for `review`."
    )

    @OptionGroup var input: FileInputOptions

    @Option(help: "Lint only this version and later; earlier migrations are replayed to know the schema.")
    var since: String?

    @Option(name: .customLong("changed-since"), help: ArgumentHelp("Lint only the migrations changed since this git revision (a branch's own: origin/main), and files git does not track yet; the rest are replayed to know the schema.", valueName: "git-ref"))
    var changedSince: String?

    @Option(help: "Output format: text, json, sarif, github.")
    var format: FindingFormat = .text

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: info, warning, error.")
    var failOn: Severity?

    @Option(name: .customLong("pg-version"), help: "PostgreSQL major version the migrations target (15 is what Strata's lock facts were measured on).")
    var pgVersion: Int = 15

    func validate() throws {
        if let since, UInt64(since.prefix { $0.isNumber }) == nil { throw ValidationError("--since takes a migration version number, e.g. 0042") }
        if let since, input.paths.allSatisfy({ FileSystem.isDirectory($0) == false }) {
            throw ValidationError("--since \(since) picks migrations of a folder by version; single files have no history to pick from: give the folder")
        }
        if !(11...17).contains(pgVersion) {
            throw ValidationError("--pg-version must be 11 to 17 (before 11 every ADD COLUMN ... DEFAULT rewrites; Strata's lock facts stop at 17)")
        }
    }

    init() {}

    func run() throws {
        var configuration = try input.loadConfiguration()
        if let failOn { configuration.failOn = failOn }
        var linter = MigrationLinter(configuration: configuration, since: since.flatMap { UInt64($0.prefix { $0.isNumber }) },
                                     postgresVersion: pgVersion)
        if let changedSince {
            let changed = try GitChanges.files(since: changedSince, under: input.paths)
            linter.onlyPaths = Set(changed.map(MigrationLinter.canonical))
            Console.error("linting \(changed.count) migration file\(changed.count == 1 ? "" : "s") changed since \(changedSince)")
        }
        // Discovered once: the layouts are named, then the same files linted.
        let folders = try MigrationFolder.discoverWithLayouts(input.paths)
        for folder in folders {
            guard let layout = folder.layout else { continue }
            Console.error("\(folder.path): layout: \(layout.rawValue), \(folder.files.count) migration\(folder.files.count == 1 ? "" : "s")")
        }
        try FindingOutput.emit(try linter.lint(files: folders.flatMap(\.files)), format: format, failOn: configuration.failOn)
    }
}
