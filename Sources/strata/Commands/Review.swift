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
        let result = try FindingOutput.reading { try Reviewer(configuration: configuration).review(paths: input.paths) }
        if timings { Console.error(result.timingReport) }
        try FindingOutput.emit(result.findings, fileCount: result.fileCount, format: format, failOn: configuration.failOn)
    }
}

extension FindingFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
