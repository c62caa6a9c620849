import Testing
@testable import StrataPostgres

@Suite struct ConnectionSettingsTests {
    let noEnvironment: [String: String] = ["USER": "dev"]

    @Test func readsEveryPartOfAURL() throws {
        let settings = try ConnectionSettings.resolve("postgres://app:s%40cret@db.internal:6543/shop?sslmode=require", environment: noEnvironment)
        #expect(settings == ConnectionSettings(host: "db.internal", port: 6543, user: "app", password: "s@cret", database: "shop", tlsMode: .require))
    }

    @Test func passwordsNeverAppearInDescriptions() throws {
        let settings = try ConnectionSettings.resolve("postgresql://app:hunter2@db/shop", environment: noEnvironment)
        #expect(settings.description == "postgres://app:***@db:5432/shop?sslmode=prefer")
        #expect(!settings.description.contains("hunter2"))
        #expect(!String(reflecting: settings).contains("hunter2"))
        var dumped = ""
        dump(settings, to: &dumped)
        #expect(!dumped.contains("hunter2"))
    }

    @Test func invalidURLsAreRejectedWithoutThePassword() {
        for url in ["mysql://app:hunter2@db/shop", "postgres://app:hunter2@db:99999/shop", "postgres://app:hunter2@db/shop?sslmode=always"] {
            do {
                _ = try ConnectionSettings.resolve(url, environment: noEnvironment)
                Issue.record("accepted \(url)")
            } catch {
                #expect(!error.description.contains("hunter2"), "\(error.description)")
            }
        }
        #expect(ConnectionSettings.redacted("postgres://app:hunter2@db/shop") == "postgres://app:***@db/shop")
        #expect(ConnectionSettings.redacted("postgres://db/shop?password=hunter2&x=1") == "postgres://db/shop?password=***&x=1")
    }

    @Test func libpqEnvironmentFillsWhatTheURLLeavesOut() throws {
        let environment = ["PGHOST": "envhost", "PGPORT": "5433", "PGUSER": "envuser", "PGPASSWORD": "envpass", "PGDATABASE": "envdb", "PGSSLMODE": "verify-full", "USER": "dev"]
        let fromEnvironment = try ConnectionSettings.resolve(nil, environment: environment)
        #expect(fromEnvironment == ConnectionSettings(host: "envhost", port: 5433, user: "envuser", password: "envpass", database: "envdb", tlsMode: .verifyFull))
        let mixed = try ConnectionSettings.resolve("postgres://other@/shop", environment: environment)
        #expect(mixed.host == "envhost")
        #expect(mixed.user == "other")
        #expect(mixed.password == "envpass")
        #expect(mixed.database == "shop")
        let databaseURL = try ConnectionSettings.resolve(nil, environment: ["DATABASE_URL": "postgres://u@h/d", "USER": "dev"])
        #expect(databaseURL.host == "h" && databaseURL.database == "d")
    }

    @Test func unixSocketsAndDefaults() throws {
        let socket = try ConnectionSettings.resolve("postgres://strata@/postgres?host=/tmp/strata-pg-1&port=5432", environment: noEnvironment)
        #expect(socket.isUnixSocket)
        #expect(socket.description == "postgres://strata@/postgres?host=/tmp/strata-pg-1&port=5432&sslmode=prefer")
        let defaults = try ConnectionSettings.resolve(nil, environment: noEnvironment)
        #expect(defaults == ConnectionSettings(host: "/var/run/postgresql", port: 5432, user: "dev", password: nil, database: "dev", tlsMode: .prefer))
    }

    @Test func ephemeralClustersConnectionURLResolves() throws {
        let url = "postgres://strata@/postgres?host=/tmp/strata-pg-abc&port=5432"
        let settings = try ConnectionSettings.resolve(url, environment: noEnvironment)
        #expect(settings.host == "/tmp/strata-pg-abc" && settings.user == "strata" && settings.password == nil)
    }
}
