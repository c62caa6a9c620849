import Foundation
import PostgresNIO
import StrataKit

/// What a B-tree will take once built. HypoPG sizes a hypothetical index at one tuple per row
/// with generous overheads, but since PostgreSQL 13 a B-tree stores equal keys once, with a posting
/// list of 6-byte row pointers: on a column with few distinct values the real index is several
/// times smaller. This lays the leaf pages out as `nbtree` does (tuple headers, alignment, line
/// pointers, posting lists, fillfactor 90) from the table's statistics (`pg_stats`: distinct values
/// and widths; the planner's row estimate for a partial index's predicate).
package enum IndexSizeEstimator {
    /// Types whose equal values may differ in their bytes: B-trees never deduplicate them.
    static let undeduplicatable: Set<String> = ["numeric", "float4", "float8", "jsonb", "json", "record", "real", "double precision"]
    /// Posting lists are split around a third of a page.
    static let postingListLimit = 2_700.0

    /// The expected size in bytes; HypoPG's own when deduplication does not apply (a unique or
    /// non-B-tree index, INCLUDE columns, an expression key, a type that is never deduplicated)
    /// or the table has no statistics.
    package static func expectedBytes(of candidate: IndexCandidate, hypotheticalBytes: Int64, on session: DatabaseSession) async throws -> Int64 {
        guard candidate.method == "btree", candidate.include.isEmpty, hypotheticalBytes > 0 else { return hypotheticalBytes }
        let columns = candidate.keys.map { key in
            key.replacingOccurrences(of: " DESC", with: "").replacingOccurrences(of: " ASC", with: "")
                .replacingOccurrences(of: " NULLS FIRST", with: "").replacingOccurrences(of: " NULLS LAST", with: "")
        }
        // Expressions have no pg_stats row of their own until an index on them exists.
        guard columns.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else { return hypotheticalBytes }
        var bindings = PostgresBindings()
        bindings.append(candidate.table.schema)
        bindings.append(candidate.table.name)
        bindings.append(columns)
        let sql = """
            SELECT a.attname::text, format_type(a.atttypid, NULL), coalesce(s.n_distinct, 0)::float8, coalesce(s.avg_width, 8)::float8,
                   greatest(c.reltuples, 0)::float8
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
            WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = ANY($3)
            """
        var rows = 0.0
        var distinct = 1.0
        var width = 0.0
        var found = 0
        var deduplicates = true
        try await session.forEachRow(PostgresQuery(unsafeSQL: sql, binds: bindings)) { row in
            let (_, type, nDistinct, averageWidth, tuples) = try row.decode((String, String, Double, Double, Double).self)
            found += 1
            rows = tuples
            if Self.undeduplicatable.contains(type) || type.hasSuffix("[]") { deduplicates = false }
            // pg_stats: a positive count, or minus a share of the rows.
            distinct *= nDistinct > 0 ? nDistinct : nDistinct < 0 ? -nDistinct * tuples : tuples
            width += averageWidth
        }
        guard found == columns.count, rows >= 1 else { return hypotheticalBytes }
        if let predicate = candidate.predicate {
            // The rows the partial index holds: the planner's estimate for its predicate.
            let plan = try await QueryExplainer.explain("SELECT 1 FROM \(candidate.table.sql) WHERE \(predicate)", on: session)
            let selected = plan.root.planRows
            distinct = distinct * min(1, selected / rows)
            rows = selected
        }
        guard rows >= 1 else { return hypotheticalBytes }
        return Int64(bytes(rows: rows, distinct: min(max(distinct, 1), rows), keyWidth: width, deduplicates: deduplicates).rounded())
    }

    /// The index's bytes: leaf pages filled to 90% of what a page holds after its header and
    /// B-tree trailer, one tuple (a 4-byte line pointer, an 8-byte header with the row pointer,
    /// the key aligned to 8) per row, or with deduplication one per distinct value and posting
    /// list plus 6 bytes a row; inner pages and the metapage on top.
    static func bytes(rows: Double, distinct: Double, keyWidth: Double, deduplicates: Bool) -> Double {
        let key = (keyWidth / 8).rounded(.up) * 8
        let perValue = rows / distinct
        var leafBytes = rows * (12 + key)
        if deduplicates, perValue >= 2 {
            let lists = max(1, (6 * perValue / postingListLimit).rounded(.up))
            leafBytes = min(leafBytes, distinct * (lists * (12 + key) + 6 * perValue))
        }
        let page = 8192.0, usable = (page - 24 - 16) * 0.9
        let leaves = max(1, (leafBytes / usable).rounded(.up))
        // An inner page points at a few hundred children: a level for every such fan-out.
        let fanOut = max(2, ((page - 40) / (12 + key)).rounded(.down))
        var inner = 0.0, level = leaves
        while level > 1 { level = (level / fanOut).rounded(.up); inner += level }
        return (leaves + inner + 1) * page
    }
}
