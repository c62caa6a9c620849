import Foundation
import StrataKit

/// EXPLAIN on a live session, and what-if costs with HypoPG's hypothetical indexes.
public enum QueryExplainer {
    /// Parameters `$1`, `$2` ... of a query: it is explained as a generic plan, as PostgreSQL 15
    /// makes one for a prepared statement (`plan_cache_mode = force_generic_plan`).
    static func parameterCount(_ query: String) -> Int {
        var highest = 0, index = query.startIndex
        while let dollar = query[index...].firstIndex(of: "$") {
            let digits = query[query.index(after: dollar)...].prefix { $0.isNumber }
            if let number = Int(digits) { highest = max(highest, number) }
            index = query.index(after: dollar)
        }
        return highest
    }

    /// A query that reads or writes: its plan. With `analyze` the query runs (EXPLAIN ANALYZE,
    /// BUFFERS) inside a transaction that is rolled back, so an INSERT, UPDATE or DELETE changes nothing.
    public static func explain(_ query: String, on session: DatabaseSession, analyze: Bool = false) async throws -> QueryPlan {
        let statement = query.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: ";"))
        let parameters = parameterCount(statement)
        if parameters > 0, analyze {
            throw ExplainError(message: "a query with $1-style parameters has no values to run with: explain its generic plan without running it, or write the values in", code: .parametersWithoutValues)
        }
        let options = analyze ? "FORMAT JSON, ANALYZE, BUFFERS" : "FORMAT JSON"
        var text: String?
        if parameters > 0 {
            try await session.execute("SET plan_cache_mode = force_generic_plan")
            try await session.execute("PREPARE strata_explained AS \(statement)")
            do {
                let arguments = Array(repeating: "NULL", count: parameters).joined(separator: ", ")
                text = try await session.firstText("EXPLAIN (\(options)) EXECUTE strata_explained(\(arguments))")
            } catch {
                try? await session.execute("DEALLOCATE strata_explained")
                throw error
            }
            try await session.execute("DEALLOCATE strata_explained")
            try await session.execute("RESET plan_cache_mode")
        } else if analyze {
            try await session.execute("BEGIN")
            do {
                text = try await session.firstText("EXPLAIN (\(options)) \(statement)")
                try await session.execute("ROLLBACK")
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        } else {
            text = try await session.firstText("EXPLAIN (\(options)) \(statement)")
        }
        guard let text else { throw ExplainError(message: "the server returned no plan") }
        return try QueryPlan.parse(json: text, path: "EXPLAIN output")
    }

    /// Whether HypoPG can be used here: installed in the database (Strata never installs an
    /// extension in a database it did not create), or nil with what to do.
    package static func hypothetical(on session: DatabaseSession) async throws -> String? {
        if try await session.scalarText("EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hypopg')") == "true" { return nil }
        if try await session.scalarText("EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg')") == "true" {
            return "HypoPG is available on the server but not installed in this database: CREATE EXTENSION hypopg; (it only adds functions; hypothetical indexes live in the session)"
        }
        return "HypoPG is not on the server: install it (Debian: apt-get install postgresql-15-hypopg), then CREATE EXTENSION hypopg;"
    }

    /// The query's planned cost without and with the candidate as a hypothetical index, and
    /// whether the plan chose it. Hypothetical indexes exist only in this session and are removed.
    package static func whatIf(_ candidate: IndexCandidate, query: String, on session: DatabaseSession) async throws -> IndexProof {
        let before = try await explain(query, on: session)
        guard let created = try await session.firstText("SELECT indexname::text FROM hypopg_create_index(\(quoteLiteral(candidate.hypotheticalSQL)))") else {
            throw ExplainError(message: "HypoPG could not create \(candidate.hypotheticalSQL)")
        }
        do {
            let size = Int64(try await session.firstText("SELECT hypopg_relation_size(indexrelid)::text FROM hypopg_list_indexes WHERE index_name = \(quoteLiteral(created))") ?? "0") ?? 0
            let after = try await explain(query, on: session)
            try await session.execute("SELECT hypopg_reset()")
            let used = after.nodes.contains { $0.node.indexName == created }
            return IndexProof(candidate: candidate, costBefore: before.root.totalCost, costAfter: after.root.totalCost, used: used, estimatedBytes: size)
        } catch {
            try? await session.execute("SELECT hypopg_reset()")
            throw error
        }
    }

    /// On a database Strata owns (a throwaway cluster): the query's median execution time over
    /// `runs` runs before and after the index is really built; the index is dropped afterwards.
    package static func measured(_ candidate: IndexCandidate, query: String, on session: DatabaseSession, runs: Int = 5) async throws -> (before: Double, after: Double, used: Bool) {
        func median() async throws -> (Double, QueryPlan) {
            var times: [Double] = []
            var last: QueryPlan?
            for _ in 0..<runs {
                let plan = try await explain(query, on: session, analyze: true)
                times.append(plan.executionTime ?? plan.root.actualTotalTime ?? 0)
                last = plan
            }
            return (times.sorted()[times.count / 2], last!)
        }
        let (before, _) = try await median()
        try await session.execute(candidate.sql(concurrently: false))
        do {
            try await session.execute("ANALYZE \(candidate.table.sql)")
            let (after, plan) = try await median()
            try await session.execute("DROP INDEX \(QualifiedName(schema: candidate.table.schema, name: candidate.name).sql)")
            return (before, after, plan.nodes.contains { $0.node.indexName == candidate.name })
        } catch {
            try? await session.execute("DROP INDEX IF EXISTS \(QualifiedName(schema: candidate.table.schema, name: candidate.name).sql)")
            throw error
        }
    }

}

/// A hypothetical index's effect on one query's planned cost.
package struct IndexProof: Sendable {
    package var candidate: IndexCandidate
    package var costBefore: Double
    package var costAfter: Double
    package var used: Bool
    /// HypoPG's estimate of the index's size (it overestimates B-trees that deduplicate).
    package var estimatedBytes: Int64

    package var summary: String {
        guard used else { return "not proven: with the index (hypothetical, HypoPG) the planner still does not use it" }
        let gain = costBefore > 0 ? (1 - costAfter / costBefore) * 100 : 0
        return "proven with HypoPG: the plan uses it; cost \(costBefore.fixed(decimals: 1)) -> \(costAfter.fixed(decimals: 1)) (\(Int(gain.rounded()))% less), about \(Self.bytes(estimatedBytes))"
    }

    package static func bytes(_ value: Int64) -> String {
        value >= 1 << 30 ? (Double(value) / Double(1 << 30)).fixed(decimals: 1) + " GB" : value >= 1 << 20 ? (Double(value) / Double(1 << 20)).fixed(decimals: 1) + " MB" : "\(value / 1024) kB"
    }
}

/// A query that cannot be explained as asked.
package struct ExplainError: StrataError {
    package internal(set) var code: StrataErrorCode = .invalidArgument
    package internal(set) var message: String
    package var description: String { message }

    init(message: String, code: StrataErrorCode = .invalidArgument) {
        self.message = message
        self.code = code
    }
}
