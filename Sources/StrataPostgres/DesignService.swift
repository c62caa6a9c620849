import Foundation
import StrataKit

/// `strata design` as a library: design from a spec, check the design (review clean, migration
/// verified on a throwaway server, and with `prove` each access pattern run on generated data),
/// then write the files. Nothing is written when a check fails.
///
/// ```swift
/// let outcome = try await DesignService.design(specPath: "spec.yml", into: "db", prove: true)
/// print(outcome.card)
/// ```
package enum DesignService {
    package struct Outcome: Sendable {
        /// Paths written, relative to the output folder.
        package var files: [String]
        package var card: String
        package var evidence: DesignEvidence
        package var design: DatabaseDesign
    }

    /// The design failed its own checks: what failed, nothing written.
    package struct DesignRejected: StrataError {
        package var code: StrataErrorCode { .proofFailed }
        package var message: String
        package var description: String { "error: the design failed its own check, nothing was written: \(message)" }
    }

    /// `proveRows`: the largest table's rows for `prove` (the others in the spec's proportions).
    package static func design(specPath: String, into folder: String, prove: Bool, proveRows: Int = 100_000,
                              progress: @Sendable (String) -> Void = { _ in }) async throws -> Outcome {
        let spec = try DesignSpec.parse(path: specPath, text: try SchemaLoader.read(specPath))
        let design = SchemaDesigner(spec: spec).design()
        let loaded = SchemaLoader.load(sources: [("schema.sql", design.sql)])
        if let error = loaded.files.flatMap(\.syntaxErrors).first { throw DesignRejected(message: "schema.sql does not parse: \(error)") }
        var evidence = DesignEvidence()
        let review = Reviewer().review(loaded)
        evidence.reviewFindings = review.report.findings
        let failing = review.report.findings.filter { $0.severity > .info }
        guard failing.isEmpty else {
            throw DesignRejected(message: "strata review schema.sql reports:\n" + failing.map { "  \($0.location.map(\.description) ?? ""): \($0.rule) \($0.message)" }.joined(separator: "\n"))
        }
        progress("review: clean (\(review.report.findings.count) info)")
        let downOptions = DiffOptions(online: false, allowDataLoss: true)
        // Dropping what the up created is one transaction: the offline plan has one group.
        let downPlan = try SchemaDiffer(from: loaded.schema, to: DatabaseSchema(), options: downOptions).plan()
        let down = downPlan.migrations.joined(separator: "\n")
        let migrations = folder.appendingPathComponent("migrations")
        let set = MigrationSet(directory: migrations, migrations: [
            Migration(version: 1, name: "init", upPath: migrations.appendingPathComponent("0001_init.up.sql"), up: design.sql,
                      downPath: migrations.appendingPathComponent("0001_init.down.sql"), down: down),
        ])
        // One throwaway server for the command: the round trip in one database, the proof in another.
        evidence = try await ThrowawayServer.with { server in
            var evidence = evidence
            let steps = try await MigrationVerifier.verify(set, on: server)
            if let problem = steps.compactMap(\.problem).first { throw DesignRejected(message: "strata migrate verify of 0001_init: \(problem)") }
            evidence.verifyProblem = ""
            progress("migrate verify: 0001_init up, down, up: passed")
            if prove {
                let database = try await server.createDatabase()
                try await server.session(database) { session in
                    try await self.prove(design, schema: loaded.files, on: session, evidence: &evidence, largest: proveRows, progress: progress)
                }
            }
            return evidence
        }
        let documents = DesignDocuments(design: design, schema: loaded.schema, evidence: evidence)
        var written: [String] = []
        for file in documents.files(down: down) {
            let path = folder.appendingPathComponent(file.path)
            try FileSystem.createDirectories(path.deletingLastPathComponent)
            try FileSystem.writeText(file.text, to: path)
            written.append(file.path)
        }
        return Outcome(files: written, card: documents.positionCard(), evidence: evidence, design: design)
    }

    /// Loads the schema into a throwaway cluster, fills it at the spec's proportions (the largest
    /// table at most `largest` rows), and runs each pattern's query with EXPLAIN ANALYZE.
    static func prove(_ design: DatabaseDesign, schema: [ParsedFile], on session: DatabaseSession, evidence: inout DesignEvidence,
                      largest: Int = 100_000, progress: @Sendable (String) -> Void) async throws {
        let spec = design.spec
        let biggest = spec.rows.values.max() ?? 0
        var counts: [String: Int] = [:]
        for table in design.tables where table.entity != "audit" {
            let rows = spec.rows[table.entity].map { biggest > 0 ? max(200, Int(Double(largest) * $0 / biggest)) : 1000 } ?? 2000
            counts[table.name] = table.name == "tenants" ? 20 : rows
        }
        let result = try await { () async throws -> (FakeDataLoader.Report, [PatternProof]) in
            for file in schema { _ = try await ScriptRunner.run(file, on: session) }
            let report = try await FakeDataLoader.fill(session, counts: counts, defaultCount: 1000, seed: 7)
            var proofs: [PatternProof] = []
            for plan in design.patterns {
                guard let sql = plan.sql else { continue }
                var query = sql
                var parameters = plan.parameters
                if let picker = plan.parameterQuery, let row = try await session.firstText(picker) {
                    parameters = row.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                }
                // Parameters the pattern does not name (a spec's own SQL) are 1: the first row's key.
                let count = (1...20).last { sql.contains("$\($0)") } ?? 0
                for index in stride(from: count, through: 1, by: -1) {
                    let value = index <= parameters.count ? parameters[index - 1] : "1"
                    query = query.replacingOccurrences(of: "$\(index)", with: quoteLiteral(value))
                }
                var times: [Double] = []
                var used: [String] = []
                for _ in 0..<5 {
                    guard let json = try await session.firstText("EXPLAIN (ANALYZE, FORMAT JSON) " + query) else { continue }
                    let parsed = try QueryPlan.parse(json: json)
                    times.append(parsed.executionTime ?? 0)
                    used = Array(Set(parsed.nodes.compactMap(\.node.indexName))).sorted()
                    // A partition's index stands for its parent's: name the parent.
                    for (position, name) in used.enumerated() {
                        if let parent = try await session.firstText("""
                            SELECT parent.relname::text FROM pg_class child JOIN pg_inherits i ON i.inhrelid = child.oid
                            JOIN pg_class parent ON parent.oid = i.inhparent WHERE child.relname = \(quoteLiteral(name)) AND child.relkind = 'i'
                            """) { used[position] = parent }
                    }
                }
                times.sort()
                var proof = PatternProof(pattern: plan.pattern.name, intendedIndex: plan.index, usedIndexes: used, medianMilliseconds: times.isEmpty ? 0 : times[times.count / 2])
                if !proof.usesIntendedIndex {
                    // At a few thousand rows a scan can be cheaper: is the index usable at all?
                    try await session.execute("SET enable_seqscan = off")
                    if let json = try await session.firstText("EXPLAIN (FORMAT JSON) " + query) {
                        proof.usableWhenScansAreOff = try QueryPlan.parse(json: json).nodes.contains { $0.node.indexName == plan.index }
                    }
                    try await session.execute("RESET enable_seqscan")
                }
                proofs.append(proof)
            }
            return (report, proofs)
        }()
        evidence.fakeRows = result.0.totalRows
        evidence.unsupportedChecks = result.0.unsupportedChecks
        evidence.proofs = result.1
        progress("prove: \(result.0.totalRows) rows generated; \(result.1.filter(\.usesIntendedIndex).count) of \(result.1.count) patterns use their index")
    }
}
