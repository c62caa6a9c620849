import ArgumentParser
import Foundation
import StrataKit

/// The SQL inputs and configuration every schema command shares.
struct InputOptions: ParsableArguments {
    @Argument(help: "SQL files, or folders (a migrations folder's *.up.sql replay in version order).")
    var paths: [String] = []

    @Option(name: .long, help: "Path to strata.toml (default: found upward from the working directory).")
    var config: String?

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one SQL file or folder") }
    }

    func loadConfiguration() throws -> Configuration {
        let path: String?
        if let config {
            path = config
        } else {
            path = Configuration.discover(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))?.path
        }
        guard let path else { return Configuration() }
        do {
            return try Configuration.load(path: path)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }
}
