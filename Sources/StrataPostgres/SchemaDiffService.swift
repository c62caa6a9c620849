import Foundation
import StrataKit
import Synchronization

/// Where one side of a diff comes from.
public enum SchemaSource: Sendable, Hashable, CustomStringConvertible {
    /// SQL files, or a migrations folder (its up files replayed in version order).
    case files([String])
    /// A live database, read from its catalog (`postgres://...`).
    case database(String)

    /// `postgres://...` and `postgresql://...` are databases; anything else is a path.
    public static func parse(_ values: [String]) -> SchemaSource {
        if values.count == 1, let value = values.first, value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            return .database(value)
        }
        return .files(values)
    }

    /// The source as given (a URL with its password redacted).
    public var description: String {
        switch self {
        case .files(let paths): paths.joined(separator: " ")
        case .database(let url): (try? ConnectionSettings.resolve(url, environment: [:]).description) ?? "a database"
        }
    }

    var isDatabase: Bool { if case .database = self { true } else { false } }
}

/// The up and down plans between two schema sources, and their proof when asked.
public struct SchemaDiffResult: Sendable {
    /// From the current schema to the desired one.
    public var up: MigrationPlan
    /// Back from the desired schema to the current one.
    public var down: MigrationPlan
    /// What the proof did, one line a check; nil when no proof was asked.
    public var proof: [String]?
    /// The proof's report, stage by stage.
    package var proofReport: RoundTripReport?
    /// Statements of the sources that the model does not hold (GRANT, composite types, ...):
    /// the plan cannot carry them.
    public var unmodeled: [String]
    /// The two models compared.
    package var from: DatabaseSchema
    package var to: DatabaseSchema
}

/// A source that did not parse: its first syntax error, at its file, line and column.
public struct SchemaSourceError: LocatedError {
    /// Always `.unreadableInput`.
    public var code: StrataErrorCode { .unreadableInput }
    /// Where the syntax error is.
    public var location: SourceLocation
    /// The parser's message.
    public var message: String
}

/// `strata diff` as a library: read both sides, normalize them through a throwaway cluster when
/// one is a live database (its catalog spells what files spell differently), plan both
/// directions, and prove the plans on a throwaway server.
///
/// ```swift
/// let result = try await SchemaDiffService.diff(from: .database(url), to: .files(["db/schema.sql"]), verify: true)
/// print(result.up.script)
/// ```
public enum SchemaDiffService {
    /// The migration from `from` to `to`, and its down; with `verify`, proven on a throwaway server.
    ///
    /// ```swift
    /// let result = try await SchemaDiffService.diff(from: .parse(["postgres://app@db/app"]), to: .parse(["db/schema.sql"]))
    /// print(result.up.script)
    /// ```
    /// - Throws: ``SchemaSourceError`` for a file that does not parse, ``DataLossError`` for a plan that loses
    ///   data without `allowDataLoss`, ``ProofFailure`` when the proof fails, `DatabaseError` for a server.
    public static func diff(from: SchemaSource, to: SchemaSource, options: DiffOptions = DiffOptions(),
                            normalize: Bool? = nil, verify: Bool = false) async throws -> SchemaDiffResult {
        let fromLoaded: Loaded, toLoaded: Loaded
        if case .files(let fromPaths) = from, case .files(let toPaths) = to {
            // Two versions of one schema share most statements: the second side parses only the
            // ones the first does not hold, while the first side's model is built.
            let fromSources = try read(fromPaths), toSources = try read(toPaths)
            let fromParsed = SchemaLoader.parse(sources: fromSources)
            async let fromLoading = loaded(SchemaLoader.interpret(fromParsed), sources: fromSources)
            let toParsed = SchemaLoader.parse(sources: toSources, reusing: StatementReuse(fromParsed.files))
            let toInterpreted = SchemaLoader.interpret(toParsed)
            // The first side's errors are reported first, as when the two sides are read apart.
            fromLoaded = try await fromLoading
            toLoaded = try loaded(toInterpreted, sources: toSources)
        } else {
            // The two sides are read at once: a catalog is read while the other side loads.
            async let fromLoading = load(from)
            async let toLoading = load(to)
            fromLoaded = try await fromLoading
            toLoaded = try await toLoading
        }
        var options = options
        if options.renames.isEmpty, let sources = toLoaded.sources, let model = toLoaded.fileModel {
            options.renames = RenameHints.read(sources: sources, schema: model)
        }
        // Files compared with a database go through the catalog too (its spellings are the
        // server's); two databases or two sets of files are compared as they are.
        let normalizeFiles = normalize ?? (from.isDatabase != to.isDatabase)
        let needsServer = (normalizeFiles && !(from.isDatabase && to.isDatabase)) || verify
        guard needsServer else {
            return try plan(from: fromLoaded.schema, to: toLoaded.schema, options: options, unmodeled: fromLoaded.unmodeled + toLoaded.unmodeled)
        }
        return try await ThrowawayServer.with { server in
            var fromSchema = fromLoaded.schema, toSchema = toLoaded.schema
            if normalizeFiles {
                // The catalog spells defaults, casts and types its own way: both sides go through it.
                if !from.isDatabase { fromSchema = try await server.load(from, model: fromSchema, parsed: fromLoaded.parsed).schema }
                if !to.isDatabase { toSchema = try await server.load(to, model: toSchema, parsed: toLoaded.parsed).schema }
            }
            var result = try plan(from: fromSchema, to: toSchema, options: options, unmodeled: fromLoaded.unmodeled + toLoaded.unmodeled)
            if verify {
                let (database, _) = try await server.load(from, model: fromLoaded.schema, parsed: fromLoaded.parsed)
                let (_, wanted) = try await server.load(to, model: toLoaded.schema, parsed: toLoaded.parsed)
                let report = try await server.proveRoundTrip(on: database, target: wanted, names: ("the target", "the source"),
                                                             ups: [("up", result.up.script)], downs: [("down", result.down.script)])
                if let problem = report.problem { throw ProofFailure(message: problem) }
                result.proofReport = report
                result.proof = [
                    "up: the database equals the target (\(wanted.tables.count) tables, \(wanted.indexes.count) indexes, \(wanted.views.count) views, \(wanted.functions.count) functions)",
                    "down: the database equals the source again",
                    "up again: the database equals the target",
                ]
            }
            return result
        }
    }

