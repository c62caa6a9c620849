import Foundation
import Testing
@testable import StrataKit

/// The migrations folder, checksums and history states, without a database.
struct MigrationSetTests {
    func folder(_ files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-set-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: "\(path)/\(name)", atomically: true, encoding: .utf8) }
        return path
    }

    @Test func foldersLoadInVersionOrderWithTheirDownFiles() throws {
        let path = try folder(["0010_c.up.sql": "SELECT 3;", "0002_b.up.sql": "SELECT 2;", "0002_b.down.sql": "SELECT -2;", "1_a.up.sql": "SELECT 1;"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let set = try MigrationSet.load(directory: path)
        #expect(set.migrations.map(\.version) == [1, 2, 10])
        #expect(set.migrations.map(\.name) == ["a", "b", "c"])
        #expect(set.migrations[1].down == "SELECT -2;" && set.migrations[0].down == nil)
    }

    @Test(arguments: [
        (["0001_a.up.sql": "x", "1_b.up.sql": "y"], "each version must be unique"),
        (["0001_a.up.sql": "x", "notes.sql": "y"], "not a migration file name"),
        (["add_users.up.sql": "x"], "must start with its version number"),
        (["0001_a.up.sql": "x", "0002_b.down.sql": "y"], "a down migration without its up file"),
    ])
    func badFoldersAreRefusedNotSkipped(files: [String: String], message: String) throws {
        let path = try folder(files)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: InputError.self) { try MigrationSet.load(directory: path) }
        #expect(error.message.contains(message), "\(error)")
    }

    @Test func checksumsIgnoreLineEndingsAndTrailingBlanksOnly() {
        let text = "CREATE TABLE a (id int);\nCREATE INDEX ON a (id);\n"
        #expect(MigrationChecksum.of(text) == MigrationChecksum.of("\u{FEFF}CREATE TABLE a (id int);  \r\nCREATE INDEX ON a (id);\r\n\r\n"))
        #expect(MigrationChecksum.of(text) != MigrationChecksum.of("CREATE TABLE a (id bigint);\nCREATE INDEX ON a (id);\n"))
        #expect(MigrationChecksum.of(text) != MigrationChecksum.of("CREATE TABLE a  (id int);\nCREATE INDEX ON a (id);\n"))
        // SHA-256 of the normalized text, hex.
        #expect(MigrationChecksum.of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func noTransactionIsAFirstLineDirective() {
        #expect(MigrationDirectives.noTransaction("-- strata:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);"))
        #expect(MigrationDirectives.noTransaction("\n\n--strata:no-transaction (the index below)\nSELECT 1;"))
        #expect(!MigrationDirectives.noTransaction("SELECT 1;\n-- strata:no-transaction"))
    }

    @Test func newWritesTheNextVersionAsWideAsTheOthers() throws {
        let path = try folder(["000041_old.up.sql": "SELECT 1;"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let created = try MigrationSet.create(name: "Add orders-status!", in: path)
        #expect((created.up as NSString).lastPathComponent == "000042_add_orders_status.up.sql")
        #expect(FileManager.default.fileExists(atPath: created.down))
        #expect(try MigrationSet.load(directory: path).migrations.map(\.version) == [41, 42])
    }

    @Test func statesNameEditedMissingOutOfOrderAndPartialMigrations() {
        let files = (1...5).map { Migration(version: UInt64($0), name: "m\($0)", upPath: "m\($0).up.sql", up: "SELECT \($0);") }
        func row(_ version: UInt64, _ text: String, complete: Bool = true) -> AppliedMigration {
            AppliedMigration(version: version, name: "m\(version)", checksum: MigrationChecksum.of(text), appliedAt: "2026-01-01T00:00:00Z",
                             executionMilliseconds: 1, appliedBy: "test", statementsDone: complete ? nil : 1, complete: complete)
        }
        let history = [row(1, "SELECT 1;"), row(2, "SELECT 2; -- edited since"), row(4, "SELECT 4;", complete: false), row(5, "SELECT 5;"), row(9, "SELECT 9;")]
        let states = Migrator.states(files: files, history: history)
        #expect(states.map(\.kind) == [.applied, .edited, .outOfOrder, .partial, .applied, .missingFile])
        #expect(states.last?.version == 9)
    }
}
