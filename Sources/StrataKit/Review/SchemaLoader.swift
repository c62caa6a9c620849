import Foundation

/// An input file that could not be read.
public struct InputError: StrataError {
    public var code: StrataErrorCode { .unreadableInput }
    public var path: String
    public var message: String
    public var description: String { "\(path): error: \(message)" }
}

/// SQL files read, parsed and replayed into one model.
package struct LoadedSchema: Sendable {
    package var files: [ParsedFile]
    package var schema: DatabaseSchema
    package var notes: [InterpreterNote]
    package var timings = ParseTimings()
    package var interpretDuration: Duration = .zero
}

package enum SchemaLoader {
    /// Expands the paths a user gives: files as they are; a folder's `*.up.sql` in version
    /// order (a migrations folder), or else its `*.sql` files, also in version order. The same
    /// discovery as `strata lint`, so review and lint read a folder alike.
    package static func inputFiles(for paths: [String]) throws(InputError) -> [String] {
        try MigrationFolder.discover(paths).map(\.upPath)
    }

    /// Migration file names sort by their numeric version prefix (`2_x` before `10_x`), then by name.
    package static func versionOrder(_ lhs: String, _ rhs: String) -> Bool {
        let left = versionNumber(lhs), right = versionNumber(rhs)
        if let left, let right, left != right { return left < right }
        return lhs < rhs
    }

    package static func versionNumber(_ name: String) -> UInt64? {
        let digits = name.prefix { $0.isNumber }
        return digits.isEmpty ? nil : UInt64(digits.prefix(19))
    }

    package static func read(_ path: String) throws(InputError) -> String {
        do { return try FileSystem.readText(path) } catch {
            throw InputError(path: path, message: "cannot read the file: \(error)")
        }
    }

    /// Parses and replays files in order. Syntax errors are kept per file; the rest still applies.
    package static func load(paths: [String]) throws(InputError) -> LoadedSchema {
        let files = try inputFiles(for: paths)
        var sources: [(String, String)] = []
        for file in files { sources.append((file, try read(file))) }
        return load(sources: sources)
    }

    package static func load(sources: [(path: String, text: String)]) -> LoadedSchema {
        let parsed = sources.map { PostgresParser.parse(path: $0.path, text: $0.text) }
        var timings = ParseTimings()
        for file in parsed {
            timings.parsing += file.timings.parsing
            timings.decoding += file.timings.decoding
        }
        let clock = ContinuousClock()
        let start = clock.now
        var interpreter = SchemaInterpreter()
        for file in parsed {
            for statement in file.statements { interpreter.apply(statement) }
        }
        var loaded = LoadedSchema(files: parsed, schema: interpreter.schema, notes: interpreter.notes, timings: timings)
        loaded.interpretDuration = clock.now - start
        return loaded
    }
}
