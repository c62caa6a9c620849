import Foundation
import StrataKit

/// One throwaway PostgreSQL server for one command, and the databases the command makes in it:
/// sources loaded, scripts applied with psql as a user would, catalogs read back. The server is
/// started by ``with(_:)`` and stopped and deleted however the body ends (a thrown error, a
/// return, or a signal the executable handles through ``EphemeralCluster/stopAll()``).
///
/// ```swift
/// let report = try await ThrowawayServer.with { server in
///     let database = try await server.createDatabase()
///     try server.apply("CREATE TABLE t (id bigint PRIMARY KEY);", to: database, label: "up")
///     return try await server.read(database)
/// }
/// ```
package struct ThrowawayServer: Sendable {
    let cluster: EphemeralCluster

    init(cluster: EphemeralCluster) { self.cluster = cluster }

    /// Starts a server, runs `body` with it, stops and deletes it.
    package static func with<Result>(_ body: (ThrowawayServer) async throws -> Result) async throws -> Result {
        let cluster = try EphemeralCluster.start()
        defer { cluster.stop() }
        return try await body(ThrowawayServer(cluster: cluster))
    }

    /// A new empty database's name.
    package func createDatabase() async throws -> String {
        // Unique across every user of the same server (tests share one).
        let name = "strata_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await session { admin in try await admin.execute("CREATE DATABASE " + quoteIdentifier(name)) }
        return name
    }

    /// The URL of `database` on this server (no password: trust on a private socket).
    package func url(_ database: String) -> String { cluster.url(database: database) }

    /// A session on `database` (the maintenance database when nil), closed however `body` ends.
    package func session<Result>(_ database: String? = nil, _ body: (DatabaseSession) async throws -> Result) async throws -> Result {
        try await DatabaseConnection.withSession(url(database ?? cluster.database), body)
    }

    /// Loads `source` into a new database (files as they are; a live database's model as the DDL
    /// Strata renders of it) and reads the catalog back. Files already parsed are run as parsed.
    package func load(_ source: SchemaSource, model: DatabaseSchema, parsed: [ParsedFile]? = nil) async throws -> (database: String, schema: DatabaseSchema) {
        let database = try await createDatabase()
        let schema = try await session(database) { session in
            switch source {
            case .files(let paths):
                if let parsed {
                    for file in parsed { _ = try await ScriptRunner.run(file, on: session) }
                } else {
                    _ = try await ScriptRunner.run(paths: paths, on: session)
                }
            case .database:
                _ = try await ScriptRunner.run(PostgresParser.parse(path: "rendered.sql", text: SchemaSQLRenderer().render(model)), on: session)
            }
            return try await CatalogReader(session: session).readSchema()
        }
        return (database, schema)
    }

    /// The schema of `database`, from its catalog.
    package func read(_ database: String) async throws -> DatabaseSchema {
        try await session(database) { try await CatalogReader(session: $0).readSchema() }
    }

    /// The server refused a script: its first lines of output.
    package struct ScriptRefused: Error, CustomStringConvertible {
        package var label: String
        package var output: String
        package var description: String { output.split(separator: "\n").prefix(10).joined(separator: "\n") }
    }

    /// Runs a script with psql, as `psql -X -v ON_ERROR_STOP=1 [-1] -f` would.
    package func apply(_ script: String, to database: String, label: String, singleTransaction: Bool = false) throws {
        let file = cluster.directory + "/script-\(UUID().uuidString).sql"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        var arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "host=\(cluster.socketDirectory) port=\(cluster.port) user=\(cluster.user) dbname=\(database)"]
        if singleTransaction { arguments.append("-1") }
        arguments += ["-f", file]
        let (status, output) = try EphemeralCluster.run(cluster.binaries.psql, arguments)
        guard status == 0 else { throw ScriptRefused(label: label, output: output) }
    }

    /// The round trip on `database`: `ups` in order must give `target`, `downs` in order the
    /// database as it was, `ups` again the target.
    package func proveRoundTrip(on database: String, target: DatabaseSchema, names: (target: String, base: String),
                                ups: [(label: String, script: String)], downs: [(label: String, script: String)]) async throws -> RoundTripReport {
        func run(_ scripts: [(label: String, script: String)]) throws {
            for script in scripts {
                try apply(script.script, to: database, label: script.label, singleTransaction: !MigrationDirectives.noTransaction(script.script))
            }
        }
        return try await RoundTripProof.run(target: target, names: names, read: { try await read(database) },
                                            up: { try run(ups) }, down: { try run(downs) })
    }
}
