import ArgumentParser
import Foundation
import StrataKit

/// `strata`: the database architect in a binary.
struct Strata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Review PostgreSQL schemas the way a senior database architect would.",
        discussion: "Exit codes: 0 no finding at or above the failing severity, 1 findings, 2 usage, I/O or syntax error.",
        version: StrataVersion.current,
        subcommands: [Review.self, Lint.self, Schema.self, ERD.self, Rules.self]
    )
}

@main
enum Main {
    static func main() {
        do {
            var command = try Strata.parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = Strata.exitCode(for: error)
            if code == .success {
                print(Strata.fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((Strata.fullMessage(for: error) + "\n").utf8))
            // Usage errors and runtime errors alike exit 2, the linter convention.
            Foundation.exit(2)
        }
    }
}

/// A failure already explained to the user on stderr.
struct RuntimeFailure: Error, CustomStringConvertible {
    var description: String
}

enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var useColor: Bool {
        if let value = ProcessInfo.processInfo.environment["NO_COLOR"], !value.isEmpty { return false }
        return isatty(STDOUT_FILENO) != 0
    }
}
