import ArgumentParser
import Foundation
import StrataKit
import StrataPostgres

/// `strata`: the database architect in a binary.
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
        do {
            var command = try Strata.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            finish(exit.rawValue)
        } catch {
            let code = Strata.exitCode(for: error)
            if code == .success {
                print(Strata.fullMessage(for: error))
                finish(0)
            }
            if EphemeralCluster.interruptingSignal == nil {
                FileHandle.standardError.write(Data((Strata.fullMessage(for: error) + "\n").utf8))
            }
            // Usage errors and runtime errors alike exit 2, the linter convention.
            finish(2)
        }
    }

    /// Exits, unless Ctrl-C (or SIGTERM) is being handled: then the handler stops the throwaway
    /// clusters and exits with 128 + signal, and this waits for it.
    static func finish(_ code: Int32) -> Never {
        while EphemeralCluster.interruptingSignal != nil { sleep(60) }
        Foundation.exit(code)
    }
}

/// Prints findings in the chosen format and turns them into the linter exit code:
/// 2 for syntax errors, 1 for findings at or above `failOn`, 0 otherwise.
enum FindingOutput {
    static func emit(_ findings: [Finding], fileCount: Int, format: FindingFormat, failOn: Severity, scope: String? = nil) throws {
        let renderer = FindingRenderer(format: format, useColor: format == .text && Console.useColor, scope: scope)
        Console.write(renderer.render(findings, fileCount: fileCount))
        if findings.contains(where: { $0.rule == "syntax-error" }) { throw ExitCode(2) }
        if findings.contains(where: { $0.severity >= failOn }) { throw ExitCode(1) }
    }

    /// Runs `body`, turning unreadable inputs into exit code 2 with the message on stderr.
    static func reading<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as InputError {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }
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
