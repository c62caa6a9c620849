import ArgumentParser
import StrataKit

/// `--config`: where strata.toml is, for every command that reads one.
struct ConfigOption: ParsableArguments {
    init() {}

    @Option(name: .long, help: "Path to strata.toml (default: found upward from the working directory).")
    var config: String?

    func loadConfiguration() throws -> Configuration {
        try Configuration.resolve(explicitPath: config)
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
