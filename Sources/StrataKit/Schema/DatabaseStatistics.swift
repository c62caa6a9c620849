/// What a live database knows and SQL files cannot: sizes, row estimates, scan counts, distinct
/// values, sequence positions. Read by `StrataPostgres`; used by the live-only review rules.
/// Absent (nil in the review context) when the schema came from files.
package struct DatabaseStatistics: Sendable, Hashable {
/// A table's size and activity from `pg_stat_user_tables` and `pg_class`.
    package struct TableStatistics: Sendable, Hashable {
        /// `pg_class.reltuples` (-1 when never analyzed, as PostgreSQL reports it).
        package var rowEstimate: Double
        /// Heap, indexes and TOAST.
        package var totalBytes: Int64
        package var sequentialScans: Int64
        package var rowsReadBySequentialScans: Int64
        package var indexScans: Int64

        package init(rowEstimate: Double, totalBytes: Int64, sequentialScans: Int64, rowsReadBySequentialScans: Int64, indexScans: Int64) {
            self.rowEstimate = rowEstimate
            self.totalBytes = totalBytes
            self.sequentialScans = sequentialScans
            self.rowsReadBySequentialScans = rowsReadBySequentialScans
            self.indexScans = indexScans
        }
    }

/// An index's size and scans from `pg_stat_user_indexes`.
    package struct IndexStatistics: Sendable, Hashable {
        package var bytes: Int64
        /// `pg_stat_user_indexes.idx_scan` since the statistics were last reset.
        package var scans: Int64

        package init(bytes: Int64, scans: Int64) {
            self.bytes = bytes
            self.scans = scans
        }
    }

/// What `ANALYZE` knows of a column's values (`pg_stats`): distinct values, nulls.
    package struct ColumnStatistics: Sendable, Hashable {
        /// `pg_stats.n_distinct`: positive, a count; negative, minus the fraction of rows.
        package var distinct: Double
        package var nullFraction: Double

        package init(distinct: Double, nullFraction: Double) {
            self.distinct = distinct
            self.nullFraction = nullFraction
        }

        /// Distinct values for a table of `rows` rows.
        package func distinctValues(rows: Double) -> Double { distinct >= 0 ? distinct : -distinct * max(rows, 0) }
    }

/// How far a sequence has gone (`pg_sequences.last_value`) against the largest value of its type.
    package struct SequenceStatistics: Sendable, Hashable {
        /// nil until `nextval` was first called (or without the privilege to read it).
        package var lastValue: Int64?
        package var maxValue: Int64
        /// The largest value the owning column's type holds, when a column owns the sequence.
        package var columnMaximum: Int64?

        package init(lastValue: Int64?, maxValue: Int64, columnMaximum: Int64?) {
            self.lastValue = lastValue
            self.maxValue = maxValue
            self.columnMaximum = columnMaximum
        }

        /// How much of the usable range is spent, 0...1.
        package var usedFraction: Double? {
            guard let lastValue, lastValue > 0 else { return nil }
            let limit = min(maxValue, columnMaximum ?? .max)
            return limit > 0 ? Double(lastValue) / Double(limit) : nil
        }
    }

    package var tables: [QualifiedName: TableStatistics] = [:]
    package var indexes: [QualifiedName: IndexStatistics] = [:]
    /// Per table, per column.
    package var columns: [QualifiedName: [String: ColumnStatistics]] = [:]
    package var sequences: [QualifiedName: SequenceStatistics] = [:]
    /// What the data says of each reference Strata inferred without a foreign key, keyed by
    /// `schema.table.column`.
    package var references: [String: ReferenceCheck] = [:]

    /// Rows of an inferred reference that point at no row of the target, and rows holding the
    /// sentinel 0 ("none") instead of NULL.
    package struct ReferenceCheck: Sendable, Hashable {
        package var orphans: Int64
        package var sentinels: Int64

        package init(orphans: Int64, sentinels: Int64) {
            self.orphans = orphans
            self.sentinels = sentinels
        }
    }

    package init() {}
}
