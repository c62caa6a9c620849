import ArgumentParser
import Foundation
import StrataKit
import StrataPostgres

/// `strata explain`: where a query's time goes, and the few changes that would save most of it.
struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Break a query's plan down (time, rows, buffers, spills) and give at most three fixes, index fixes proven with HypoPG.",
        discussion: "The query is text or a .sql file; --plan reads a saved EXPLAIN (FORMAT JSON) output instead (no server). Exit codes: 0 done, 2 errors."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The query, or a file holding it.")
    var query: String?

    @Option(help: "postgres://... (default: DATABASE_URL and the PG* variables).")
    var database: String?

    @Option(parsing: .upToNextOption, help: "With --database ephemeral: SQL files (schema and data) to load into the throwaway cluster first.")
    var load: [String] = []

    @Option(help: "A saved EXPLAIN (FORMAT JSON) output to break down, without a server.")
    var plan: String?

    @Flag(help: "Run it: EXPLAIN (ANALYZE, BUFFERS); an INSERT, UPDATE or DELETE is rolled back.")
    var analyze = false

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func validate() throws {
        if plan == nil, query == nil { throw ValidationError("give a query (text or a .sql file), or --plan with a saved EXPLAIN (FORMAT JSON) output") }
    }

    func run() async throws {
        let text = try query.map(Self.readQuery)
        if let plan {
            let parsed = try QueryPlan.parse(json: try SchemaLoader.read(plan), path: plan)
            return try emit(parsed, tips: PlanTip.tips(for: parsed, query: text), notes: ["from \(plan): no server, so index fixes are unproven"])
        }
        guard let text else { return }
        try await DatabaseConnection.with(DatabaseTarget(database)) { session in
            try await EphemeralWorkspace.prepare(session, target: DatabaseTarget(database), load: load)
            let parsed = try await QueryExplainer.explain(text, on: session, analyze: analyze)
            var tips = PlanTip.tips(for: parsed, query: text)
            var notes: [String] = []
            let missing = try await QueryExplainer.hypothetical(on: session)
            for index in tips.indices {
                guard let candidate = tips[index].index else { continue }
                if let missing {
                    tips[index].proof = "unproven: \(missing)"
                } else if candidate.method == "gin" {
                    tips[index].proof = "unproven: HypoPG cannot simulate a GIN index (B-tree, BRIN and hash only); build it on a copy and compare"
                } else {
                    tips[index].proof = try await QueryExplainer.whatIf(candidate, query: text, on: session).summary
                }
                // On a throwaway cluster the index can be built for real and the query timed.
                if DatabaseTarget(database) == .ephemeral, analyze, candidate.operatorClass != "gin_trgm_ops" {
                    let real = try await QueryExplainer.measured(candidate, query: text, on: session)
                    let proof = "built for real on the throwaway cluster: median of 5 runs \(real.before.fixed(decimals: 2)) ms -> \(real.after.fixed(decimals: 2)) ms"
                        + (real.used ? "" : " (the plan did not use it)")
                    tips[index].proof = [tips[index].proof, proof].compactMap { $0 }.joined(separator: "\n  ")
                }
            }
            if !parsed.isAnalyzed { notes.append("costs, not times: --analyze runs the query for real times") }
            try emit(parsed, tips: tips, notes: notes)
        }
    }

    static func readQuery(_ value: String) throws -> String {
        if value.hasSuffix(".sql") || FileManager.default.fileExists(atPath: value) { return try SchemaLoader.read(value) }
        return value
    }

    func emit(_ plan: QueryPlan, tips: [PlanTip], notes: [String]) throws {
        let breakdown = PlanBreakdown(plan)
        switch format {
        case .text:
            var lines = [breakdown.text]
            if tips.isEmpty { lines.append("no tips: nothing in the plan stands out\n") }
            for (number, tip) in tips.enumerated() {
                var block = "tip \(number + 1): \(tip.title)\n  evidence: \(tip.evidence)\n  fix: \(tip.fix.replacingOccurrences(of: "\n", with: "\n       "))\n"
                if let proof = tip.proof { block += "  \(proof)\n" }
                lines.append(block)
            }
            for note in notes { lines.append("note: \(note)\n") }
            Console.write(lines.joined(separator: "\n"))
        case .json:
            struct Node: Encodable { var depth: Int; var label: String; var inclusive: Double; var exclusive: Double; var share: Double
                var estimatedRows: Double; var actualRows: Double?; var notes: [String] }
            struct Tip: Encodable { var kind: String; var title: String; var evidence: String; var fix: String; var saving: Double; var proof: String? }
            struct Output: Encodable { var analyzed: Bool; var total: Double; var nodes: [Node]; var tips: [Tip]; var notes: [String] }
            let output = Output(analyzed: breakdown.isAnalyzed, total: breakdown.total,
                                nodes: breakdown.rows.map { Node(depth: $0.depth, label: $0.label, inclusive: $0.inclusive, exclusive: $0.exclusive, share: $0.share,
                                                                 estimatedRows: $0.estimatedRows, actualRows: $0.actualRows, notes: $0.notes) },
                                tips: tips.map { Tip(kind: $0.kind.rawValue, title: $0.title, evidence: $0.evidence, fix: $0.fix, saving: $0.saving, proof: $0.proof) },
                                notes: notes)
            Console.write(try Console.json(output))
        }
    }
}
