import Foundation
import Testing
import StrataTestSupport
@testable import StrataPostgres

/// The TCP path against a real server on 127.0.0.1: SCRAM passwords, TLS modes, and errors that
/// say what failed without ever showing the password.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
                "needs PostgreSQL server programs and openssl"), .serialized)
struct ConnectionTests {
    static let password = "s3cret-Pa55"

    /// A free TCP port on 127.0.0.1 (the kernel's choice).
    static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A self-signed certificate for localhost.
    static func certificate(in folder: String) throws -> (certificate: String, key: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(folder)/key.pem", "-out", "\(folder)/cert.pem",
                             "-days", "1", "-subj", "/CN=localhost"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return ("\(folder)/cert.pem", "\(folder)/key.pem")
    }

    func url(_ cluster: EphemeralCluster, password: String = password, database: String = "postgres", mode: String) -> String {
        "postgres://\(cluster.user):\(password)@127.0.0.1:\(cluster.port)/\(database)?sslmode=\(mode)"
    }

    func connectionError(_ text: String) async -> DatabaseError? {
        do {
            let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(text, environment: [:]), timeout: .seconds(5))
            await session.close()
            return nil
        } catch let error as DatabaseError {
            return error
        } catch {
            return nil
        }
    }

    @Test func passwordsOverTCPWithoutTLS() async throws {
        let cluster = try EphemeralCluster.start(loopback: .init(port: Self.freePort(), password: Self.password))
        defer { cluster.stop() }
        let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(url(cluster, mode: "disable"), environment: [:]))
        #expect(try await session.serverVersion() >= 150000)
        await session.close()

        let wrong = try #require(await connectionError(url(cluster, password: "not-it-at-all", mode: "disable")))
        #expect(wrong.kind == .authentication, "\(wrong)")
        #expect(!wrong.description.contains("not-it-at-all"))
        #expect(wrong.description.contains("strata:***@127.0.0.1"))

        let missing = try #require(await connectionError(url(cluster, database: "nope", mode: "disable")))
        #expect(missing.kind == .missingDatabase, "\(missing)")
        #expect(missing.sqlState == "3D000")

        // The server offers no TLS: require refuses to go on in the clear.
        let refused = try #require(await connectionError(url(cluster, mode: "require")))
        #expect(refused.kind == .tls, "\(refused)")
    }

    @Test func tlsModesAgainstASelfSignedServer() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-cert-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cluster = try EphemeralCluster.start(loopback: .init(port: Self.freePort(), password: Self.password, certificate: try Self.certificate(in: folder)))
        defer { cluster.stop() }

        let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(url(cluster, mode: "require"), environment: [:]))
        var encrypted = false
        try await session.forEachRow("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") { row in encrypted = try row.decode(Bool.self) }
        #expect(encrypted)
        await session.close()

        // verify-full checks the chain: a self-signed certificate is refused.
        let unverified = try #require(await connectionError(url(cluster, mode: "verify-full")))
        #expect(unverified.kind == .tls, "\(unverified)")
        #expect(!unverified.description.contains(Self.password))
    }

    @Test func refusedConnectionsSaySo() async throws {
        let error = try #require(await connectionError("postgres://app:hunter2@127.0.0.1:\(Self.freePort())/shop?sslmode=disable"))
        #expect(error.kind == .refused, "\(error)")
        #expect(!error.description.contains("hunter2"))
    }
}
