import Foundation
import Testing
import StrataTestSupport
@testable import StrataPostgres

enum ServerAvailability {
    static var binaries: PostgresBinaries? { try? PostgresBinaries.locate() }
}

/// Real PostgreSQL: each test starts its own throwaway cluster.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct EphemeralClusterTests {
    /// psql against the cluster's socket: the query's unaligned, tuples-only output.
    func query(_ cluster: EphemeralCluster, _ sql: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cluster.binaries.psql)
        process.arguments = ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", cluster.socketDirectory, "-p", String(cluster.port),
                             "-U", cluster.user, "-d", cluster.database, "-c", sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func startsListensOnlyOnItsSocketAndRunsSQL() throws {
        let cluster = try EphemeralCluster.start()
        defer { cluster.stop() }
        #expect(cluster.isRunning)
        #expect(FileManager.default.fileExists(atPath: "\(cluster.socketDirectory)/.s.PGSQL.\(cluster.port)"))
        let result = try query(cluster, "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (41); SELECT id + 1 FROM t;")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasSuffix("42"))
        let listen = try query(cluster, "SHOW listen_addresses")
        #expect(listen.output == "")
        #expect(cluster.connectionURL == "postgres://strata@/postgres?host=\(cluster.socketDirectory)&port=5432")
    }

    /// Running, not a zombie waiting for init to reap it.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    @Test func stopStopsTheServerAndDeletesEverything() throws {
        let cluster = try EphemeralCluster.start()
        let pidFile = "\(cluster.directory)/data/postmaster.pid"
        let pid = try #require(try String(contentsOfFile: pidFile, encoding: .utf8).split(separator: "\n").first.flatMap { Int32($0) })
        cluster.stop()
        #expect(!cluster.isRunning)
        #expect(!FileManager.default.fileExists(atPath: cluster.directory))
        #expect(!Self.isAlive(pid), "postmaster \(pid) still alive")
        cluster.stop()  // a second stop is harmless
    }

    @Test func clustersAreIndependent() throws {
        let first = try EphemeralCluster.start()
        defer { first.stop() }
        let second = try EphemeralCluster.start()
        defer { second.stop() }
        #expect(first.directory != second.directory)
        _ = try query(first, "CREATE TABLE only_in_first (id int)")
        let result = try query(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'")
        #expect(result.output == "0")
    }

    @Test func releasedClustersAreCleanedUp() throws {
        var directory = ""
        do {
            let cluster = try EphemeralCluster.start()
            directory = cluster.directory
        }
        #expect(!directory.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}

@Suite struct PostgresBinariesTests {
    @Test func missingServerProgramsGiveAClearError() {
        do {
            _ = try PostgresBinaries.locate(path: "/nonexistent", roots: ["/nonexistent/postgresql"])
            Issue.record("found binaries where there are none")
        } catch {
            #expect(error.description.contains("no PostgreSQL server programs"))
            #expect(error.description.contains("/nonexistent/postgresql/*/bin"))
        }
    }

    @Test func findsDebiansLayoutNewestFirst() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bin-\(UUID().uuidString)").path
        for version in ["13", "15"] {
            let bin = "\(root)/\(version)/bin"
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            for tool in ["initdb", "pg_ctl", "psql"] {
                #expect(FileManager.default.createFile(atPath: "\(bin)/\(tool)", contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755]))
            }
        }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = try PostgresBinaries.locate(path: "", roots: [root])
        #expect(found.directory == "\(root)/15/bin")
    }
}
