import Foundation

/// An `EXPLAIN (FORMAT JSON)` output: the plan tree and, with ANALYZE, its timings.
public struct QueryPlan: Sendable {
    /// The plan's top node.
    public var root: PlanNode
    /// Planning time in milliseconds (EXPLAIN ANALYZE).
    public var planningTime: Double?
    /// Execution time in milliseconds (EXPLAIN ANALYZE).
    public var executionTime: Double?
    /// Whether the plan carries actual times and rows (EXPLAIN ANALYZE).
    public var isAnalyzed: Bool { root.actualTotalTime != nil }

    /// Reads PostgreSQL's JSON (`[{"Plan": {...}, "Execution Time": ...}]`, or the object alone).
    public static func parse(json text: String, path: String = "plan.json") throws(InputError) -> QueryPlan {
        struct Document: Decodable {
            var plan: PlanNode
            var planningTime: Double?
            var executionTime: Double?
            enum CodingKeys: String, CodingKey {
                case plan = "Plan", planningTime = "Planning Time", executionTime = "Execution Time"
            }
        }
        let data = Data(text.utf8)
        do {
            if let documents = try? JSONDecoder().decode([Document].self, from: data), let first = documents.first {
                return QueryPlan(root: first.plan, planningTime: first.planningTime, executionTime: first.executionTime)
            }
            let document = try JSONDecoder().decode(Document.self, from: data)
            return QueryPlan(root: document.plan, planningTime: document.planningTime, executionTime: document.executionTime)
        } catch {
            throw InputError(path: path, message: "not an EXPLAIN (FORMAT JSON) output: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, let context):
            return "\(key.stringValue) missing at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context):
            return "unexpected value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "\(error)"
        }
    }

    /// The sort keys of the Sort directly above each scanned table (through a Limit or a Gather
    /// Merge), by table name: the order an index on that table should also give.
    package var sortKeysAboveScans: [String: [String]] {
        var result: [String: [String]] = [:]
        for (_, node) in nodes where node.nodeType == "Sort" || node.nodeType == "Incremental Sort" {
            var current = node
            while let child = current.plans.first, !child.isScan, child.plans.count == 1 { current = child }
            if let scan = current.plans.first, let relation = scan.relationName { result[relation] = node.sortKey ?? [] }
        }
        return result
    }

    /// Every node, depth first, with its depth.
    package var nodes: [(depth: Int, node: PlanNode)] {
        var result: [(Int, PlanNode)] = []
        func walk(_ node: PlanNode, _ depth: Int) {
            result.append((depth, node))
            for child in node.plans { walk(child, depth + 1) }
        }
        walk(root, 0)
        return result
    }
}

/// One node of a plan, with the fields PostgreSQL writes for it.
public struct PlanNode: Sendable, Decodable {
    /// `Seq Scan`, `Index Scan`, `Hash Join`, ...
    public var nodeType: String
    /// The table a scan reads.
    public var relationName: String?
    package var schema: String?
    package var alias: String?
    /// The index an index scan uses.
    public var indexName: String?
    package var parentRelationship: String?
    /// The planner's cost before the first row.
    public var startupCost: Double
    /// The planner's cost for all rows.
    public var totalCost: Double
    /// The rows the planner expects.
    public var planRows: Double
    /// Milliseconds per loop, measured (EXPLAIN ANALYZE).
    public var actualTotalTime: Double?
    /// Rows per loop, measured.
    public var actualRows: Double?
    /// How many times the node ran.
    public var actualLoops: Double?
    /// The condition applied to each row read.
    public var filter: String?
    /// Rows read and thrown away by `filter`, per loop.
    public var rowsRemovedByFilter: Double?
    package var indexCond: String?
    package var recheckCond: String?
    package var rowsRemovedByIndexRecheck: Double?
    package var hashCond: String?
    package var mergeCond: String?
    package var joinFilter: String?
    package var rowsRemovedByJoinFilter: Double?
    package var sortKey: [String]?
    package var sortMethod: String?
    package var sortSpaceUsed: Double?
    package var sortSpaceType: String?
    package var hashBatches: Double?
    package var originalHashBatches: Double?
    package var peakMemoryUsage: Double?
    package var heapFetches: Double?
    package var exactHeapBlocks: Double?
    package var lossyHeapBlocks: Double?
    package var workersPlanned: Int?
    package var workersLaunched: Int?
    package var sharedHitBlocks: Double?
    package var sharedReadBlocks: Double?
    package var tempReadBlocks: Double?
    package var tempWrittenBlocks: Double?
    /// The node's inputs.
    public var plans: [PlanNode] = []

