import Foundation
import PostgresNIO
import StrataKit

/// A statement of a SQL file that the server rejected, at the exact place PostgreSQL points to.
public struct ScriptFailure: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    public var sqlState: String?

    public var description: String {
        "\(location.file):\(location.line):\(location.column): error: \(message)" + (sqlState.map { " (SQLSTATE \($0))" } ?? "")
    }
}

/// Runs SQL files against a live database one statement at a time (psql meta-commands are
/// skipped, as the parser does), so that an error names the file, line and column.
package enum ScriptRunner {
    package static func run(paths: [String], on session: DatabaseSession) async throws -> Int {
        var count = 0
        for path in try MigrationFolder.discover(paths).map(\.upPath) {
            count += try await run(PostgresParser.parse(path: path, text: try SchemaLoader.read(path)), on: session)
        }
        return count
    }

    /// Executes every statement of `file` in order; stops at the first error. Refuses a file with
    /// syntax errors before sending anything.
    package static func run(_ file: ParsedFile, on session: DatabaseSession) async throws -> Int {
        if let error = file.syntaxErrors.first {
            throw ScriptFailure(location: error.location, message: "syntax error: \(error.message)")
        }
        let serverText = PsqlScript.serverText(String(decoding: file.source.bytes, as: UTF8.self))
        let bytes = Array(serverText.utf8)
        for statement in file.statements {
            let range = statement.range.clamped(to: 0..<bytes.count)
            let text = String(decoding: bytes[range], as: UTF8.self)
            do {
                try await session.execute(text)
            } catch {
                var offset = range.lowerBound
                if let position = error.position { offset += PostgresParser.byteOffset(ofCharacter: position, in: bytes[range]) }
                throw ScriptFailure(location: file.source.location(at: offset), message: error.message, sqlState: error.sqlState)
            }
        }
        return file.statements.count
    }
}
