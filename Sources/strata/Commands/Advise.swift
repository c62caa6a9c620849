import ArgumentParser
import Foundation
import StrataKit
import StrataPostgres

/// `strata advise`: the indexes a whole workload needs, chosen together and costed on the real planner.
struct Advise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose indexes for a workload under a size budget, each costed with HypoPG; say why a query gets none.",
        discussion: "--workload is a .sql file (statements separated by ;, each optionally after `-- weight: N`; $1 parameters allowed) or pg_stat_statements (the server's own workload). Nothing is built. Exit codes: 0 done, 2 errors."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sql }

    @Option(help: "postgres://... (default: DATABASE_URL and the PG* variables).")
    var database: String?

    @Option(parsing: .upToNextOption, help: "With --database ephemeral: SQL files (schema and data) to load into the throwaway cluster first.")
    var load: [String] = []

    @Option(help: "A workload file, or pg_stat_statements.")
    var workload: String

    @Option(help: "Storage for new indexes, as HypoPG estimates their size: 500MB, 2GB.")
    var budget: String?

    @Option(name: .customLong("max-indexes"), help: "At most this many new indexes.")
    var maxIndexes = 10

    @Option(help: "Output format: text, json or sql.")
    var format: Format = .text

    @Flag(name: .customLong("drop-unused"), help: "In --format sql, DROP statements for existing indexes the workload never uses (else comments).")
    var dropUnused = false

    @Option(help: "Write the advice as a migration pair with this name (into --dir).")
    var migration: String?

    @Option(help: "The migrations folder for --migration (default: strata.toml's [migrate] dir, else ./migrations).")
    var dir: String?

    @OptionGroup var configOption: ConfigOption

    static func bytes(_ text: String) -> Int64? {
        let value = text.uppercased().trimmingCharacters(in: .whitespaces)
        for (suffix, factor) in [("TB", Int64(1) << 40), ("GB", Int64(1) << 30), ("MB", Int64(1) << 20), ("KB", Int64(1) << 10), ("B", 1)] where value.hasSuffix(suffix) {
            return Double(value.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)).map { Int64($0 * Double(factor)) }
        }
        return Int64(value)
    }

    func validate() throws {
        if let budget, Self.bytes(budget) == nil { throw ValidationError("--budget takes a size such as 500MB or 2GB") }
        if maxIndexes < 1 { throw ValidationError("--max-indexes must be at least 1") }
    }

    func run() async throws {
        var advisor = IndexAdvisor(maxIndexes: maxIndexes)
        if let budget, let bytes = Self.bytes(budget) { advisor.budgetBytes = bytes }
        let advice = try await DatabaseConnection.with(DatabaseTarget(database)) { session in
            try await EphemeralWorkspace.prepare(session, target: DatabaseTarget(database), load: load)
            let queries = workload == "pg_stat_statements"
                ? try await WorkloadReader.pgStatStatements(on: session)
                : try Workload.parse(path: workload, text: try SchemaLoader.read(workload))
            return try await advisor.advise(queries, on: session)
        }
        if let migration {
            let configuration = try configOption.loadConfiguration()
            let folder = configuration.migrationsDirectory(override: dir)
            try FileSystem.createDirectories(folder)
            guard !advice.chosen.isEmpty else { Console.write("no index to add: no migration written\n"); return }
            let created = try MigrationSet.create(name: migration, in: folder)
            let header = "-- \(MigrationDirectives.noTransactionMarker)\nSET lock_timeout = '5s';\n"
            try FileSystem.writeText(header + advice.chosen.map { $0.index.sql() }.joined(separator: "\n") + "\n", to: created.up)
            try FileSystem.writeText(header + advice.chosen.reversed().map { "DROP INDEX CONCURRENTLY IF EXISTS \(QualifiedName(schema: $0.index.table.schema, name: $0.index.name).sql);" }.joined(separator: "\n") + "\n", to: created.down)
            Console.write("created \(created.up)\ncreated \(created.down)\n")
            return
        }
        switch format {
        case .sql:
            var lines: [String] = []
            for choice in advice.chosen {
                lines.append("-- benefit: weighted cost -\(choice.benefit.fixed(decimals: 1)); size about \(IndexProof.bytes(choice.estimatedBytes)) (HypoPG), \(IndexProof.bytes(choice.expectedBytes)) once built; used by \(choice.usedBy.joined(separator: ", "))")
                lines.append(choice.index.sql())
            }
            for index in advice.unused { lines.append(dropUnused ? "DROP INDEX CONCURRENTLY IF EXISTS \(index);" : "-- unused by the workload: DROP INDEX CONCURRENTLY IF EXISTS \(index);") }
            Console.write(lines.joined(separator: "\n") + (lines.isEmpty ? "-- no index to add\n" : "\n"))
        case .text:
            var lines = ["workload: \(advice.queries.count) queries, \(advice.candidatesConsidered) candidate indexes; weighted planned cost \(advice.costBefore.fixed(decimals: 1)) -> \(advice.costAfter.fixed(decimals: 1)) (\(Int(((1 - advice.costAfter / max(advice.costBefore, 0.001)) * 100).rounded()))% less)"]
            for (number, choice) in advice.chosen.enumerated() {
                lines.append("\(number + 1). \(choice.index.sql())")
                lines.append("   benefit \(choice.benefit.fixed(decimals: 1)) (weighted cost), about \(IndexProof.bytes(choice.estimatedBytes)) (HypoPG estimate)\(choice.expectedBytes < choice.estimatedBytes * 9 / 10 ? ", about \(IndexProof.bytes(choice.expectedBytes)) once built" : ""); used by \(choice.usedBy.isEmpty ? "no query in the final plans" : choice.usedBy.joined(separator: ", "))")
            }
            lines.append("per query:")
            for result in advice.queries {
                lines.append("  \(result.query.origin) (weight \(result.query.weight.fixed(decimals: 0))): cost \(result.costBefore.fixed(decimals: 1)) -> \(result.costAfter.fixed(decimals: 1)); \(result.verdict)")
            }
            for index in advice.unused { lines.append("unused by the workload: \(index) (drop it if nothing else needs it)") }
            Console.write(lines.joined(separator: "\n") + "\n")
        case .json:
            struct Chosen: Encodable { var sql: String; var table: String; var keys: [String]; var predicate: String?; var method: String; var benefit: Double; var estimatedBytes: Int64; var expectedBytes: Int64; var usedBy: [String] }
            struct Query: Encodable { var origin: String; var weight: Double; var costBefore: Double; var costAfter: Double; var verdict: String }
            struct Output: Encodable { var costBefore: Double; var costAfter: Double; var indexes: [Chosen]; var queries: [Query]; var unused: [String] }
            let output = Output(costBefore: advice.costBefore, costAfter: advice.costAfter,
                                indexes: advice.chosen.map { Chosen(sql: $0.index.sql(), table: $0.index.table.sql, keys: $0.index.keys, predicate: $0.index.predicate,
                                                                    method: $0.index.method, benefit: $0.benefit, estimatedBytes: $0.estimatedBytes, expectedBytes: $0.expectedBytes, usedBy: $0.usedBy) },
                                queries: advice.queries.map { Query(origin: $0.query.origin, weight: $0.query.weight, costBefore: $0.costBefore, costAfter: $0.costAfter, verdict: $0.verdict) },
                                unused: advice.unused)
            Console.write(try Console.json(output))
        }
    }
}
