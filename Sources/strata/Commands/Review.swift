import ArgumentParser
import Foundation
import StrataKit
import StrataPostgres

struct Review: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Review a schema from SQL files or a live database: integrity, keys, indexes, types, naming, normalization, usage.",
        discussion: "Exit 0 when no finding reaches the failing severity (strata.toml fail-on, default warning), 1 when one does, 2 on usage, I/O or syntax errors."
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: text, json, sarif, github.")
    var format: FindingFormat = .text

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: info, warning, error.")
    var failOn: Severity?

    @Flag(help: .hidden)
    var timings = false

    func run() async throws {
        var configuration = try input.loadConfiguration()
        if let failOn { configuration.failOn = failOn }
        let (result, _, scope) = try await input.review(with: Reviewer(configuration: configuration))
        if timings { Console.error(result.timingReport) }
        try FindingOutput.emit(result.report, format: format, failOn: configuration.failOn, scope: scope)
    }
}

