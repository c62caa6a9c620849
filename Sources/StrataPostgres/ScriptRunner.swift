import Foundation
import PostgresNIO
import StrataKit

/// A statement of a SQL file that the server rejected, at the exact place PostgreSQL points to.
public struct ScriptFailure: StrataError {
    /// Always `.scriptFailed`.
    public var code: StrataErrorCode { .scriptFailed }
    /// The statement's position, or the exact one PostgreSQL points to.
    public var location: SourceLocation
    /// The server's message.
    public var message: String
    /// The server's SQLSTATE.
    public var sqlState: String?

    /// `file:line:column`.
    public var position: String? { location.description }
    /// The message and the SQLSTATE.
    public var reason: String { message + (sqlState.map { " (SQLSTATE \($0))" } ?? "") }
    /// `file:line:column: message (SQLSTATE)`.
    public var description: String { "\(location): \(reason)" }
}

/// Runs SQL files against a live database one statement at a time (psql meta-commands are
/// skipped, as the parser does), so that an error names the file, line and column.
package enum ScriptRunner {
    package static func run(paths: [String], on session: DatabaseSession) async throws -> Int {
        var count = 0
        let sources = try SchemaLoader.inputSources(for: paths)
        // A Prisma schema runs as the DDL Prisma Migrate would write; errors point at its lines.
        let prisma = sources.filter { SchemaLoader.isPrisma($0.path) }
        if !prisma.isEmpty {
            count += try await run(try PrismaSchema.read(prisma).parsedDDL(), on: session)
        }
        for source in sources where !SchemaLoader.isPrisma(source.path) {
            count += try await run(PostgresParser.parse(path: source.path, text: source.text), on: session)
        }
        return count
    }

    /// Executes every statement of `file` in order; stops at the first error. Refuses a file with
    /// syntax errors before sending anything.
    /// `insideTransaction`: the caller holds a transaction the file must not end (a seed script
    /// runs inside the seeding one): statements run bare, and BEGIN, COMMIT or ROLLBACK in the
    /// file is refused at its line.
    package static func run(_ file: ParsedFile, on session: DatabaseSession, insideTransaction: Bool = false) async throws -> Int {
        if let error = file.syntaxErrors.first {
            throw ScriptFailure(location: error.location, message: "syntax error: \(error.message)")
        }
        if insideTransaction, let control = file.statements.first(where: { if case .transaction = $0.kind { true } else { false } }) {
            throw ScriptFailure(location: control.location, message: "this file runs inside Strata's transaction: leave transaction control (BEGIN, COMMIT, ROLLBACK) out")
        }
        let bytes = serverBytes(file)
        var inScriptTransaction = insideTransaction
        for statement in file.statements {
            let range = statement.range.clamped(to: 0..<bytes.count)
            let text = String(decoding: bytes[range], as: UTF8.self)
            do {
                if case .transaction(let kind) = statement.kind {
                    try await session.execute(text)
                    if kind == .begin { inScriptTransaction = true }
                    if kind == .commit || kind == .rollback { inScriptTransaction = false }
                } else {
                    try await execute(text, on: session, ownTransaction: !inScriptTransaction)
                }
            } catch {
                var offset = range.lowerBound
                if let position = error.position { offset += PostgresParser.byteOffset(ofCharacter: position, in: bytes[range]) }
                throw ScriptFailure(location: file.source.location(at: offset), message: error.message, sqlState: error.sqlState)
            }
        }
        return file.statements.count
    }

    /// The file as the server sees it (psql meta-commands and COPY data blanked), as bytes that
    /// statement ranges index.
    static func serverBytes(_ file: ParsedFile) -> [UInt8] {
        Array(PsqlScript.serverText(String(decoding: file.source.bytes, as: UTF8.self)).utf8)
    }

    /// Runs one statement, in a transaction of its own unless the script opened one: PostgreSQL
    /// reports a deferred constraint's violation at commit, which an explicit COMMIT turns into a
    /// plain error (PostgresNIO would otherwise wait forever for the end of the implicit one).
    /// Statements that refuse a transaction block (CONCURRENTLY, VACUUM, CREATE DATABASE) run bare.
    static func execute(_ text: String, on session: DatabaseSession, ownTransaction: Bool) async throws(DatabaseError) {
        guard ownTransaction else { return try await session.execute(text) }
        try await session.execute("BEGIN")
        do {
            try await session.execute(text)
        } catch {
            try await session.execute("ROLLBACK")
            // 25001: cannot run inside a transaction block.
            if error.sqlState == "25001" { return try await session.execute(text) }
            throw error
        }
        do {
            try await session.execute("COMMIT")
        } catch {
            try? await session.execute("ROLLBACK")
            throw error
        }
    }

    /// Runs every statement it can and returns the ones the server accepted (for the parity suite
    /// over PostgreSQL's regression SQL, whose files expect errors). Transaction control is not
    /// sent, so each statement commits alone; COPY and DO blocks are skipped.
    package static func runAccepted(_ file: ParsedFile, on session: DatabaseSession) async -> [ParsedStatement] {
        let bytes = serverBytes(file)
        var accepted: [ParsedStatement] = []
        for statement in file.statements {
            switch statement.kind {
            case .transaction, .other("DoStmt"), .other("CopyStmt"): continue
            case .dataChange(let change) where change.verb == .copy: continue
            default: break
            }
            let range = statement.range.clamped(to: 0..<bytes.count)
            do {
                try await execute(String(decoding: bytes[range], as: UTF8.self), on: session, ownTransaction: true)
                accepted.append(statement)
            } catch {
                continue
            }
        }
        return accepted
    }
}
