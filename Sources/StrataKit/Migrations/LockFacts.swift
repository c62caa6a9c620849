/// PostgreSQL's table-level lock modes, weakest first.
package enum LockMode: String, Sendable, Comparable, CaseIterable {
    case accessShare = "ACCESS SHARE"
    case rowShare = "ROW SHARE"
    case rowExclusive = "ROW EXCLUSIVE"
    case shareUpdateExclusive = "SHARE UPDATE EXCLUSIVE"
    case share = "SHARE"
    case shareRowExclusive = "SHARE ROW EXCLUSIVE"
    case exclusive = "EXCLUSIVE"
    case accessExclusive = "ACCESS EXCLUSIVE"

    package static func < (lhs: LockMode, rhs: LockMode) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Whether INSERT/UPDATE/DELETE (ROW EXCLUSIVE) must wait for this lock.
    package var blocksWrites: Bool { self >= .share }
    /// Whether plain SELECT (ACCESS SHARE) must wait for this lock.
    package var blocksReads: Bool { self == .accessExclusive }

    /// What the lock blocks, in the user's terms.
    package var blocks: String {
        if blocksReads { return "blocks all reads and writes" }
        if blocksWrites { return "blocks writes, not reads" }
        if self == .shareUpdateExclusive { return "blocks other schema changes and VACUUM, not reads or writes" }
        return "blocks only conflicting schema changes"
    }
}

/// What a kind of DDL statement does on PostgreSQL 15, measured (../shared/pg15-locks.md): the
/// lock on the table it changes, whether it rewrites the table and its indexes, whether it scans
/// it, and locks on a second table. The one table of these facts: rules cite it, never restate it.
package struct LockFact: Sendable {
    package var lock: LockMode
    package var rewrites: Bool = false
    package var scans: Bool = false
    /// SHARE ROW EXCLUSIVE on the referenced table for foreign keys.
    package var referencedTableLock: LockMode?
    /// Cannot run inside a transaction block.
    package var needsNoTransaction: Bool = false
    /// The case name in pg15-locks.md, e.g. `add_fk`.
    package var measuredCase: String

    /// `takes ACCESS EXCLUSIVE on public.t (blocks every read and write of the table), rewrites it`
    package func describe(on table: String) -> String {
        var text = "takes \(lock.rawValue) on \(table) (\(lock.blocks))"
        if let other = referencedTableLock { text += " and \(other.rawValue) on the referenced table" }
        if rewrites { text += ", rewrites the table and every index" } else if scans { text += ", scans the whole table while holding it" }
        return text + " [pg15: \(measuredCase)]"
    }
}

