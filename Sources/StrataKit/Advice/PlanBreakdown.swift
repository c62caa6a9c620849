import Foundation

/// A plan as a table of nodes: where the time went (exclusive and inclusive, loops counted,
/// parallel workers divided out), how far the estimates were off, what filters threw away, and
/// what spilled. Without ANALYZE the planner's costs stand in for times.
package struct PlanBreakdown: Sendable {
    package struct Row: Sendable {
        package var depth: Int
        package var label: String
        /// Milliseconds (or cost units when the plan was not analyzed).
        package var inclusive: Double
        package var exclusive: Double
        /// Exclusive share of the whole plan, 0...1.
        package var share: Double
        package var estimatedRows: Double
        package var actualRows: Double?
        /// Actual over estimated rows (or the inverse, whichever is larger), with the direction.
        package var estimateFactor: Double?
        package var removedRows: Double?
        package var buffersHit: Double?
        package var buffersRead: Double?
        package var notes: [String]
        package var node: PlanNode
    }

    package var rows: [Row]
    package var isAnalyzed: Bool
    /// Milliseconds of the whole execution, or the root's cost.
    package var total: Double

    package init(_ plan: QueryPlan) {
        isAnalyzed = plan.isAnalyzed
        var rows: [Row] = []
        let analyzed = plan.isAnalyzed
        func inclusive(_ node: PlanNode, _ workers: Int) -> Double {
            guard analyzed else { return node.totalCost }
            let loops = node.actualLoops ?? 1
            return (node.actualTotalTime ?? 0) * loops / Double(workers + 1)
        }
        func walk(_ node: PlanNode, depth: Int, workers: Int) {
            let own = inclusive(node, workers)
            // Under a Gather, loops count every process that ran the node: divide by them.
            let childWorkers = node.nodeType.hasPrefix("Gather") ? (node.workersLaunched ?? 0) : workers
            let children = node.plans.filter { $0.parentRelationship != "InitPlan" && $0.parentRelationship != "SubPlan" }
            let childTime = children.reduce(0) { $0 + inclusive($1, childWorkers) }
            var notes: [String] = []
            if let removed = node.rowsRemovedByFilter, removed > 0 { notes.append("filter removed \(Self.count(removed * (node.actualLoops ?? 1))) rows") }
            if let removed = node.rowsRemovedByIndexRecheck, removed > 0 { notes.append("recheck removed \(Self.count(removed)) rows") }
            if let removed = node.rowsRemovedByJoinFilter, removed > 0 { notes.append("join filter removed \(Self.count(removed)) rows") }
            if node.sortSpaceType == "Disk" { notes.append("sort spilled \(Self.count(node.sortSpaceUsed ?? 0)) kB to disk (\(node.sortMethod ?? "external"))") }
            if let batches = node.hashBatches, batches > 1 { notes.append("hash spilled in \(Int(batches)) batches") }
            if let lossy = node.lossyHeapBlocks, lossy > 0 { notes.append("lossy bitmap: \(Self.count(lossy)) blocks rechecked") }
            if let fetches = node.heapFetches, fetches > 0 { notes.append("\(Self.count(fetches)) heap fetches (visibility map not current: VACUUM)") }
            if let planned = node.workersPlanned, let launched = node.workersLaunched, launched < planned {
                notes.append("\(launched) of \(planned) workers launched")
            }
            var factor: Double?
            if let actual = node.actualRows, analyzed {
                let estimate = max(node.planRows, 1), real = max(actual, 1)
                factor = real >= estimate ? real / estimate : -(estimate / real)
            }
            rows.append(Row(depth: depth, label: node.label, inclusive: own, exclusive: max(0, own - childTime), share: 0,
                            estimatedRows: node.planRows, actualRows: node.actualRows, estimateFactor: factor,
                            removedRows: node.rowsRemovedByFilter.map { $0 * (node.actualLoops ?? 1) },
                            buffersHit: node.sharedHitBlocks, buffersRead: node.sharedReadBlocks, notes: notes, node: node))
            for child in node.plans { walk(child, depth: depth + 1, workers: childWorkers) }
        }
        walk(plan.root, depth: 0, workers: 0)
        let total = max(analyzed ? (plan.executionTime ?? inclusive(plan.root, 0)) : plan.root.totalCost, 0.000001)
        self.total = total
        self.rows = rows.map { row in
            var row = row
            row.share = row.exclusive / total
            return row
        }
    }

    static func count(_ value: Double) -> String {
        value >= 1_000_000 ? (value / 1_000_000).fixed(decimals: 1) + "M" : value >= 10_000 ? String(Int(value / 1000)) + "k" : String(Int(value))
    }

    /// The tree as text: one node a line, indented, with time, share, rows and notes.
    package var text: String {
        let unit = isAnalyzed ? "ms" : "cost"
        var lines: [String] = []
        lines.append(isAnalyzed ? "total \(total.fixed(decimals: 2)) ms" : "total cost \(total.fixed(decimals: 1)) (not analyzed: costs, not times)")
        for row in rows {
            let indent = String(repeating: "  ", count: row.depth)
            var line = "\(indent)-> \(row.label)  \(row.exclusive.fixed(decimals: 2)) \(unit) self, \(row.inclusive.fixed(decimals: 2)) total, \(Int((row.share * 100).rounded()))%"
            if let actual = row.actualRows {
                line += "; rows \(Self.count(actual)) of \(Self.count(row.estimatedRows)) estimated"
                if let factor = row.estimateFactor, abs(factor) >= 10 { line += " (\(Int(abs(factor).rounded()))x \(factor > 0 ? "under" : "over")estimated)" }
            } else {
                line += "; \(Self.count(row.estimatedRows)) rows estimated"
            }
            if let hit = row.buffersHit, let read = row.buffersRead, hit + read > 0 { line += "; buffers \(Self.count(hit)) hit, \(Self.count(read)) read" }
            lines.append(line)
            for note in row.notes { lines.append("\(indent)     \(note)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