    static func plan(from: DatabaseSchema, to: DatabaseSchema, options: DiffOptions, unmodeled: [String]) throws -> SchemaDiffResult {
        var downOptions = options
        downOptions.renames = options.renames.inverted
        // The down removes what the up added: losing it is what a down is for.
        downOptions.allowDataLoss = true
        // Up and down are planned at once, on two threads, from models stripped once for both
        // (the two strips on two threads too).
        let stripped = Mutex<[DatabaseSchema?]>([nil, nil])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let model = (index == 0 ? from : to).withoutSourceLocations
            stripped.withLock { $0[index] = model }
        }
        let (from, to) = stripped.withLock { ($0[0]!, $0[1]!) }
        let reverse = downOptions
        let downResult = Mutex<Result<MigrationPlan, any Error>?>(nil)
        let upResult = Mutex<Result<MigrationPlan, any Error>?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 {
                let result = Result { try SchemaDiffer(from: from, to: to, options: options).plan() }
                upResult.withLock { $0 = result }
            } else {
                let result = Result { try SchemaDiffer(from: to, to: from, options: reverse).plan() }
                downResult.withLock { $0 = result }
            }
        }
        let up = try upResult.withLock { $0! }.get()
        let down = try downResult.withLock { $0! }.get()
        return SchemaDiffResult(up: up, down: down, proof: nil, proofReport: nil, unmodeled: unmodeled, from: from, to: to)
    }

    struct Loaded {
        var schema: DatabaseSchema
        var sources: [(path: String, text: String)]?
        var fileModel: DatabaseSchema?
        var unmodeled: [String]
        /// The files as parsed, to run on a server without parsing them again (nil for Prisma).
        var parsed: [ParsedFile]?
    }

    static func load(_ source: SchemaSource) async throws -> Loaded {
        switch source {
        case .database(let url):
            let schema = try await DatabaseConnection.with(.postgres(url: url)) { session in try await CatalogReader(session: session).readSchema() }
            return Loaded(schema: schema, unmodeled: [])
        case .files(let paths):
            let sources = try read(paths)
            return try loaded(SchemaLoader.load(sources: sources), sources: sources)
        }
    }

    /// The files `paths` name (folders expanded), read.
    static func read(_ paths: [String]) throws -> [(path: String, text: String)] {
        try SchemaLoader.inputSources(for: paths)
    }

    /// A side read from files: the first syntax error is an error; statements the model does not
    /// hold are listed.
    static func loaded(_ loaded: LoadedSchema, sources: [(path: String, text: String)]) throws -> Loaded {
        for file in loaded.files {
            if let error = file.syntaxErrors.first { throw SchemaSourceError(location: error.location, message: "syntax error: \(error.message)") }
        }
        var unmodeled: [String] = []
        for file in loaded.files {
            for statement in file.statements {
                guard case .other(let kind) = statement.kind, !["VariableShowStmt", "DoStmt", "CopyStmt", "ExplainStmt"].contains(kind) else { continue }
                unmodeled.append("\(statement.location.file):\(statement.location.line):\(statement.location.column): \(kind) is not in the model; the plan does not carry it")
            }
        }
        return Loaded(schema: loaded.schema, sources: sources, fileModel: loaded.schema, unmodeled: unmodeled,
                      parsed: loaded.prisma == nil ? loaded.files : nil)
    }
}

/// A plan that did not produce what it promised on a throwaway server.
public struct ProofFailure: StrataError {
    /// Always `.proofFailed`.
    public var code: StrataErrorCode { .proofFailed }
    /// What differed, or which script failed.
    public var message: String
    /// `proof failed: message`.
    public var description: String { "proof failed: \(message)" }
}

extension DatabaseConnection {
    /// A plain session on `url`, closed however `body` ends.
    static func withSession<Result>(_ url: String, _ body: (DatabaseSession) async throws -> Result) async throws -> Result {
        let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
        do {
            let result = try await body(session)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }
}
