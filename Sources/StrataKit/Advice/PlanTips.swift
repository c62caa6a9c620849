import Foundation

/// What to change about a slow query, with the plan's evidence and the time it could save.
package struct PlanTip: Sendable {
    package enum Kind: String, Sendable { case index, rewritePredicate, analyze, workMem, limit, selectStar }
    package var kind: Kind
    package var title: String
    /// What in the plan shows it.
    package var evidence: String
    /// The statement or change to make.
    package var fix: String
    /// Milliseconds (or cost) it could save at most: the time of the nodes it addresses.
    package var saving: Double
    /// For an index tip, the index (proven separately with HypoPG or a real build).
    package var index: IndexCandidate?
    /// Filled by the proof: cost or time before and after, and whether the plan uses the index.
    package var proof: String?

    /// At most `limit` tips, the largest saving first.
    package static func tips(for plan: QueryPlan, query: String? = nil, limit: Int = 3) -> [PlanTip] {
        let breakdown = PlanBreakdown(plan)
        var tips: [PlanTip] = []
        // The sort directly above a scan decides the index order.
        let sortAbove = plan.sortKeysAboveScans
        for row in breakdown.rows {
            let node = row.node
            guard let table = node.relation else { continue }
            // A scan that reads far more than it returns.
            let returned = (node.actualRows ?? node.planRows) * (node.actualLoops ?? 1)
            let removed = row.removedRows ?? 0
            let wasteful = node.nodeType.contains("Seq Scan") && (removed >= 9 * max(returned, 1) || (!breakdown.isAnalyzed && node.filter != nil))
            if wasteful, row.share >= 0.05 || row.exclusive >= 1 {
                let predicates = node.filter.flatMap(SQLPredicate.conjuncts(of:)) ?? []
                for predicate in predicates {
                    if let column = predicate.castColumn {
                        tips.append(PlanTip(kind: .rewritePredicate, title: "a cast on \(table.name).\(column) hides it from its indexes",
                                            evidence: "\(node.label) filters on `\(predicate.text)`",
                                            fix: "compare \(column) with a value of its own type (cast the constant, not the column), or index the expression", saving: row.exclusive))
                    }
                    if predicate.kind == .orAcrossColumns {
                        tips.append(PlanTip(kind: .rewritePredicate, title: "OR across \(predicate.orColumns.joined(separator: " and ")) defeats a single index",
                                            evidence: "\(node.label) filters on `\(predicate.text)`",
                                            fix: "index each column (PostgreSQL combines them with a BitmapOr) or split the query into a UNION", saving: row.exclusive * 0.8))
                    }
                }
                if let candidate = IndexCandidate.from(filter: node.filter, sortKeys: sortAbove[table.name] ?? [], on: table).first {
                    let evidence = breakdown.isAnalyzed
                        ? "\(node.label) read \(PlanBreakdown.count(returned + removed)) rows to return \(PlanBreakdown.count(returned)) (filter: \(node.filter ?? "")), \(Int((row.share * 100).rounded()))% of the time"
                        : "\(node.label) with filter \(node.filter ?? ""), \(Int((row.share * 100).rounded()))% of the cost"
                    var fix = candidate.sql()
                    if candidate.operatorClass == "gin_trgm_ops" { fix = "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n" + fix }
                    tips.append(PlanTip(kind: .index, title: "index \(table.name) for this filter", evidence: evidence, fix: fix,
                                        saving: row.exclusive * 0.9, index: candidate))
                }
            }
            // An estimate off by 10x or more under a scan: the statistics are stale or too coarse.
            if let factor = row.estimateFactor, abs(factor) >= 10, row.inclusive > 0, node.isScan {
                tips.append(PlanTip(kind: .analyze, title: "the planner misjudged \(table.name)'s rows by \(Int(abs(factor).rounded()))x",
                                    evidence: "\(node.label): \(PlanBreakdown.count(row.estimatedRows)) rows estimated, \(PlanBreakdown.count(row.actualRows ?? 0)) actual",
                                    fix: "ANALYZE \(table.sql);  -- if it persists: ALTER TABLE \(table.sql) ALTER COLUMN ... SET STATISTICS 1000, or CREATE STATISTICS for correlated columns",
                                    saving: row.inclusive * 0.3))
            }
        }
        for row in breakdown.rows {
            let node = row.node
            let spilled = node.sortSpaceType == "Disk" ? (node.sortSpaceUsed ?? 0) : 0
            let batches = node.hashBatches ?? 1
            if spilled > 0 || batches > 1 || (node.lossyHeapBlocks ?? 0) > 0 {
                let needed = max(spilled * 2, (node.peakMemoryUsage ?? 4096) * batches * 2) / 1024
                let megabytes = max(8, Int(needed.rounded(.up)))
                let what = spilled > 0 ? "the sort wrote \(PlanBreakdown.count(spilled)) kB to disk" : batches > 1 ? "the hash ran in \(Int(batches)) batches" : "the bitmap went lossy"
                tips.append(PlanTip(kind: .workMem, title: "\(node.nodeType) ran out of work_mem",
                                    evidence: "\(node.label): \(what)",
                                    fix: "SET work_mem = '\(megabytes)MB';  -- for this query's session or role, not the whole server",
                                    saving: row.exclusive * 0.5))
            }
        }
        if let query, let shape = QueryShape.of(query) {
            if shape.selectsStar, breakdown.rows.first.map({ $0.node.planRows > 1 }) == true {
                tips.append(PlanTip(kind: .selectStar, title: "SELECT * reads every column",
                                    evidence: "the query selects *; an index-only scan needs the columns named",
                                    fix: "name the columns the caller uses", saving: breakdown.total * 0.05))
            }
            if shape.orders, !shape.limits, let root = breakdown.rows.first, (root.actualRows ?? root.estimatedRows) > 1000 {
                tips.append(PlanTip(kind: .limit, title: "a sorted result of \(PlanBreakdown.count(root.actualRows ?? root.estimatedRows)) rows without LIMIT",
                                    evidence: "ORDER BY without LIMIT: every row is sorted and sent",
                                    fix: "page it: ORDER BY ... LIMIT n (keyset pagination: WHERE (sort key) > (last seen))", saving: breakdown.total * 0.3))
            }
        }
        return Array(tips.sorted { $0.saving > $1.saving }.prefix(limit))
    }
}

/// What a query's text says beyond its plan.
package struct QueryShape: Sendable {
    package var selectsStar: Bool
    package var orders: Bool
    package var limits: Bool
    package var isSelect: Bool

    package static func of(_ query: String) -> QueryShape? {
        PostgresParser.queryShape(query)
    }
}
