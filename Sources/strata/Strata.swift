import ArgumentParser
import Foundation
import StrataKit
import StrataPostgres

/// `strata`: the database architect in a binary.
struct Strata: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "The database architect in a binary: review schemas, lint and run migrations, write them (diff), break plans down and advise indexes.",
        discussion: "Exit codes: 0 no finding at or above the failing severity, 1 findings, 2 usage, I/O or syntax error.",
        version: StrataVersion.current,
        subcommands: [Review.self, Lint.self, Migrate.self, Diff.self, Explain.self, Advise.self, Queries.self, Design.self, Fake.self, Schema.self, ERD.self, Rules.self]
    )
}

@main
enum Main {
    static func main() async {
        let code = await CommandMain.run(Strata.self, isInterrupted: { EphemeralCluster.interruptingSignal != nil })
        // Ctrl-C (or SIGTERM) being handled: the handler stops the throwaway clusters and exits
        // with 128 + signal; wait for it.
        while EphemeralCluster.interruptingSignal != nil { sleep(60) }
        exit(code)
    }
}
