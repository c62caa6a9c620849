import ArgumentParser
import Foundation
import StrataKit
import StrataPostgres
import Synchronization

/// `strata`: the database architect in a binary.
struct Strata: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "The database architect in a binary: review schemas, lint and run migrations, write them (diff), break plans down and advise indexes.",
        discussion: "Exit codes: 0 no finding at or above the failing severity, 1 findings, 2 usage, I/O or syntax error.",
        version: StrataVersion.current,
        subcommands: [Review.self, Lint.self, Migrate.self, Diff.self, Explain.self, Advise.self, Queries.self, Design.self, Fake.self, Seed.self, Schema.self, ERD.self, Docs.self, Rules.self]
    )
}

@main
enum Main {
    static func main() async {
        Interruption.install()
        let code = await CommandMain.run(Strata.self, isInterrupted: { Interruption.signal != nil })
        // Ctrl-C (or SIGTERM) being handled: the handler stops the throwaway clusters and exits
        // with 128 + signal; wait for it.
        while Interruption.signal != nil { sleep(60) }
        exit(code)
    }
}

/// Ctrl-C and SIGTERM: every throwaway cluster is stopped and deleted, then the process ends
/// with 128 + signal. The executable's decision, not the library's.
enum Interruption {
    private static let received = Mutex<Int32?>(nil)
    private static let sources = Mutex<[any DispatchSourceSignal]>([])

    /// The signal being handled; code failing meanwhile (its server went away) must not report
    /// the failure or exit first.
    static var signal: Int32? { received.withLock { $0 } }

    static func install() {
        sources.withLock { sources in
            for signalNumber in [SIGINT, SIGTERM] {
                Foundation.signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler {
                    received.withLock { $0 = signalNumber }
                    EphemeralCluster.stopAll()
                    exit(128 + signalNumber)
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}
