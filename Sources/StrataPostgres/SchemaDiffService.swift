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
        let cluster = try EphemeralCluster.start()
        defer { cluster.stop() }
        let proofs = ProofCluster(cluster: cluster)
        var fromSchema = fromLoaded.schema, toSchema = toLoaded.schema
        if normalizeFiles {
            // The catalog spells defaults, casts and types its own way: both sides go through it.
            if !from.isDatabase { fromSchema = try await proofs.load(from, model: fromSchema).schema }
            if !to.isDatabase { toSchema = try await proofs.load(to, model: toSchema).schema }
        }
        var result = try plan(from: fromSchema, to: toSchema, options: options, unmodeled: fromLoaded.unmodeled + toLoaded.unmodeled)
        if verify {
            result.proof = try await proofs.prove(from: (from, fromLoaded.schema), to: (to, toLoaded.schema), up: result.up.script, down: result.down.script)
        }
        return result
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
        return SchemaDiffResult(up: up, down: down, proof: nil, unmodeled: unmodeled, from: from, to: to)
    }

    struct Loaded {
        var schema: DatabaseSchema
        var sources: [(path: String, text: String)]?
        var fileModel: DatabaseSchema?
        var unmodeled: [String]
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
        try SchemaLoader.inputFiles(for: paths).map { ($0, try SchemaLoader.read($0)) }
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
        return Loaded(schema: loaded.schema, sources: sources, fileModel: loaded.schema, unmodeled: unmodeled)
    }
}

/// Databases in one throwaway cluster: sources loaded, plans applied with psql as a user would,
/// catalogs read back and compared.
struct ProofCluster {
    let cluster: EphemeralCluster
    init(cluster: EphemeralCluster) { self.cluster = cluster }

    /// A new empty database's name.
    func createDatabase() async throws -> String {
        // Unique across every ProofCluster on the same server (tests share one).
        let name = "strata_diff_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await DatabaseConnection.withSession(cluster.connectionURL) { admin in try await admin.execute("CREATE DATABASE \(name)") }
        return name
    }

    func url(_ database: String) -> String {
        "postgres://\(cluster.user)@/\(database)?host=\(cluster.socketDirectory)&port=\(cluster.port)"
    }

    /// Loads `source` into a new database (files as they are; a live database's model as the DDL
    /// Strata renders of it) and reads the catalog back.
    func load(_ source: SchemaSource, model: DatabaseSchema) async throws -> (database: String, schema: DatabaseSchema) {
        let database = try await createDatabase()
        let schema = try await DatabaseConnection.withSession(url(database)) { session in
            switch source {
            case .files(let paths): _ = try await ScriptRunner.run(paths: paths, on: session)
            case .database: _ = try await ScriptRunner.run(PostgresParser.parse(path: "rendered.sql", text: SchemaSQLRenderer().render(model)), on: session)
            }
            return try await CatalogReader(session: session).readSchema()
        }
        return (database, schema)
    }

    func read(_ database: String) async throws -> DatabaseSchema {
        try await DatabaseConnection.withSession(url(database)) { try await CatalogReader(session: $0).readSchema() }
    }

    /// Runs a script with psql, as `psql -v ON_ERROR_STOP=1 -f` would.
    func apply(_ script: String, to database: String, label: String, singleTransaction: Bool = false) throws {
        let file = cluster.directory + "/\(label)-\(UUID().uuidString).sql"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        var arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "host=\(cluster.socketDirectory) port=\(cluster.port) user=\(cluster.user) dbname=\(database)"]
        if singleTransaction { arguments.append("-1") }
        arguments += ["-f", file]
        let (status, output) = try EphemeralCluster.run(cluster.binaries.psql, arguments)
        guard status == 0 else {
            throw ProofFailure(message: "the \(label) failed on a throwaway server:\n" + output.split(separator: "\n").prefix(10).joined(separator: "\n"))
        }
    }

    /// Load the source, apply the up: the catalog must equal the target's; apply the down: it
    /// must equal the source's; apply the up again: the target's once more.
    func prove(from: (SchemaSource, DatabaseSchema), to: (SchemaSource, DatabaseSchema), up: String, down: String) async throws -> [String] {
        let (database, original) = try await load(from.0, model: from.1)
        let (_, wanted) = try await load(to.0, model: to.1)
        var report: [String] = []
        try apply(up, to: database, label: "up")
        try expectEqual(wanted, try await read(database), "after the up, the database differs from the target")
        report.append("up: the database equals the target (\(wanted.tables.count) tables, \(wanted.indexes.count) indexes, \(wanted.views.count) views, \(wanted.functions.count) functions)")
        try apply(down, to: database, label: "down")
        try expectEqual(original, try await read(database), "after the down, the database differs from the source")
        report.append("down: the database equals the source again")
        try apply(up, to: database, label: "up")
        try expectEqual(wanted, try await read(database), "after the down and the up again, the database differs from the target")
        report.append("up again: the database equals the target")
        return report
    }

    func expectEqual(_ expected: DatabaseSchema, _ actual: DatabaseSchema, _ what: String) throws {
        let differences = ModelDifferences.between(SchemaComparison.comparable(expected), SchemaComparison.comparable(actual), limit: 10)
        guard differences.isEmpty else {
            throw ProofFailure(message: "\(what):\n  " + differences.joined(separator: "\n  "))
        }
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

/// What two catalogs must agree on to be the same schema: PostgreSQL appends new columns, so
/// column order is not compared.
package enum SchemaComparison {
    package static func comparable(_ schema: DatabaseSchema) -> DatabaseSchema {
        var copy = schema.withoutSourceLocations
        for name in copy.tables.keys { copy.tables[name]!.columns.sort { $0.name < $1.name } }
        return copy
    }
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