package enum LockFacts {
    package static let addColumnNullable = LockFact(lock: .accessExclusive, measuredCase: "add_column_nullable")
    package static let addColumnConstantDefault = LockFact(lock: .accessExclusive, measuredCase: "add_column_const_default")
    package static let addColumnVolatileDefault = LockFact(lock: .accessExclusive, rewrites: true, scans: true, measuredCase: "add_column_volatile_default")
    package static let addColumnSerial = LockFact(lock: .accessExclusive, rewrites: true, scans: true, measuredCase: "add_column_serial")
    package static let addColumnIdentity = LockFact(lock: .accessExclusive, rewrites: true, scans: true, measuredCase: "add_column_identity")
    package static let addColumnGeneratedStored = LockFact(lock: .accessExclusive, rewrites: true, scans: true, measuredCase: "add_column_generated_stored")
    package static let addColumnNotNullNoDefault = LockFact(lock: .accessExclusive, scans: true, measuredCase: "add_column_not_null_no_default")
    package static let alterTypeNoRewrite = LockFact(lock: .accessExclusive, measuredCase: "alter_type_varchar_widen")
    package static let alterTypeRewrite = LockFact(lock: .accessExclusive, rewrites: true, scans: true, measuredCase: "alter_type_int_to_bigint")
    package static let setNotNull = LockFact(lock: .accessExclusive, scans: true, measuredCase: "set_not_null")
    package static let addForeignKey = LockFact(lock: .shareRowExclusive, scans: true, referencedTableLock: .shareRowExclusive, measuredCase: "add_fk")
    /// The referenced table's side of a new foreign key (CREATE TABLE ... REFERENCES, ADD COLUMN
    /// ... REFERENCES, ADD CONSTRAINT ... FOREIGN KEY): SHARE ROW EXCLUSIVE, measured as
    /// `create_table_with_fk`, `add_column_with_fk` and `add_fk`.
    package static let referencedByForeignKey = LockFact(lock: .shareRowExclusive, measuredCase: "create_table_with_fk")
    package static let addForeignKeyNotValid = LockFact(lock: .shareRowExclusive, referencedTableLock: .shareRowExclusive, measuredCase: "add_fk_not_valid")
    package static let validateConstraint = LockFact(lock: .shareUpdateExclusive, scans: true, measuredCase: "validate_fk")
    package static let addCheck = LockFact(lock: .accessExclusive, scans: true, measuredCase: "add_check")
    package static let addCheckNotValid = LockFact(lock: .accessExclusive, measuredCase: "add_check_not_valid")
    package static let addUnique = LockFact(lock: .accessExclusive, scans: true, measuredCase: "add_unique_constraint")
    package static let addUniqueUsingIndex = LockFact(lock: .accessExclusive, measuredCase: "add_unique_using_index")
    package static let addPrimaryKey = LockFact(lock: .accessExclusive, scans: true, measuredCase: "add_primary_key")
    package static let addExclusion = LockFact(lock: .accessExclusive, scans: true, measuredCase: "add_exclude_constraint")
    package static let createIndex = LockFact(lock: .share, scans: true, measuredCase: "create_index")
    package static let createIndexConcurrently = LockFact(lock: .shareUpdateExclusive, scans: true, needsNoTransaction: true, measuredCase: "create_index_concurrently")
    package static let dropIndex = LockFact(lock: .accessExclusive, measuredCase: "drop_index")
    package static let dropIndexConcurrently = LockFact(lock: .shareUpdateExclusive, needsNoTransaction: true, measuredCase: "drop_index_concurrently")
    package static let dropColumn = LockFact(lock: .accessExclusive, measuredCase: "drop_column")
    package static let dropConstraint = LockFact(lock: .accessExclusive, measuredCase: "drop_constraint")
    package static let renameColumn = LockFact(lock: .accessExclusive, measuredCase: "rename_column")
    package static let renameTable = LockFact(lock: .accessExclusive, measuredCase: "rename_table")
    package static let dropTable = LockFact(lock: .accessExclusive, measuredCase: "drop_table")
    package static let truncate = LockFact(lock: .accessExclusive, rewrites: true, measuredCase: "truncate")
    package static let setDefault = LockFact(lock: .accessExclusive, measuredCase: "set_default")
    package static let dropNotNull = LockFact(lock: .accessExclusive, measuredCase: "drop_not_null")
    package static let alterDomainAddCheck = LockFact(lock: .share, scans: true, measuredCase: "alter_domain_add_check")
    package static let createTrigger = LockFact(lock: .shareRowExclusive, measuredCase: "create_trigger")
    package static let dropTrigger = LockFact(lock: .accessExclusive, measuredCase: "drop_trigger")
    package static let enableRowLevelSecurity = LockFact(lock: .accessExclusive, measuredCase: "enable_rls")
    package static let createPolicy = LockFact(lock: .accessExclusive, measuredCase: "create_policy")
    package static let setLogged = LockFact(lock: .accessExclusive, rewrites: true, scans: true, measuredCase: "set_logged_unlogged")
    package static let attachPartition = LockFact(lock: .accessExclusive, scans: true, measuredCase: "attach_partition")
    package static let detachPartition = LockFact(lock: .accessExclusive, measuredCase: "detach_partition")
    package static let cluster = LockFact(lock: .accessExclusive, rewrites: true, scans: true, measuredCase: "cluster")
    package static let vacuumFull = LockFact(lock: .accessExclusive, rewrites: true, scans: true, needsNoTransaction: true, measuredCase: "vacuum_full")
    package static let reindex = LockFact(lock: .share, scans: true, measuredCase: "reindex_table")
    package static let reindexConcurrently = LockFact(lock: .shareUpdateExclusive, scans: true, needsNoTransaction: true, measuredCase: "reindex_index_concurrently")
    package static let otherAlterTable = LockFact(lock: .accessExclusive, measuredCase: "owner_to")
    package static let dataChange = LockFact(lock: .rowExclusive, measuredCase: "update_backfill")

    /// Functions whose value changes per row: a default calling one must be computed for every row.
    package static let volatileFunctions: Set<String> = [
        "random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "clock_timestamp",
        "timeofday", "nextval", "setseed", "txid_current", "pg_current_xact_id", "random_normal",
    ]
}
