import Foundation
import PostgresNIO
import StrataKit

/// Index selection for a whole workload, in the spirit of Extend (Schlosser, Kossmann, Boissier,
/// ICDE 2019): candidates come from every query's plan (equality, range and sort columns in that
/// order, partial predicates, expressions, join columns, trigram GIN); each round adds the index
/// whose weighted what-if cost reduction per byte is largest, costed with HypoPG on the real
/// planner, until the budget, the count or the gains run out. Nothing is built.
package struct IndexAdvisor: Sendable {
    package var budgetBytes: Int64
    package var maxIndexes: Int
    /// A round must lower the workload's weighted cost by at least this share to add an index.
    package var minimumGain = 0.01
    /// A query whose planned cost is below this is already fast: no index is sought for it alone.
    package var fastCost = 50.0
    /// What keeping one index entry current costs per written row, in planner cost units (about a
    /// random page write): with the table's statistics, an index must save more than its writes cost.
    package var writeCostPerRow = 4.0

    package init(budgetBytes: Int64 = 1 << 40, maxIndexes: Int = 10) {
        self.budgetBytes = budgetBytes
        self.maxIndexes = maxIndexes
    }

    package struct Advice: Sendable {
        package struct Chosen: Sendable {
            package var index: IndexCandidate
            /// Weighted cost it removed from the workload when it was added.
            package var benefit: Double
            /// HypoPG's estimate: what the budget counts, as the index-selection literature does.
            package var estimatedBytes: Int64
            /// The size to expect once built (B-tree deduplication counted; see ``IndexSizeEstimator``).
            package var expectedBytes: Int64
            /// Queries whose plan uses it in the final configuration.
            package var usedBy: [String]
        }
        package struct QueryResult: Sendable {
            package var query: Workload.Query
            package var costBefore: Double
            package var costAfter: Double
            /// The advised index it uses, or why it gets none.
            package var verdict: String
        }
        package var chosen: [Chosen]
        package var queries: [QueryResult]
        package var costBefore: Double
        package var costAfter: Double
        /// Existing non-constraint indexes on the workload's tables that no query's plan uses.
        package var unused: [String]
        package var candidatesConsidered: Int
    }

    struct Candidate: Hashable {
        var index: IndexCandidate
        /// Queries (by position) whose plans touch its table.
        var queries: Set<Int>
    }

    package func advise(_ workload: Workload, on session: DatabaseSession) async throws -> Advice {
        if let missing = try await QueryExplainer.hypothetical(on: session) { throw ExplainError(message: "advise needs HypoPG: \(missing)") }
        try await session.execute("SELECT hypopg_reset()")
        var plans: [QueryPlan] = []
        for query in workload.queries { plans.append(try await QueryExplainer.explain(query.text, on: session)) }
        let baseline = plans.map(\.root.totalCost)

        // Candidates from every plan.
        var candidates: [IndexCandidate: Set<Int>] = [:]
        for (position, plan) in plans.enumerated() {
            let found = Self.candidates(in: plan)
            for candidate in found + Self.covering(found, query: workload.queries[position].text) {
                candidates[candidate, default: []].insert(position)
            }
        }
        for (candidate, positions) in try await blockRangeCandidates(plans, on: session) { candidates[candidate, default: []].formUnion(positions) }
        let pool = candidates.map { Candidate(index: $0.key, queries: $0.value) }.sorted { $0.index.sql() < $1.index.sql() }

        var chosen: [(candidate: Candidate, benefit: Double, bytes: Int64)] = []
        var costs = baseline
        var used: Int64 = 0
        let weights = workload.queries.map(\.weight)
        func weighted(_ values: [Double]) -> Double { zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } }
        let total = weighted(baseline)
        // HypoPG simulates B-tree, BRIN and hash indexes; a GIN candidate cannot be costed here.
        let unsupported = pool.filter { !Self.hypotheticalMethods.contains($0.index.method) }
        var remaining = pool.filter { candidate in
            Self.hypotheticalMethods.contains(candidate.index.method) && candidate.queries.contains { baseline[$0] >= fastCost }
        }
        let writes = try await writeRates(for: Set(pool.map(\.index.table)), plans: plans, weights: weights, on: session)

        while chosen.count < maxIndexes, !remaining.isEmpty {
            var best: (position: Int, gain: Double, ratio: Double, bytes: Int64, costs: [Int: Double])?
            for (position, candidate) in remaining.enumerated() {
                // Extend's extension step: a candidate that begins with the keys of a chosen index
                // replaces it, so it is costed without it, for the queries of both, and pays only
                // for the bytes it adds (else a narrow index chosen early is never widened).
                let replaced = chosen.filter { Self.isPrefix($0.candidate.index, of: candidate.index) }
                var affected = candidate
                for old in replaced { affected.queries.formUnion(old.candidate.queries) }
                let kept = chosen.filter { old in !replaced.contains { $0.candidate == old.candidate } }.map(\.candidate)
                let (newCosts, bytes) = try await evaluate(affected, with: kept, queries: workload.queries, on: session)
                let added = bytes - replaced.reduce(Int64(0)) { $0 + $1.bytes }
                guard used + added <= budgetBytes else { continue }
                // A widened index is one more to keep current only when it replaces none.
                let gain = newCosts.reduce(0.0) { sum, entry in sum + (costs[entry.key] - entry.value) * weights[entry.key] }
                    - (replaced.isEmpty ? (writes[candidate.index.table] ?? 0) * writeCostPerRow : 0)
                let ratio = gain / Double(max(added, 8192))
                if gain > total * minimumGain, ratio > (best?.ratio ?? 0) { best = (position, gain, ratio, bytes, newCosts) }
            }
            guard let best else { break }
            let candidate = remaining.remove(at: best.position)
            // The costs with the new configuration (a replaced index no longer in it).
            for (query, cost) in best.costs { costs[query] = cost }
            // A chosen index whose keys begin the new one's (same table, predicate and method) is
            // served by it: the longer index replaces it, as Extend extends rather than adds.
            var benefit = best.gain
            chosen.removeAll { old in
                let redundant = Self.isPrefix(old.candidate.index, of: candidate.index)
                if redundant { used -= old.bytes; benefit += old.benefit }
                return redundant
            }
            chosen.append((candidate, benefit, best.bytes))
            used += best.bytes
            remaining.removeAll { Self.isPrefix($0.index, of: candidate.index) }
        }

        // The final configuration: which index each query uses, or why it has none.
        try await session.execute("SELECT hypopg_reset()")
        var names: [String: Int] = [:]
        for (position, choice) in chosen.enumerated() {
            if let name = try await session.firstText("SELECT indexname::text FROM hypopg_create_index(\(quoteLiteral(choice.candidate.index.hypotheticalSQL)))") {
                names[name] = position
            }
        }
        var usedBy: [[String]] = Array(repeating: [], count: chosen.count)
        var results: [Advice.QueryResult] = []
        var usedExisting: Set<String> = []
        for (position, query) in workload.queries.enumerated() {
            let plan = try await QueryExplainer.explain(query.text, on: session)
            let indexes = plan.nodes.compactMap(\.node.indexName)
            usedExisting.formUnion(indexes)
            let advised = indexes.compactMap { names[$0] }
            for index in advised { usedBy[index].append(query.origin) }
            let verdict: String
            if let first = advised.first {
                verdict = "uses \(chosen[first].candidate.index.name)"
            } else if baseline[position] < fastCost {
                verdict = "already fast (planned cost \(baseline[position].fixed(decimals: 1))): no index needed"
            } else if !pool.contains(where: { $0.queries.contains(position) }) {
                verdict = "no index can serve it (no filter, join or sort on a column of a table it scans)"
            } else if let gin = unsupported.first(where: { $0.queries.contains(position) }), !pool.contains(where: { $0.queries.contains(position) && Self.hypotheticalMethods.contains($0.index.method) }) {
                verdict = "it needs \(gin.index.sql()), which HypoPG cannot cost (it simulates B-tree, BRIN and hash): build it on a copy and compare"
            } else if chosen.count >= maxIndexes {
                verdict = "an index would help, but the \(maxIndexes)-index limit went to larger gains"
            } else if let table = pool.first(where: { $0.queries.contains(position) && (writes[$0.index.table] ?? 0) > 0 })?.index.table {
                verdict = "an index would not pay for its writes: \(table) is written often, and keeping an index current costs more than this query saves"
            } else {
                verdict = "no candidate paid off within the budget (or the planner prefers its current plan)"
            }
            results.append(Advice.QueryResult(query: query, costBefore: baseline[position], costAfter: plan.root.totalCost, verdict: verdict))
        }
        try await session.execute("SELECT hypopg_reset()")

        // Existing indexes nothing uses (constraint indexes stay: they enforce something).
        let tables = Set(plans.flatMap { $0.nodes.compactMap(\.node.relation) })
        var unused: [String] = []
        for table in tables.sorted() {
            let sql = """
                SELECT i.relname::text FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = \(quoteLiteral(table.schema)) AND t.relname = \(quoteLiteral(table.name))
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
                """
            var names: [String] = []
            try await session.forEachRow(.init(unsafeSQL: sql)) { row in names.append(try row.decode(String.self)) }
            for name in names where !usedExisting.contains(name) { unused.append(QualifiedName(schema: table.schema, name: name).sql) }
        }

        let after = zip(results.map(\.costAfter), weights).reduce(0) { $0 + $1.0 * $1.1 }
        // An index a later choice made unnecessary (no query's final plan uses it) is left out.
        var kept: [Advice.Chosen] = []
        for (position, choice) in chosen.enumerated() where !usedBy[position].isEmpty {
            let expected = try await IndexSizeEstimator.expectedBytes(of: choice.candidate.index, hypotheticalBytes: choice.bytes, on: session)
            kept.append(Advice.Chosen(index: choice.candidate.index, benefit: choice.benefit, estimatedBytes: choice.bytes,
                                      expectedBytes: expected, usedBy: usedBy[position]))
        }
        return Advice(chosen: kept,
                      queries: results, costBefore: total, costAfter: after, unused: unused, candidatesConsidered: pool.count)
    }

    /// Rows written to each table per unit of the workload's weight, from the server's statistics:
    /// the table's inserted, updated and deleted rows over the scans that read it, times the weight of
    /// the workload's queries on it. Zero until the table has been read a thousand times: before a
    /// workload has run, the statistics describe the initial load, not a write rate.
    func writeRates(for tables: Set<QualifiedName>, plans: [QueryPlan], weights: [Double], on session: DatabaseSession) async throws -> [QualifiedName: Double] {
        var result: [QualifiedName: Double] = [:]
        for table in tables {
            let sql = """
                SELECT (n_tup_ins + n_tup_upd + n_tup_del)::float8 / greatest(coalesce(seq_scan, 0) + coalesce(idx_scan, 0), 1)
                FROM pg_stat_user_tables WHERE schemaname = \(quoteLiteral(table.schema)) AND relname = \(quoteLiteral(table.name))
                  AND coalesce(seq_scan, 0) + coalesce(idx_scan, 0) >= 1000
                """
            guard let ratio = Double(try await session.firstText("SELECT (\(sql))::text") ?? "0"), ratio > 0 else { continue }
            let weight = zip(plans, weights).filter { plan, _ in plan.nodes.contains { $0.node.relation == table } }.reduce(0) { $0 + $1.1 }
            result[table] = ratio * weight
        }
        return result
    }

    static let hypotheticalMethods: Set<String> = ["btree", "brin", "hash"]

    /// Whether `long` serves whatever `short` serves: the same keys and more after them, or the same
    /// keys with INCLUDE columns where `short` has none.
    static func isPrefix(_ short: IndexCandidate, of long: IndexCandidate) -> Bool {
        guard short.table == long.table, short.predicate == long.predicate, short.method == long.method,
              short.operatorClass == long.operatorClass, short.include.isEmpty || short.include == long.include else { return false }
        if short.keys == long.keys { return short.include.isEmpty && !long.include.isEmpty }
        return short.keys.count < long.keys.count && Array(long.keys.prefix(short.keys.count)) == short.keys
    }

    /// The costs of the queries on `candidate`'s table with it (and the indexes chosen so far) as
    /// hypothetical indexes, and its estimated size.
    func evaluate(_ candidate: Candidate, with chosen: [Candidate], queries: [Workload.Query], on session: DatabaseSession) async throws -> ([Int: Double], Int64) {
        try await session.execute("SELECT hypopg_reset()")
        for other in chosen where other.index.table == candidate.index.table {
            _ = try await session.firstText("SELECT indexname::text FROM hypopg_create_index(\(quoteLiteral(other.index.hypotheticalSQL)))")
        }
        guard let name = try await session.firstText("SELECT indexname::text FROM hypopg_create_index(\(quoteLiteral(candidate.index.hypotheticalSQL)))") else {
            return ([:], 0)
        }
        let bytes = Int64(try await session.firstText("SELECT hypopg_relation_size(indexrelid)::text FROM hypopg_list_indexes WHERE index_name = \(quoteLiteral(name))") ?? "0") ?? 0
        var costs: [Int: Double] = [:]
        for query in candidate.queries.sorted() {
            costs[query] = try await QueryExplainer.explain(queries[query].text, on: session).root.totalCost
        }
        return (costs, bytes)
    }

    /// B-tree candidates again with INCLUDE columns, so that a query reading a few columns of one
    /// table is answered by an index-only scan: the columns it returns and filters on that are
    /// not keys (at most four).
    static func covering(_ candidates: [IndexCandidate], query: String) -> [IndexCandidate] {
        guard let analysis = QueryAnalysis.of(query), analysis.kind == .select, analysis.tables.count == 1,
              let selected = analysis.selectedColumns else { return [] }
        let table = analysis.tables[0]
        let used = selected + analysis.predicates.compactMap(\.column)
        return candidates.compactMap { candidate in
            guard candidate.method == "btree", candidate.include.isEmpty, candidate.table.name == table.name,
                  table.schema == nil || table.schema == candidate.table.schema else { return nil }
            let keyColumns = Set(candidate.keys.map { String($0.split(separator: " ")[0]) })
            var include: [String] = []
            for column in used where !keyColumns.contains(column) && !include.contains(column)
                && !(candidate.predicate?.contains(column) ?? false) {
                include.append(column)
            }
            guard !include.isEmpty, include.count <= 4 else { return nil }
            var covering = candidate
            covering.include = include
            return covering
        }
    }

    /// BRIN candidates for range conditions on columns whose values follow the rows' physical
    /// order (an append-only time or id column: `pg_stats.correlation` near 1): a block-range
    /// index a thousandth of a B-tree's size that skips the blocks outside the range.
    func blockRangeCandidates(_ plans: [QueryPlan], on session: DatabaseSession) async throws -> [IndexCandidate: Set<Int>] {
        var ranges: [(table: QualifiedName, column: String, query: Int)] = []
        for (position, plan) in plans.enumerated() {
            for node in plan.nodes.map(\.node) {
                guard let table = node.relation else { continue }
                let conditions = [node.filter, node.indexCond, node.recheckCond].compactMap { $0 }.flatMap { SQLPredicate.conjuncts(of: $0) ?? [] }
                for predicate in conditions where predicate.kind == .range {
                    if let column = predicate.column { ranges.append((table, column, position)) }
                }
            }
        }
        var result: [IndexCandidate: Set<Int>] = [:]
        var correlations: [String: Double] = [:]
        for range in ranges {
            let key = "\(range.table.sql).\(range.column)"
            if correlations[key] == nil {
                var bindings = PostgresBindings()
                bindings.append(range.table.schema)
                bindings.append(range.table.name)
                bindings.append(range.column)
                var value = 0.0
                try await session.forEachRow(PostgresQuery(unsafeSQL: "SELECT coalesce(correlation, 0)::float8 FROM pg_stats WHERE schemaname = $1 AND tablename = $2 AND attname = $3", binds: bindings)) { row in
                    value = try row.decode(Double.self)
                }
                correlations[key] = value
            }
            if abs(correlations[key] ?? 0) >= Self.blockRangeCorrelation {
                result[IndexCandidate(table: range.table, keys: [range.column], method: "brin"), default: []].insert(range.query)
            }
        }
        return result
    }

    /// How closely a column's order must follow the table's for a BRIN index to skip blocks.
    static let blockRangeCorrelation = 0.95

    /// Every index a plan suggests: from each scan's filter and the sort above it, and from the
    /// join conditions that name the scanned table's columns.
    static func candidates(in plan: QueryPlan) -> [IndexCandidate] {
        var result: [IndexCandidate] = []
        let nodes = plan.nodes.map(\.node)
        var joins: [SQLPredicate] = []
        for node in nodes {
            for condition in [node.hashCond, node.mergeCond, node.joinFilter].compactMap({ $0 }) {
                joins += (SQLPredicate.conjuncts(of: condition) ?? []).filter { $0.kind == .join }
            }
        }
        let sortAbove = plan.sortKeysAboveScans
        for node in nodes {
            guard let table = node.relation, node.nodeType != "Index Only Scan" else { continue }
            result += IndexCandidate.from(filter: node.filter ?? node.recheckCond, sortKeys: sortAbove[table.name] ?? [], on: table)
            let alias = node.alias ?? table.name
            for join in joins {
                if join.qualifier == alias, let column = join.column { result.append(IndexCandidate(table: table, keys: [column])) }
                if join.otherQualifier == alias, let column = join.otherColumn { result.append(IndexCandidate(table: table, keys: [column])) }
            }
        }
        return result
    }
}
