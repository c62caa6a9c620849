import Foundation
import ArgumentParser
import StrataKit

/// `--config`: where strata.toml is, for every command that reads one.
struct ConfigOption: ParsableArguments {
    init() {}

    @Option(name: .long, help: "Path to strata.toml (default: found upward from the working directory).")
    var config: String?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Switch a rule off (repeat, or separate with commas), as [rules] disable does.", valueName: "rule"))
    var disable: [String] = []

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Run only these rules (repeat, or separate with commas); opt-in ones named here are on.", valueName: "rule"))
    var only: [String] = []

    static func ids(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        let unknown = (Self.ids(disable) + Self.ids(only)).filter { !RuleCatalog.allIDs.contains($0) }
        if let first = unknown.first { throw ValidationError("no rule \(first) (strata rules lists them)") }
    }

    func loadConfiguration() throws -> Configuration {
        var configuration = try Configuration.resolve(explicitPath: config)
        configuration.disabledRules.formUnion(Self.ids(disable))
        let only = Set(Self.ids(only))
        if !only.isEmpty {
            configuration.disabledRules.formUnion(RuleCatalog.allIDs.subtracting(only))
            configuration.enabledRules.formUnion(only)
        }
        return configuration
    }
}

/// SQL files only (`strata lint`).
struct FileInputOptions: ParsableArguments {
    init() {}

    @Argument(help: "Migration files, or a migrations folder (its *.up.sql in version order).")
    var paths: [String] = []

    @OptionGroup var configOption: ConfigOption

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one SQL file or folder") }
    }

    func loadConfiguration() throws -> Configuration { try configOption.loadConfiguration() }
}

extension FindingFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
