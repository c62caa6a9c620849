import Foundation
import Synchronization
import Testing
@testable import StrataKit
@testable import StrataPostgres

/// The one round-trip proof's logic, on schemas held in memory: what each stage is compared
/// with, where the proof stops, and how a failure reads. (The commands that use it are proven on
/// real servers in MigrateTests, DiffCommandTests and DesignProveTests.)
@Suite struct RoundTripProofTests {
    static let base = DatabaseSchema(sql: "CREATE TABLE a (id bigint PRIMARY KEY);")
    static let target = DatabaseSchema(sql: "CREATE TABLE a (id bigint PRIMARY KEY, name text);")
    static let other = DatabaseSchema(sql: "CREATE TABLE a (id bigint PRIMARY KEY, name varchar(10));")

    /// A database that is `states[i]` at the i-th read.
    final class Recorded: Sendable {
        let states: [DatabaseSchema]
        let reads = Mutex(0)
        init(_ states: [DatabaseSchema]) { self.states = states }
        func read() -> DatabaseSchema {
            reads.withLock { count in
                defer { count += 1 }
                return states[min(count, states.count - 1)]
            }
        }
    }

    struct Refused: Error, CustomStringConvertible { var description: String { "relation \"a\" does not exist" } }

    func run(_ states: [DatabaseSchema], target: DatabaseSchema?, downFails: Bool = false) async throws -> RoundTripReport {
        let database = Recorded(states)
        return try await RoundTripProof.run(target: target, names: ("the target", "the base"), read: { database.read() },
                                            up: {}, down: { if downFails { throw Refused() } })
    }

    @Test func upDownUpThatGivesTargetBaseTargetPasses() async throws {
        let report = try await run([Self.base, Self.target, Self.base, Self.target], target: Self.target)
        #expect(report.passed)
        #expect(report.checks.map(\.stage) == [.up, .down, .upAgain])
        #expect(report.problem == nil)
    }

    @Test func aDownThatLeavesAColumnFailsAtTheDownAndNamesIt() async throws {
        let report = try await run([Self.base, Self.target, Self.target], target: Self.target)
        #expect(!report.passed)
        #expect(report.checks.count == 2, "the proof stops at the first failed stage")
        let problem = try #require(report.problem)
        #expect(problem.hasPrefix("after the down, the database differs from the base"), "\(problem)")
        #expect(problem.contains("name"), "\(problem)")
    }

    @Test func aRefusedScriptIsTheStagesFailureNotAThrow() async throws {
        let report = try await run([Self.base, Self.target], target: Self.target, downFails: true)
        #expect(report.checks.last?.stage == .down)
        #expect(report.problem == "the down failed: relation \"a\" does not exist")
    }

    /// Without a target (migrate verify), the first up's result is the target: an up that gives
    /// something else the second time fails at "up again".
    @Test func withoutATargetTheFirstUpIsTheTarget() async throws {
        let passing = try await run([Self.base, Self.target, Self.base, Self.target], target: nil)
        #expect(passing.passed)
        let drifting = try await run([Self.base, Self.target, Self.base, Self.other], target: nil)
        #expect(drifting.checks.map(\.stage) == [.up, .down, .upAgain])
        let problem = try #require(drifting.problem)
        #expect(problem.hasPrefix("after the up again, the database differs from the target"), "\(problem)")
    }

    /// Column order is not part of the comparison: PostgreSQL appends a column added back.
    @Test func columnOrderIsNotCompared() {
        let first = DatabaseSchema(sql: "CREATE TABLE a (id bigint PRIMARY KEY, x int, y int);")
        let second = DatabaseSchema(sql: "CREATE TABLE a (id bigint PRIMARY KEY, y int, x int);")
        #expect(SchemaComparison.differences(first, second).isEmpty)
        #expect(!SchemaComparison.differences(first, Self.base).isEmpty)
    }
}
