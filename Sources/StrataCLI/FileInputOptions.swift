import ArgumentParser
import StrataKit

/// `--config`: where strata.toml is, for every command that reads one.
package struct ConfigOption: ParsableArguments {
    package init() {}

    @Option(name: .long, help: "Path to strata.toml (default: found upward from the working directory).")
    package var config: String?

    package func loadConfiguration() throws -> Configuration {
        guard let path = config ?? Configuration.discover() else { return Configuration() }
        do {
            return try Configuration.load(path: path)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }
}

/// SQL files only (`strata lint`).
package struct FileInputOptions: ParsableArguments {
    package init() {}

    @Argument(help: "Migration files, or a migrations folder (its *.up.sql in version order).")
    package var paths: [String] = []

    @OptionGroup package var configOption: ConfigOption

    package func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one SQL file or folder") }
    }

    package func loadConfiguration() throws -> Configuration { try configOption.loadConfiguration() }
}

extension FindingFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
