#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import StrataKit

/// Standard output and error, written with `write(2)`: this module stays free of Foundation so
/// that the `strata` binary that lints is small (see `Launcher`).
package enum Console {
    package static func error(_ message: String) { write(message + "\n", to: STDERR_FILENO) }

    package static func write(_ text: String) { write(text, to: STDOUT_FILENO) }

    /// A closed pipe (`strata lint ... | head`) is not an error: nothing more is said.
    static func write(_ text: String, to descriptor: Int32) {
        try? FileSystem.write(text, toDescriptor: descriptor)
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    package static var useColor: Bool {
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        return isatty(STDOUT_FILENO) != 0
    }
}


/// Prints findings in the chosen format and turns them into the linter exit code:
/// 2 for syntax errors, 1 for findings at or above `failOn`, 0 otherwise.
package enum FindingOutput {
    package static func emit(_ findings: [Finding], fileCount: Int, format: FindingFormat, failOn: Severity, scope: String? = nil) throws {
        let renderer = FindingRenderer(format: format, useColor: format == .text && Console.useColor, scope: scope)
        renderer.render(findings, fileCount: fileCount) { Console.write($0) }
        if findings.contains(where: { $0.rule == "syntax-error" }) { throw ExitCode(2) }
        if findings.contains(where: { $0.severity >= failOn }) { throw ExitCode(1) }
    }

    /// Runs `body`, turning unreadable inputs into exit code 2 with the message on stderr.
    package static func reading<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as InputError {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }
}

/// Runs a command line the linter way: exit 0 clean, 1 findings, 2 usage or runtime error, with
/// the error on stderr and never a stack trace.
package enum CommandMain {
    /// `isInterrupted`: a signal handler is cleaning up (the error is then a consequence, not news);
    /// `finish` exits (the full binary waits there for that handler). On the main actor, so that
    /// synchronous commands run on the main thread: lint waits there for its background parse,
    /// which on a cooperative-pool thread would take one of the threads the parse needs.
    @MainActor
    package static func run<Root: ParsableCommand>(
        _ root: Root.Type, isInterrupted: @Sendable () -> Bool = { false }, finish: @Sendable (Int32) -> Never = { exit($0) }
    ) async -> Never {
        do {
            var command = try root.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            finish(0)
        } catch let exit as ExitCode {
            finish(exit.rawValue)
        } catch {
            if root.exitCode(for: error) == .success {
                Console.write(root.fullMessage(for: error) + "\n")
                finish(0)
            }
            if !isInterrupted() { Console.error(root.fullMessage(for: error)) }
            // Usage errors and runtime errors alike exit 2, the linter convention.
            finish(2)
        }
    }
}
