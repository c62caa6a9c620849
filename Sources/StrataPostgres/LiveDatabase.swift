import Foundation
import StrataKit

/// A model read from a live database, with the statistics the live-only rules need.
package struct LiveSnapshot: Sendable {
    package var schema: DatabaseSchema
    package var statistics: DatabaseStatistics?
    /// The redacted URL read, or `ephemeral`: where findings about it point.
    package var source: String
}

/// `--database`: a URL (or nil for `DATABASE_URL` and the PG* variables), or `ephemeral` to
/// load SQL files into a throwaway local cluster first.
package enum LiveDatabase {
    package static let ephemeral = DatabaseTarget.ephemeralKeyword

    /// Reads the schema (and, when asked, the statistics) of `database`.
    ///
    /// With `ephemeral`, `files` are run statement by statement in a new throwaway cluster, which is
    /// stopped and deleted afterwards whatever happens. Otherwise `files` must be empty: Strata never
    /// writes to a database it did not create.
    package static func read(database: String?, files: [String] = [], schemas: [String] = [], statistics: Bool = false,
                            environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> LiveSnapshot {
        let target = DatabaseTarget(database)
        if target == .ephemeral {
            return try await DatabaseConnection.with(.ephemeral) { session in
                _ = try await ScriptRunner.run(paths: files, on: session)
                return try await read(session, schemas: schemas, statistics: statistics, source: ephemeral)
            }
        }
        guard files.isEmpty else { throw FilesNeedEphemeral() }
        return try await DatabaseConnection.with(target, environment: environment) { session in
            try await read(session, schemas: schemas, statistics: statistics, source: session.settings.description)
        }
    }

    static func read(_ session: DatabaseSession, schemas: [String], statistics: Bool, source: String) async throws(DatabaseError) -> LiveSnapshot {
        let reader = CatalogReader(session: session, schemas: schemas)
        let schema = try await reader.readSchema()
        guard statistics else { return LiveSnapshot(schema: schema, statistics: nil, source: source) }
        var read = try await reader.readStatistics()
        read.references = try await reader.readReferenceChecks(for: schema)
        return LiveSnapshot(schema: schema, statistics: read, source: source)
    }

    /// SQL files were given with a real database: Strata loads files only into a throwaway one.
    package struct FilesNeedEphemeral: StrataError {
        package var code: StrataErrorCode { .filesNeedThrowawayServer }
        package var description: String {
            "SQL files are loaded only into a throwaway cluster Strata starts itself; Strata never writes to a database it did not create"
        }
    }
}
