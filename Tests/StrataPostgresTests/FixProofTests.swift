import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// Every fix Strata prints runs: each schema rule's triggering examples are loaded into a real
/// server, the printed fixes applied, the catalog read back and reviewed again. The finding must
/// be gone, and no finding of another rule may appear that was not there before.
/// One rule at a time: each case opens several connections on the shared cluster.
@Suite(.serialized, Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct FixProofTests {
    static let rules: [String] = RuleCatalog.schemaRules.filter { $0.description.category != .live }.map { $0.description.id }

    static func rule(_ id: String) -> any SchemaRule.Type { RuleCatalog.schemaRules.first { $0.description.id == id }! }

    /// The review of the live database with every file rule, as (rule, object) pairs.
    static func review(_ session: DatabaseSession, configuration: Configuration) async throws -> (all: Set<String>, findings: [Finding]) {
        let schema = try await CatalogReader(session: session).readSchema()
        let loaded = LoadedSchema(files: [], schema: schema, notes: [])
        let rules = RuleCatalog.schemaRules.filter { $0.description.category != .live }
        let findings = Reviewer(configuration: configuration).review(loaded, rules: rules).findings
        return (Set(findings.map { "\($0.rule) \($0.object ?? "")" }), findings)
    }

    @Test(arguments: rules)
    func printedFixesRunAndResolveTheFinding(_ id: String) async throws {
        let rule = Self.rule(id)
        for example in rule.description.triggeringExamples {
            let sql = example.sql.replacing(String(RuleExample.marker), with: "")
            let findings = Reviewer(configuration: example.configuration)
                .review(SchemaLoader.load(sources: [("example.sql", sql)]), rules: [rule]).findings.filter { $0.rule == id }
            let fixes = findings.compactMap(\.fix)
            guard !fixes.isEmpty else { continue }
            let location = rule.description.declaration(of: example)
            let sourceLocation = Testing.SourceLocation(fileID: "StrataKit/x.swift", filePath: location.file, line: location.line, column: 1)
            let reviews = try await SharedCluster.withFreshDatabase { session -> (before: (all: Set<String>, findings: [Finding]), after: (all: Set<String>, findings: [Finding]))? in
                _ = try await ScriptRunner.run(PostgresParser.parse(path: "example.sql", text: sql), on: session)
                let before = try await Self.review(session, configuration: example.configuration)
                do {
                    for fix in fixes {
                        _ = try await ScriptRunner.run(PostgresParser.parse(path: "fix.sql", text: fix), on: session)
                    }
                } catch {
                    Issue.record("\(id): the fix does not run: \(error)\n\(fixes.joined(separator: "\n"))", sourceLocation: sourceLocation)
                    return nil
                }
                return (before, try await Self.review(session, configuration: example.configuration))
            }
            guard let (before, after) = reviews else { continue }
            let remaining = after.findings.filter { $0.rule == id }
            #expect(remaining.isEmpty, "\(id): still reported after its fix:\n\(fixes.joined(separator: "\n"))\n-> \(remaining.map(\.message))",
                    sourceLocation: sourceLocation)
            let introduced = after.all.subtracting(before.all)
            #expect(introduced.isEmpty, "\(id): its fix brings new findings: \(introduced.sorted())\n\(fixes.joined(separator: "\n"))",
                    sourceLocation: sourceLocation)
        }
    }
}

/// On a live database an inferred reference is checked against the data: orphans (an anti-join)
/// and sentinel zeros are counted in the message, and a foreign key the data would fail is not
/// validated by the fix.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct InferredReferenceEvidenceTests {
    @Test func orphansAndSentinelsAreCountedFromTheData() async throws {
        let url = try await SharedCluster.freshDatabaseURL()
        let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
        defer { Task { await session.close() } }
        _ = try await ScriptRunner.run(PostgresParser.parse(path: "data.sql", text: """
            CREATE TABLE queues (id integer PRIMARY KEY);
            CREATE TABLE tickets (id bigint PRIMARY KEY, queue_id integer NOT NULL DEFAULT 0);
            CREATE INDEX ON tickets (queue_id);
            INSERT INTO queues VALUES (1), (2);
            INSERT INTO tickets VALUES (1, 1), (2, 2), (3, 0), (4, 0), (5, 9);
            """), on: session)
        let snapshot = try await LiveDatabase.read(database: url, statistics: true, environment: [:])
        let finding = try #require(Reviewer().review(schema: snapshot.schema, statistics: snapshot.statistics).findings
            .first { $0.rule == "missing-foreign-key" })
        #expect(finding.message.contains("in the data: 1 orphan, 2 rows holding 0"), "\(finding.message)")
        #expect(finding.fix?.contains("UPDATE public.tickets SET queue_id = NULL WHERE queue_id = 0;") == true)
        #expect(finding.fix?.contains("VALIDATE CONSTRAINT tickets_queue_id_fkey;") == false, "the data would fail validation")
        #expect(finding.fix?.contains("-- 1 row points at no queues row") == true)
    }
}
