import Foundation
import PostgresNIO
import StrataKit

extension CatalogReader {
    /// Sizes, row estimates, scan counts, distinct values and sequence positions: what the live-only
    /// rules judge. Counters are cumulative since the statistics were last reset.
    package func readStatistics() async throws(DatabaseError) -> DatabaseStatistics {
        var statistics = DatabaseStatistics()
        try await rows("""
            SELECT n.nspname::text, c.relname::text, c.reltuples::float8, pg_total_relation_size(c.oid)::int8,
                   coalesce(s.seq_scan, 0)::int8, coalesce(s.seq_tup_read, 0)::int8, coalesce(s.idx_scan, 0)::int8
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.relkind IN ('r', 'p') AND \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            """) { row in
            let (namespace, name, rows, bytes, seqScans, seqRows, indexScans) = try row.decode((String, String, Double, Int64, Int64, Int64, Int64).self)
            statistics.tables[QualifiedName(schema: namespace, name: name)] = .init(
                rowEstimate: rows, totalBytes: bytes, sequentialScans: seqScans, rowsReadBySequentialScans: seqRows, indexScans: indexScans)
        }
        try await rows("""
            SELECT n.nspname::text, ic.relname::text, pg_relation_size(i.indexrelid)::int8, coalesce(s.idx_scan, 0)::int8
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
            JOIN pg_class tc ON tc.oid = i.indrelid LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
            WHERE tc.relkind IN ('r', 'p') AND \(Self.visible("n", object: "tc.oid", catalog: "pg_class"))
            """) { row in
            let (namespace, name, bytes, scans) = try row.decode((String, String, Int64, Int64).self)
            statistics.indexes[QualifiedName(schema: namespace, name: name)] = .init(bytes: bytes, scans: scans)
        }
        // A partitioned table has only inherited statistics; a plain table's own come first.
        try await rows("""
            SELECT DISTINCT ON (s.schemaname, s.tablename, s.attname) s.schemaname::text, s.tablename::text, s.attname::text,
                   s.n_distinct::float8, s.null_frac::float8
            FROM pg_stats s JOIN pg_namespace n ON n.nspname = s.schemaname
            JOIN pg_class c ON c.relname = s.tablename AND c.relnamespace = n.oid
            WHERE \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            ORDER BY s.schemaname, s.tablename, s.attname, s.inherited
            """) { row in
            let (namespace, table, column, distinct, nulls) = try row.decode((String, String, String, Double, Double).self)
            statistics.columns[QualifiedName(schema: namespace, name: table), default: [:]][column] = .init(distinct: distinct, nullFraction: nulls)
        }
        try await rows("""
            SELECT n.nspname::text, c.relname::text, s.last_value::int8, s.max_value::int8,
                   CASE format_type(a.atttypid, NULL) WHEN 'smallint' THEN 32767::int8 WHEN 'integer' THEN 2147483647::int8
                        WHEN 'bigint' THEN 9223372036854775807::int8 END
            FROM pg_sequences s JOIN pg_namespace n ON n.nspname = s.schemaname
            JOIN pg_class c ON c.relname = s.sequencename AND c.relnamespace = n.oid
            LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            """) { row in
            let (namespace, name, last, max, columnMax) = try row.decode((String, String, Int64?, Int64, Int64?).self)
            statistics.sequences[QualifiedName(schema: namespace, name: name)] = .init(lastValue: last, maxValue: max, columnMaximum: columnMax)
        }
        return statistics
    }
}

extension CatalogReader {
    /// For each reference missing-foreign-key infers in `schema`, the rows that point at nothing
    /// (an anti-join) and the rows holding the sentinel 0: evidence for the finding, and what must
    /// be corrected before its foreign key can be validated. One scan of the referencing table per
    /// reference; the identifiers come from the catalog and are quoted.
    package func readReferenceChecks(for schema: DatabaseSchema) async throws(DatabaseError) -> [String: DatabaseStatistics.ReferenceCheck] {
        var checks: [String: DatabaseStatistics.ReferenceCheck] = [:]
        for reference in MissingForeignKeyRule.inferredReferences(in: schema) {
            let column = "t." + quoteIdentifier(reference.column.name)
            let key = "p." + quoteIdentifier(reference.inference.key.name)
            let sentinel = SchemaFacts.isInteger(reference.column)
            let sql = """
                SELECT count(*) FILTER (WHERE \(column) IS NOT NULL\(sentinel ? " AND \(column) <> 0" : "")
                                          AND NOT EXISTS (SELECT 1 FROM \(reference.inference.target.name.sql) p WHERE \(key) = \(column)))::int8,
                       \(sentinel ? "count(*) FILTER (WHERE \(column) = 0)::int8" : "0::int8")
                FROM \(reference.table.name.sql) t
                """
            try await session.forEachRow(PostgresQuery(unsafeSQL: sql)) { row in
                let (orphans, sentinels) = try row.decode((Int64, Int64).self)
                checks["\(reference.table.name.schema).\(reference.table.name.name).\(reference.column.name)"] =
                    .init(orphans: orphans, sentinels: sentinels)
            }
        }
        return checks
    }
}
