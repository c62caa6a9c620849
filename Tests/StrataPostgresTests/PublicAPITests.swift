import Foundation
import Logging
import PostgresNIO
import Testing
import StrataKit
import StrataPostgres
import StrataTestSupport

/// What a Swift server does with Strata, written against the public API only (no `@testable`):
/// migrate at start-up on its own `PostgresClient`, review and lint SQL held in memory, diff two
/// schemas.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct PublicAPITests {
    func migrationsFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-api-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);\n"
            .write(toFile: folder + "/0001_accounts.up.sql", atomically: true, encoding: .utf8)
        try "DROP TABLE accounts;\n".write(toFile: folder + "/0001_accounts.down.sql", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aServerMigratesAtStartUpOnItsOwnClient() async throws {
        let cluster = try #require(SharedCluster.cluster)
        let database = "strata_api_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let admin = try await DatabaseSession.connect(try ConnectionSettings.resolve(cluster.connectionURL, environment: [:]))
        try await admin.execute("CREATE DATABASE \(database)")
        await admin.close()
        let folder = try migrationsFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let configuration = PostgresClient.Configuration(unixSocketPath: "\(cluster.socketDirectory)/.s.PGSQL.\(cluster.port)",
                                                         username: cluster.user, password: nil, database: database)
        let client = PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            let applied = try await client.withConnection { connection in
                let target = PostgresMigrationTarget(session: DatabaseSession(borrowing: connection))
                return try await Migrator(migrations: try MigrationSet.load(directory: folder), target: target).up()
            }
            #expect(applied.map(\.name) == ["accounts"])
            // The borrowed connection is still the client's, open, with the table and the history.
            let rows = try await client.query("SELECT count(*)::int8 FROM strata_migrations")
            for try await count in rows.decode(Int64.self) { #expect(count == 1) }
            let again = try await client.withConnection { connection in
                try await Migrator(migrations: try MigrationSet.load(directory: folder),
                                   target: PostgresMigrationTarget(session: DatabaseSession(borrowing: connection))).up()
            }
            #expect(again.isEmpty)
            group.cancelAll()
        }
    }

    @Test func aServerReviewsLintsAndDiffsSQLHeldInMemory() throws {
        let review = Reviewer().review(sources: [("schema.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\nCREATE TABLE users (id bigint PRIMARY KEY);\n")])
        #expect(review.findings.contains { $0.rule == "fk-missing-index" && $0.location?.file == "schema.sql" }, "\(review.findings.map(\.rule))")

        let lint = MigrationLinter().lint(sql: "CREATE INDEX orders_user_id_idx ON orders (user_id);", path: "0002_index.up.sql")
        #expect(lint.findings.map(\.rule).contains("require-concurrent-index"), "\(lint.findings.map(\.rule))")

        let plan = try SchemaDiffer(from: DatabaseSchema(sql: "CREATE TABLE t (id bigint PRIMARY KEY);"),
                                    to: DatabaseSchema(sql: "CREATE TABLE t (id bigint PRIMARY KEY, note text);")).plan()
        #expect(plan.steps.map(\.sql) == ["ALTER TABLE public.t ADD COLUMN IF NOT EXISTS note text;"])

        #expect(throws: DataLossError.self) {
            try SchemaDiffer(from: DatabaseSchema(sql: "CREATE TABLE t (id bigint PRIMARY KEY, note text);"),
                             to: DatabaseSchema(sql: "CREATE TABLE t (id bigint PRIMARY KEY);")).plan()
        }
    }
}
