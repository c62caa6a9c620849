import ArgumentParser
import Foundation
import StrataCLI
import StrataKit
import StrataPostgres

/// `strata`: the database architect in a binary. This is `strata-full`, every command; the
/// `strata` binary runs `lint` and `rules` itself and becomes this one for the others.
struct Strata: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Review PostgreSQL schemas the way a senior database architect would.",
        discussion: "Exit codes: 0 no finding at or above the failing severity, 1 findings, 2 usage, I/O or syntax error.",
        version: StrataVersion.current,
        subcommands: [Review.self, Lint.self, Migrate.self, Schema.self, ERD.self, Rules.self]
    )
}

@main
enum Main {
    static func main() async {
        await CommandMain.run(Strata.self, isInterrupted: { EphemeralCluster.interruptingSignal != nil }, finish: finish)
    }

    /// Exits, unless Ctrl-C (or SIGTERM) is being handled: then the handler stops the throwaway
    /// clusters and exits with 128 + signal, and this waits for it.
    static func finish(_ code: Int32) -> Never {
        while EphemeralCluster.interruptingSignal != nil { sleep(60) }
        Foundation.exit(code)
    }
}
