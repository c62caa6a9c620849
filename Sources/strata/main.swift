import ArgumentParser
import StrataCLI

/// `strata`: the commands that read only files (`lint`, `rules`) run in this small binary; for the
/// others it becomes `strata-full` (see `Launcher`). `strata --help` and `--version` come from there
/// too, so they list every command.
struct Strata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Review PostgreSQL schemas the way a senior database architect would.",
        subcommands: [Lint.self, Rules.self]
    )
}

if Launcher.runsHere(CommandLine.arguments) {
    Launcher.useCompactHeap()
    await CommandMain.run(Strata.self)
} else {
    Launcher.becomeFullBinary(CommandLine.arguments)
}
