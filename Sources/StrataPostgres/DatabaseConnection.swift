import Foundation
import StrataKit

/// A session on the server a ``DatabaseTarget`` names, with what closing it takes: a throwaway
/// cluster (`.ephemeral`) is stopped and deleted when the session closes.
///
/// ```swift
/// let connection = try await DatabaseConnection.open(DatabaseTarget(nil))   // DATABASE_URL
/// defer { Task { await connection.close() } }
/// ```
package struct DatabaseConnection: Sendable {
    package let session: DatabaseSession
    private let cluster: EphemeralCluster?

    /// Connects to `.postgres` (the URL, or the environment when nil) or starts an `.ephemeral`
    /// cluster. `.sqlite` is not PostgreSQL: it throws `.invalidArgument`.
    package static func open(_ target: DatabaseTarget,
                            environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> DatabaseConnection {
        switch target {
        case .postgres(let url):
            return DatabaseConnection(session: try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: environment)), cluster: nil)
        case .ephemeral:
            let cluster = try EphemeralCluster.start()
            do {
                let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(cluster.connectionURL, environment: [:]))
                return DatabaseConnection(session: session, cluster: cluster)
            } catch {
                cluster.stop()
                throw error
            }
        case .sqlite(let path):
            throw ConnectionSettings.Invalid(message: "sqlite:\(path) is a SQLite database, not PostgreSQL")
        }
    }

    /// Closes the session, and stops and deletes a throwaway cluster.
    package func close() async {
        await session.close()
        cluster?.stop()
    }

    /// Opens `target`, runs `body` on its session, and closes it however `body` ends.
    package static func with<Result>(_ target: DatabaseTarget,
                                    environment: [String: String] = ProcessInfo.processInfo.environment,
                                    _ body: (DatabaseSession) async throws -> Result) async throws -> Result {
        let connection = try await open(target, environment: environment)
        do {
            let result = try await body(connection.session)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }
}
