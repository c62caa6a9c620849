import ArgumentParser
import Foundation
import StrataKit

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Review a schema: integrity, keys, indexes, types, naming, normalization.",
        discussion: "Exit 0 when no finding reaches the failing severity (strata.toml fail-on, default warning), 1 when one does, 2 on usage, I/O or syntax errors."
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: text, json, sarif, github.")
    var format: FindingFormat = .text

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: info, warning, error.")
    var failOn: Severity?

    @Flag(help: .hidden)
    var timings = false

    func run() throws {
        var configuration = try input.loadConfiguration()
        if let failOn { configuration.failOn = failOn }
        let result: ReviewResult
        do {
            result = try Reviewer(configuration: configuration).review(paths: input.paths)
        } catch let error as InputError {
            Console.error(error.description)
            throw ExitCode(2)
        }
        let renderer = FindingRenderer(format: format, useColor: format == .text && Console.useColor)
        Console.write(renderer.render(result.findings, fileCount: result.fileCount))
        if timings { Console.error(result.timingReport) }
        if result.findings.contains(where: { $0.rule == "syntax-error" }) { throw ExitCode(2) }
        if result.hasFailures(failOn: configuration.failOn) { throw ExitCode(1) }
    }
}

extension FindingFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
