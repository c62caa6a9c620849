import Foundation
import StrataKit

/// A throwaway cluster made ready for explain and advise: the given files (schema and data) loaded
/// and HypoPG installed, which Strata may do only in a database it created.
package enum EphemeralWorkspace {
    package static func prepare(_ session: DatabaseSession, target: DatabaseTarget, load files: [String]) async throws {
        guard target == .ephemeral else {
            guard files.isEmpty else { throw LiveDatabase.FilesNeedEphemeral() }
            return
        }
        _ = try await ScriptRunner.run(paths: files, on: session)
        if try await session.scalarText("EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg')") == "true" {
            try await session.execute("CREATE EXTENSION IF NOT EXISTS hypopg")
        }
        try await session.execute("ANALYZE")
    }
}
