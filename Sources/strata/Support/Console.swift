import ArgumentParser
import Foundation
import StrataKit

/// Standard output and error.
enum Console {
    static func error(_ message: String) { write(message + "\n", to: .standardError) }

    static func write(_ text: String) { write(text, to: .standardOutput) }

    /// A command's JSON document: indented, keys sorted, slashes left alone.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// A closed pipe (`strata lint ... | head`) is not an error: nothing more is said.
    private static func write(_ text: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data(text.utf8))
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var useColor: Bool {
        if let value = ProcessInfo.processInfo.environment["NO_COLOR"], !value.isEmpty { return false }
        return isatty(STDOUT_FILENO) != 0
    }
}

/// Prints findings in the chosen format and turns them into the linter exit code:
/// 2 for syntax errors, 1 for findings at or above `failOn`, 0 otherwise.
enum FindingOutput {
    static func emit(_ report: FindingReport, format: FindingFormat, failOn: Severity, scope: String? = nil) throws {
        let renderer = FindingRenderer(format: format, useColor: format == .text && Console.useColor, scope: scope)
        renderer.render(report.findings, fileCount: report.fileCount) { Console.write($0) }
        throw ExitCode(report.outcome(failOn: failOn).exitCode)
    }
}

extension FindingReport.Outcome {
    /// The linter convention: 0 clean, 1 findings, 2 input that could not be read whole.
    var exitCode: Int32 {
        switch self {
        case .clean: 0
        case .findings: 1
        case .syntaxErrors: 2
        }
    }
}

/// Runs a command line the linter way: exit 0 clean, 1 findings, 2 usage or runtime error, with
/// the error on stderr and never a stack trace.
enum CommandMain {
    /// `isInterrupted`: a signal handler is cleaning up (the error is then a consequence, not news).
    static func run<Root: ParsableCommand>(_ root: Root.Type, isInterrupted: @Sendable () -> Bool) async -> Int32 {
        do {
            var command = try root.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch let error as any StrataError {
            if !isInterrupted() { Console.error(ErrorAdvice.message(for: error)) }
            return ErrorAdvice.exitCode(for: error)
        } catch {
            if root.exitCode(for: error) == .success {
                Console.write(root.fullMessage(for: error) + "\n")
                return 0
            }
            if !isInterrupted() { Console.error(root.fullMessage(for: error)) }
            // Usage errors and runtime errors alike exit 2, the linter convention.
            return 2
        }
    }
}
