import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// One (from, to) pair of `Fixtures/diff-scenarios.sql`, with the rows to keep and how to check them.
struct DiffScenario: CustomTestStringConvertible, Sendable {
    var name: String
    var from = ""
    var to = ""
    /// Rows inserted into the source before the up.
    var seed = ""
    /// `SELECT ...` whose single value must read `expected` after the up and again after the down.
    var checks: [(query: String, afterUp: String, afterDown: String)] = []
    var allowDataLoss = false
    var offline = false
    /// The plan must be refused for data loss without --allow-data-loss.
    var refusedWithoutPermission = false
    /// Text the up script must contain (what makes it online-safe, for example).
    var upContains: [String] = []
    var line = 0

    var testDescription: String { "\(name) (line \(line))" }

    /// Sections: `-- scenario: name`, `-- options: allow-data-loss offline`, `-- from:`, `-- to:`,
    /// `-- seed:`, `-- check: SELECT ... => after up [=> after down, - for not checked]`, `-- up contains: text`.
    static func load() throws -> [DiffScenario] {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("Tests/StrataPostgresTests/Fixtures/diff-scenarios.sql"), encoding: .utf8)
        var scenarios: [DiffScenario] = []
        var current: DiffScenario?
        var section = ""
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("-- scenario:") {
                if let current { scenarios.append(current) }
                current = DiffScenario(name: String(trimmed.dropFirst("-- scenario:".count)).trimmingCharacters(in: .whitespaces), line: offset + 1)
                section = ""
                continue
            }
            guard var scenario = current else { continue }
            if trimmed.hasPrefix("-- options:") {
                let options = trimmed.dropFirst("-- options:".count).split(separator: " ").map(String.init)
                scenario.allowDataLoss = options.contains("allow-data-loss")
                scenario.offline = options.contains("offline")
                scenario.refusedWithoutPermission = options.contains("refused-without-permission")
            } else if trimmed.hasPrefix("-- check:") {
                let parts = trimmed.dropFirst("-- check:".count).components(separatedBy: "=>").map { $0.trimmingCharacters(in: .whitespaces) }
                scenario.checks.append((parts[0], parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : (parts.count > 1 ? parts[1] : "")))
            } else if trimmed.hasPrefix("-- up contains:") {
                scenario.upContains.append(String(trimmed.dropFirst("-- up contains:".count)).trimmingCharacters(in: .whitespaces))
            } else if ["-- from:", "-- to:", "-- seed:"].contains(trimmed) {
                section = trimmed
            } else {
                switch section {
                case "-- from:": scenario.from += line + "\n"
                case "-- to:": scenario.to += line + "\n"
                case "-- seed:": scenario.seed += line + "\n"
                default: break
                }
            }
            current = scenario
        }
        if let current { scenarios.append(current) }
        return scenarios
    }
}

/// Every scenario is planned in both directions and proven on a real server: the up turns the
/// source into exactly the target, the down gives the source back, the up works again, and rows
/// of surviving tables keep their values throughout.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct DiffScenarioTests {
    static let scenarios = (try? DiffScenario.load()) ?? []

    @Test func thereAreEnoughScenarios() {
        #expect(Self.scenarios.count >= 150, "diff-scenarios.sql has \(Self.scenarios.count) scenarios")
        #expect(Set(Self.scenarios.map(\.name)).count == Self.scenarios.count, "scenario names must be unique")
    }

    /// A few scenarios at a time: each opens several sessions and psql processes on the shared cluster.
    static let gate = ConcurrencyGate(limit: 6)

    @Test(arguments: scenarios)
    func upGivesTheTargetAndDownGivesTheSourceBack(_ scenario: DiffScenario) async throws {
        await Self.gate.enter()
        do {
            try await prove(scenario)
            await Self.gate.leave()
        } catch {
            await Self.gate.leave()
            throw error
        }
    }

    func prove(_ scenario: DiffScenario) async throws {
        let cluster = try #require(SharedCluster.cluster)
        let proof = ThrowawayServer(cluster: cluster)
        let from = SchemaLoader.load(sources: [("from.sql", scenario.from)])
        let to = SchemaLoader.load(sources: [("to.sql", scenario.to)])
        for file in from.files + to.files { #expect(file.syntaxErrors.isEmpty, "\(scenario.name): \(file.syntaxErrors)") }
        var options = DiffOptions(online: !scenario.offline, allowDataLoss: scenario.allowDataLoss)
        options.renames = RenameHints.read(sources: [("to.sql", scenario.to)], schema: to.schema)
        if scenario.refusedWithoutPermission {
            var strict = options
            strict.allowDataLoss = false
            #expect(throws: DataLossError.self, "\(scenario.name): a plan that loses data must be refused") {
                try SchemaDiffer(from: from.schema, to: to.schema, options: strict).plan()
            }
        }
        let result = try SchemaDiffService.plan(from: from.schema, to: to.schema, options: options, unmodeled: [])
        #expect(!result.up.isEmpty, "\(scenario.name): the schemas differ, the plan is empty")
        for text in scenario.upContains {
            #expect(result.up.script.contains(text), "\(scenario.name): the up should contain \(text):\n\(result.up.script)")
        }

        let sourceDatabase = try await proof.createDatabase()
        let targetDatabase = try await proof.createDatabase()
        try proof.apply(scenario.from + scenario.seed, to: sourceDatabase, label: "source", singleTransaction: true)
        try proof.apply(scenario.to, to: targetDatabase, label: "target", singleTransaction: true)
        let original = try await proof.read(sourceDatabase)
        let wanted = try await proof.read(targetDatabase)
        let context = "\(scenario.name)\n--- up:\n\(result.up.script)--- down:\n\(result.down.script)"

        try proof.apply(result.up.script, to: sourceDatabase, label: "up")
        let afterUp = SchemaComparison.differences(wanted, try await proof.read(sourceDatabase))
        #expect(afterUp.isEmpty, "after the up: \(afterUp.joined(separator: "\n"))\n\(context)")
        for check in scenario.checks {
            let value = try await value(of: check.query, in: sourceDatabase, proof: proof)
            #expect(value == check.afterUp, "after the up, \(check.query) gives \(value)\n\(context)")
        }

        try proof.apply(result.down.script, to: sourceDatabase, label: "down")
        let afterDown = SchemaComparison.differences(original, try await proof.read(sourceDatabase))
        #expect(afterDown.isEmpty, "after the down: \(afterDown.joined(separator: "\n"))\n\(context)")
        for check in scenario.checks where check.afterDown != "-" {
            let value = try await value(of: check.query, in: sourceDatabase, proof: proof)
            #expect(value == check.afterDown, "after the down, \(check.query) gives \(value)\n\(context)")
        }

        try proof.apply(result.up.script, to: sourceDatabase, label: "up")
        let again = SchemaComparison.differences(wanted, try await proof.read(sourceDatabase))
        #expect(again.isEmpty, "after the up again: \(again.joined(separator: "\n"))\n\(context)")
        try await DatabaseConnection.withSession(cluster.connectionURL) { admin in
            try await admin.execute("DROP DATABASE \(sourceDatabase)")
            try await admin.execute("DROP DATABASE \(targetDatabase)")
        }
    }

    func value(of query: String, in database: String, proof: ThrowawayServer) async throws -> String {
        try await DatabaseConnection.withSession(proof.url(database)) { session in try await session.scalarText(query) ?? "NULL" }
    }
}

/// At most `limit` holders at once; the others wait their turn.
actor ConcurrencyGate {
    let limit: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func enter() async {
        if holders < limit {
            holders += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { holders -= 1 } else { waiting.removeFirst().resume() }
    }
}
