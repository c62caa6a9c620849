import Foundation
import Testing
@testable import StrataKit
@testable import StrataPostgres

/// One throwaway cluster for the whole test process (stopped at exit); each test gets a new database in it.
enum SharedCluster {
    static let cluster: EphemeralCluster? = try? EphemeralCluster.start()
    private static let counter = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
    }

    /// A new, empty database and a session on it.
    static func freshDatabase() async throws -> DatabaseSession {
        let cluster = try #require(cluster)
        let admin = try await DatabaseSession.connect(try ConnectionSettings.resolve(cluster.connectionURL, environment: [:]))
        let name = "test_\(counter.next())"
        try await admin.execute("CREATE DATABASE \(name)")
        await admin.close()
        let url = "postgres://\(cluster.user)@/\(name)?host=\(cluster.socketDirectory)&port=\(cluster.port)"
        return try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
    }
}

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// The model read from the catalog after loading a file equals the model built from the file.
@Suite(.enabled(if: ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct ParityTests {
    static let fixtures = [
        "Tests/StrataPostgresTests/Fixtures/every-feature.sql",
        "examples/shop/schema.sql",
        "examples/shop-broken/schema.sql",
    ]

    /// PostgreSQL keeps a view as an analysed query (columns qualified, `*` expanded, casts added):
    /// its text cannot equal the file's. Names, kind and comments must still match.
    static func withoutViewText(_ schema: DatabaseSchema) -> DatabaseSchema {
        var copy = schema
        for name in copy.views.keys { copy.views[name]?.definition = "" }
        return copy
    }

    @Test(arguments: fixtures)
    func catalogModelEqualsFileModel(_ fixture: String) async throws {
        let path = Fixtures.path(fixture)
        let session = try await SharedCluster.freshDatabase()
        _ = try await ScriptRunner.run(paths: [path], on: session)
        let live = try await CatalogReader(session: session).readSchema()
        await session.close()
        let fromFile = try SchemaLoader.load(paths: [path]).schema
        let differences = ModelDifferences.between(Self.withoutViewText(fromFile), Self.withoutViewText(live))
        #expect(differences.isEmpty, "\(fixture): file model vs catalog model:\n\(differences.joined(separator: "\n"))")
    }
}