    enum CodingKeys: String, CodingKey {
        case nodeType = "Node Type", relationName = "Relation Name", schema = "Schema", alias = "Alias", indexName = "Index Name"
        case parentRelationship = "Parent Relationship"
        case startupCost = "Startup Cost", totalCost = "Total Cost", planRows = "Plan Rows"
        case actualTotalTime = "Actual Total Time", actualRows = "Actual Rows", actualLoops = "Actual Loops"
        case filter = "Filter", rowsRemovedByFilter = "Rows Removed by Filter", indexCond = "Index Cond"
        case recheckCond = "Recheck Cond", rowsRemovedByIndexRecheck = "Rows Removed by Index Recheck"
        case hashCond = "Hash Cond", mergeCond = "Merge Cond", joinFilter = "Join Filter", rowsRemovedByJoinFilter = "Rows Removed by Join Filter"
        case sortKey = "Sort Key", sortMethod = "Sort Method", sortSpaceUsed = "Sort Space Used", sortSpaceType = "Sort Space Type"
        case hashBatches = "Hash Batches", originalHashBatches = "Original Hash Batches", peakMemoryUsage = "Peak Memory Usage"
        case heapFetches = "Heap Fetches", exactHeapBlocks = "Exact Heap Blocks", lossyHeapBlocks = "Lossy Heap Blocks"
        case workersPlanned = "Workers Planned", workersLaunched = "Workers Launched"
        case sharedHitBlocks = "Shared Hit Blocks", sharedReadBlocks = "Shared Read Blocks"
        case tempReadBlocks = "Temp Read Blocks", tempWrittenBlocks = "Temp Written Blocks"
        case plans = "Plans"
    }

    /// Reads a node of `EXPLAIN (FORMAT JSON)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nodeType = try c.decode(String.self, forKey: .nodeType)
        relationName = try c.decodeIfPresent(String.self, forKey: .relationName)
        schema = try c.decodeIfPresent(String.self, forKey: .schema)
        alias = try c.decodeIfPresent(String.self, forKey: .alias)
        indexName = try c.decodeIfPresent(String.self, forKey: .indexName)
        parentRelationship = try c.decodeIfPresent(String.self, forKey: .parentRelationship)
        startupCost = try c.decodeIfPresent(Double.self, forKey: .startupCost) ?? 0
        totalCost = try c.decodeIfPresent(Double.self, forKey: .totalCost) ?? 0
        planRows = try c.decodeIfPresent(Double.self, forKey: .planRows) ?? 0
        actualTotalTime = try c.decodeIfPresent(Double.self, forKey: .actualTotalTime)
        actualRows = try c.decodeIfPresent(Double.self, forKey: .actualRows)
        actualLoops = try c.decodeIfPresent(Double.self, forKey: .actualLoops)
        filter = try c.decodeIfPresent(String.self, forKey: .filter)
        rowsRemovedByFilter = try c.decodeIfPresent(Double.self, forKey: .rowsRemovedByFilter)
        indexCond = try c.decodeIfPresent(String.self, forKey: .indexCond)
        recheckCond = try c.decodeIfPresent(String.self, forKey: .recheckCond)
        rowsRemovedByIndexRecheck = try c.decodeIfPresent(Double.self, forKey: .rowsRemovedByIndexRecheck)
        hashCond = try c.decodeIfPresent(String.self, forKey: .hashCond)
        mergeCond = try c.decodeIfPresent(String.self, forKey: .mergeCond)
        joinFilter = try c.decodeIfPresent(String.self, forKey: .joinFilter)
        rowsRemovedByJoinFilter = try c.decodeIfPresent(Double.self, forKey: .rowsRemovedByJoinFilter)
        sortKey = try c.decodeIfPresent([String].self, forKey: .sortKey)
        sortMethod = try c.decodeIfPresent(String.self, forKey: .sortMethod)
        sortSpaceUsed = try c.decodeIfPresent(Double.self, forKey: .sortSpaceUsed)
        sortSpaceType = try c.decodeIfPresent(String.self, forKey: .sortSpaceType)
        hashBatches = try c.decodeIfPresent(Double.self, forKey: .hashBatches)
        originalHashBatches = try c.decodeIfPresent(Double.self, forKey: .originalHashBatches)
        peakMemoryUsage = try c.decodeIfPresent(Double.self, forKey: .peakMemoryUsage)
        heapFetches = try c.decodeIfPresent(Double.self, forKey: .heapFetches)
        exactHeapBlocks = try c.decodeIfPresent(Double.self, forKey: .exactHeapBlocks)
        lossyHeapBlocks = try c.decodeIfPresent(Double.self, forKey: .lossyHeapBlocks)
        workersPlanned = try c.decodeIfPresent(Int.self, forKey: .workersPlanned)
        workersLaunched = try c.decodeIfPresent(Int.self, forKey: .workersLaunched)
        sharedHitBlocks = try c.decodeIfPresent(Double.self, forKey: .sharedHitBlocks)
        sharedReadBlocks = try c.decodeIfPresent(Double.self, forKey: .sharedReadBlocks)
        tempReadBlocks = try c.decodeIfPresent(Double.self, forKey: .tempReadBlocks)
        tempWrittenBlocks = try c.decodeIfPresent(Double.self, forKey: .tempWrittenBlocks)
        plans = try c.decodeIfPresent([PlanNode].self, forKey: .plans) ?? []
    }

    /// `Seq Scan on orders`, `Index Scan using orders_pkey on orders o`.
    public var label: String {
        var text = nodeType
        if let indexName { text += " using \(indexName)" }
        if let relationName {
            text += " on \(schema.map { $0 == "public" ? "" : $0 + "." } ?? "")\(relationName)"
            if let alias, alias != relationName { text += " \(alias)" }
        }
        return text
    }

    /// The table a scan reads, schema-qualified when the plan says the schema.
    package var relation: QualifiedName? {
        relationName.map { QualifiedName(schema: schema ?? "public", name: $0) }
    }

    package var isScan: Bool { relationName != nil }
}
