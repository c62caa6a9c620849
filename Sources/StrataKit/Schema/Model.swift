/// A schema-qualified object name, e.g. `public.orders`.
package struct QualifiedName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The schema, e.g. `public`.
    package var schema: String
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    package var name: String

    /// A name in a schema.
    package init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }

    package static func < (lhs: QualifiedName, rhs: QualifiedName) -> Bool {
        (lhs.schema, lhs.name) < (rhs.schema, rhs.name)
    }

    /// `orders` in public, `app.orders` elsewhere; quoted where SQL needs quotes.
    package var description: String {
        schema == "public" ? quoteIdentifierIfNeeded(name) : "\(quoteIdentifierIfNeeded(schema)).\(quoteIdentifierIfNeeded(name))"
    }

    /// Always schema-qualified and quoted where needed: safe to paste into generated SQL.
    package var sql: String { "\(quoteIdentifierIfNeeded(schema)).\(quoteIdentifierIfNeeded(name))" }
}

/// `GENERATED ALWAYS AS IDENTITY` (the database alone assigns values) or `BY DEFAULT` (an
/// explicit value is accepted).
package enum Identity: String, Sendable, Hashable {
    case always = "ALWAYS"
    case byDefault = "BY DEFAULT"
}

/// What a foreign key does to referencing rows when the referenced row is deleted or its key updated.
package enum ForeignKeyAction: String, Sendable, Hashable {
    case noAction = "NO ACTION"
    case restrict = "RESTRICT"
    case cascade = "CASCADE"
    case setNull = "SET NULL"
    case setDefault = "SET DEFAULT"
}

/// A table column: its type as `format_type` prints it, nullability, default, identity or
/// generation expression, collation and comment.
///
/// ```swift
/// schema.tables[QualifiedName(schema: "public", name: "orders")]?.column(named: "total")?.type  // "numeric(12,2)"
/// ```
package struct ColumnInfo: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    package var name: String
    /// The type as `format_type` prints it, without array brackets: `character varying(255)`.
    package var type: String
    /// Array dimensions: 1 for `integer[]`.
    package var arrayDimensions: Int = 0
    /// `NOT NULL`.
    package var isNotNull: Bool = false
    /// The `DEFAULT` expression in canonical form.
    package var defaultExpression: SQLExpression?
    /// `GENERATED ... AS IDENTITY`, if the column is an identity.
    package var identity: Identity?
    /// The expression of a `GENERATED ALWAYS AS (...) STORED` column.
    package var generated: SQLExpression?
    /// An explicit `COLLATE`, if any.
    package var collation: String?
    /// `COMMENT ON` text, if any.
    package var comment: String?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?

    /// `integer[]`: the full type as a column definition writes it.
    package var fullType: String { type + String(repeating: "[]", count: arrayDimensions) }
}

/// A primary key constraint; it owns a unique index of the same name.
package struct PrimaryKey: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    package var name: String
    /// The key columns, in order.
    package var columns: [String]
    /// `INCLUDE` columns: stored in the index, not part of the key.
    package var include: [String] = []
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?
}

/// A foreign key constraint: the referencing columns, the referenced table and columns, its
/// actions, and whether it is validated (`NOT VALID` until `VALIDATE CONSTRAINT`).
package struct ForeignKey: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    package var name: String
    /// The key columns, in order.
    package var columns: [String]
    /// The table referenced.
    package var referencedTable: QualifiedName
    /// The referenced key columns, in the order of `columns`.
    package var referencedColumns: [String]
    /// What happens to referencing rows when the referenced row is deleted.
    package var onDelete: ForeignKeyAction = .noAction
    /// What happens to referencing rows when the referenced key changes.
    package var onUpdate: ForeignKeyAction = .noAction
    /// `MATCH FULL`: all key columns NULL, or none.
    package var matchFull: Bool = false
    /// `DEFERRABLE`: the check may be postponed to commit.
    package var deferrable: Bool = false
    /// `INITIALLY DEFERRED`: checked at commit unless set otherwise.
    package var initiallyDeferred: Bool = false
    /// False while `NOT VALID` (constraints) or after a failed concurrent build (indexes).
    package var isValid: Bool = true
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?
}

/// A unique constraint; it owns a unique index of the same name.
package struct UniqueConstraint: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    package var name: String
    /// The key columns, in order.
    package var columns: [String]
    /// `INCLUDE` columns: stored in the index, not part of the key.
    package var include: [String] = []
    /// `NULLS NOT DISTINCT` (PostgreSQL 15): NULLs collide like values.
    package var nullsNotDistinct: Bool = false
    /// `DEFERRABLE`: the check may be postponed to commit.
    package var deferrable: Bool = false
    /// `INITIALLY DEFERRED`: checked at commit unless set otherwise.
    package var initiallyDeferred: Bool = false
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?
}

/// A CHECK constraint, its expression in canonical form, and whether it is validated.
package struct CheckConstraint: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    package var name: String
    /// The CHECK expression in canonical form.
    package var expression: SQLExpression
    /// False while `NOT VALID` (constraints) or after a failed concurrent build (indexes).
    package var isValid: Bool = true
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?
}

/// An EXCLUDE constraint (no two rows whose elements all match under their operators, e.g.
/// overlapping bookings of one room); it owns an index of its method.
package struct ExclusionConstraint: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    package var name: String
    /// The index method enforcing the exclusion (usually gist).
    package var method: IndexMethod
    /// `room WITH =`, `during WITH &&`.
    package var elements: [String]
    /// The key columns, in order.
    package var columns: [String]
    /// The `WHERE` of a partial index or exclusion constraint.
    package var predicate: SQLExpression?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?
}

/// A trigger on a table: when it fires, on which events, per row or per statement, and the
/// function it runs.
package struct Trigger: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    package var name: String
    /// The trigger function.
    package var function: QualifiedName
    /// Before, after or instead of the operation.
    package var timing: TriggerTiming
    /// In PostgreSQL's order: INSERT, UPDATE, DELETE, TRUNCATE.
    package var events: [TriggerEvent]
    /// `UPDATE OF` columns: the trigger fires only when one of them is set.
    package var updateColumns: [String] = []
    /// `WHEN (...)`: the condition on OLD and NEW that decides whether it fires.
    package var when: SQLExpression?
    /// The arguments given to the function (`TG_ARGV`), as the strings PostgreSQL stores.
    package var arguments: [String] = []
    /// `FOR EACH ROW` (true) or `FOR EACH STATEMENT`.
    package var forEachRow: Bool
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?
}

/// A row-level security policy: the command and roles it applies to and its USING and WITH
/// CHECK expressions.
package struct Policy: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    package var name: String
    /// The command it applies to.
    package var command: PolicyCommand
    /// Permissive policies are OR-ed; restrictive ones AND-ed with them.
    package var permissive: Bool
    /// The roles it applies to (`public` for all).
    package var roles: [String]
    /// The `USING` expression rows must satisfy to be visible.
    package var using: SQLExpression?
    /// The `WITH CHECK` expression rows written must satisfy.
    package var withCheck: SQLExpression?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?
}

/// Whether a table is WAL-logged (`permanent`), `unlogged` (lost on a crash), or temporary.
package enum Persistence: String, Sendable, Hashable {
    case permanent, unlogged, temporary
}

/// A table with everything that belongs to it: columns in order, constraints, triggers,
/// policies, partitioning and inheritance. Standalone indexes live in ``DatabaseSchema/indexes``.
package struct TableInfo: Sendable, Hashable {
    /// The schema-qualified name.
    package var name: QualifiedName
    /// Columns in their order.
    package var columns: [ColumnInfo] = []
    /// The primary key, if any.
    package var primaryKey: PrimaryKey?
    /// Foreign keys of the table.
    package var foreignKeys: [ForeignKey] = []
    /// Unique constraints (each owns a unique index).
    package var uniqueConstraints: [UniqueConstraint] = []
    /// CHECK constraints.
    package var checkConstraints: [CheckConstraint] = []
    /// Exclusion constraints.
    package var exclusionConstraints: [ExclusionConstraint] = []
    /// Triggers on the table.
    package var triggers: [Trigger] = []
    /// Row-level security policies.
    package var policies: [Policy] = []
    /// `RANGE (created_at)` for a partitioned table.
    package var partitionKey: String?
    /// The partitioned parent, for a partition.
    package var partitionOf: QualifiedName?
    /// `FOR VALUES ...` of a partition.
    package var partitionBound: String?
    /// Parents of table inheritance (`INHERITS`).
    package var inherits: [QualifiedName] = []
    /// Permanent, unlogged or temporary.
    package var persistence: Persistence = .permanent
    /// `ENABLE ROW LEVEL SECURITY`.
    package var rowLevelSecurity: Bool = false
    /// Storage parameters (`WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01)`) as
    /// `pg_class.reloptions` keeps them: `name=value`, sorted.
    package var storage: [String] = []
    /// `FORCE ROW LEVEL SECURITY`: policies apply to the owner too.
    package var forceRowLevelSecurity: Bool = false
    /// `COMMENT ON` text, if any.
    package var comment: String?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?

    /// An empty table with this name.
    package init(name: QualifiedName) { self.name = name }


    package func column(named name: String) -> ColumnInfo? { columns.first { $0.name == name } }
    package func columnIndex(named name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// Names of every constraint of the table.
    package var constraintNames: [String] {
        (primaryKey.map { [$0.name] } ?? []) + foreignKeys.map(\.name) + uniqueConstraints.map(\.name)
            + checkConstraints.map(\.name) + exclusionConstraints.map(\.name)
    }

    /// Constraint-backed indexes: the primary key, unique and exclusion constraints own an index of the same name.
    package var constraintIndexNames: [String] {
        (primaryKey.map { [$0.name] } ?? []) + uniqueConstraints.map(\.name) + exclusionConstraints.map(\.name)
    }
}

/// One key of an index: a column or an expression, with its collation, operator class, order
/// and null placement.
package struct IndexKey: Sendable, Hashable {
    /// A column key; nil for an expression.
    package var column: String?
    /// An expression key (`lower(email)`); nil for a column.
    package var expression: SQLExpression?
    /// An explicit operator class (`text_pattern_ops`), if any.
    package var opclass: String?
    /// An explicit `COLLATE`, if any.
    package var collation: String?
    /// `DESC`.
    package var descending: Bool = false
    /// An explicit `NULLS FIRST` (true) or `NULLS LAST` (false).
    package var nullsFirst: Bool?

    package init(column: String? = nil, expression: SQLExpression? = nil, opclass: String? = nil, collation: String? = nil,
                 descending: Bool = false, nullsFirst: Bool? = nil) {
        self.column = column
        self.expression = expression
        self.opclass = opclass
        self.collation = collation
        self.descending = descending
        self.nullsFirst = nullsFirst
    }

    /// `email`, `lower(email)`, `created_at DESC`.
    package var sql: String {
        var text = column.map(quoteIdentifierIfNeeded) ?? "(\(expression?.text ?? ""))"
        if let collation { text += " COLLATE \(collation)" }
        if let opclass { text += " \(opclass)" }
        if descending { text += " DESC" }
        if let nullsFirst { text += nullsFirst ? " NULLS FIRST" : " NULLS LAST" }
        return text
    }
}

/// A standalone index (`CREATE INDEX`): method, keys, INCLUDE columns, partial predicate,
/// uniqueness, and whether it is valid (a failed `CREATE INDEX CONCURRENTLY` leaves it invalid).
package struct IndexInfo: Sendable, Hashable {
    /// The schema-qualified name.
    package var name: QualifiedName
    /// The table the index is on.
    package var table: QualifiedName
    /// The access method.
    package var method: IndexMethod = .btree
    /// A unique index.
    package var isUnique: Bool = false
    /// The key columns and expressions, in order.
    package var keys: [IndexKey]
    /// `INCLUDE` columns: stored in the index, not part of the key.
    package var include: [String] = []
    /// The `WHERE` of a partial index or exclusion constraint.
    package var predicate: SQLExpression?
    /// `NULLS NOT DISTINCT` (PostgreSQL 15): NULLs collide like values.
    package var nullsNotDistinct: Bool = false
    /// Storage parameters (`WITH (fillfactor = 90)`), as `pg_class.reloptions` keeps them, sorted.
    package var storage: [String] = []
    /// False while `NOT VALID` (constraints) or after a failed concurrent build (indexes).
    package var isValid: Bool = true
    /// `COMMENT ON` text, if any.
    package var comment: String?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?


    /// The key columns in order; nil for an expression key.
    package var keyColumns: [String?] { keys.map(\.column) }
}

/// An enum type and its labels in their sort order.
package struct EnumType: Sendable, Hashable {
    /// The schema-qualified name.
    package var name: QualifiedName
    /// The labels in their sort order.
    package var values: [String]
    /// `COMMENT ON` text, if any.
    package var comment: String?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?
}

/// A domain: a base type with NOT NULL, a default and CHECK constraints.
package struct Domain: Sendable, Hashable {
    /// The schema-qualified name.
    package var name: QualifiedName
    /// The underlying type.
    package var baseType: String
    /// `NOT NULL` on the domain.
    package var isNotNull: Bool
    /// The `DEFAULT` expression in canonical form.
    package var defaultExpression: SQLExpression?
    /// The domain's CHECK constraints.
    package var checks: [CheckConstraint]
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?
}

/// A sequence, with the column that owns it (serial and identity columns own theirs).
package struct SequenceInfo: Sendable, Hashable {
    /// The schema-qualified name.
    package var name: QualifiedName
    /// The sequence's type (`AS integer`, ...).
    package var dataType: String = "bigint"
    /// The column that owns it (serial and identity columns own theirs).
    package var ownedByTable: QualifiedName?
    /// The owning column's name.
    package var ownedByColumn: String?
    /// `INCREMENT BY`, `START WITH`, `MINVALUE`, `MAXVALUE`, `CACHE`, `CYCLE`: nil where the value
    /// is the default for the type and direction (see ``normalizingOptions()``).
    package var increment: Int64?
    package var start: Int64?
    package var minValue: Int64?
    package var maxValue: Int64?
    package var cache: Int64?
    package var cycle: Bool?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?

    /// The largest value of the sequence's type.
    var typeMaximum: Int64 {
        switch dataType {
        case "smallint": Int64(Int16.max)
        case "integer": Int64(Int32.max)
        default: Int64.max
        }
    }

    /// The options with PostgreSQL's defaults left out, so that a file that writes
    /// `INCREMENT BY 1` and a catalog that says 1 give the same model.
    package func normalizingOptions() -> SequenceInfo {
        var copy = self
        let step = increment ?? 1
        let ascending = step > 0
        let defaultMinimum: Int64 = ascending ? 1 : -typeMaximum - 1
        let defaultMaximum: Int64 = ascending ? typeMaximum : -1
        if copy.increment == 1 { copy.increment = nil }
        let minimum = minValue ?? defaultMinimum, maximum = maxValue ?? defaultMaximum
        if copy.minValue == defaultMinimum { copy.minValue = nil }
        if copy.maxValue == defaultMaximum { copy.maxValue = nil }
        if copy.start == (ascending ? minimum : maximum) { copy.start = nil }
        if copy.cache == 1 { copy.cache = nil }
        if copy.cycle == false { copy.cycle = nil }
        return copy
    }

    /// ` INCREMENT BY 10 START WITH 1000`: the options that differ from the defaults, as CREATE
    /// and ALTER SEQUENCE write them.
    /// ` SET INCREMENT BY 10 SET CACHE 20`: the options as `ALTER TABLE ... ALTER COLUMN` sets an
    /// identity's, each back to its default where `self` leaves it out, only those that differ
    /// from `current` (every one that is not the default when there is no current). `restart`
    /// moves a new, unused sequence to its start; an existing one is never moved.
    package func identityOptionsSQL(from current: SequenceInfo?, restart: Bool) -> String {
        var text = ""
        if increment != (current?.increment ?? nil) { text += " SET INCREMENT BY \(increment ?? 1)" }
        if minValue != (current?.minValue ?? nil) { text += minValue.map { " SET MINVALUE \($0)" } ?? " SET NO MINVALUE" }
        if maxValue != (current?.maxValue ?? nil) { text += maxValue.map { " SET MAXVALUE \($0)" } ?? " SET NO MAXVALUE" }
        if start != (current?.start ?? nil), let start { text += " SET START WITH \(start)" + (restart ? " RESTART" : "") }
        if cache != (current?.cache ?? nil) { text += " SET CACHE \(cache ?? 1)" }
        if (cycle ?? false) != (current?.cycle ?? false) { text += cycle == true ? " SET CYCLE" : " SET NO CYCLE" }
        return text
    }

    package var optionsSQL: String {
        var text = ""
        if let increment { text += " INCREMENT BY \(increment)" }
        if let minValue { text += " MINVALUE \(minValue)" }
        if let maxValue { text += " MAXVALUE \(maxValue)" }
        if let start { text += " START WITH \(start)" }
        if let cache { text += " CACHE \(cache)" }
        if cycle == true { text += " CYCLE" }
        return text
    }
}

/// A view or materialized view and its defining query.
package struct ViewInfo: Sendable, Hashable {
    /// The schema-qualified name.
    package var name: QualifiedName
    /// The defining query.
    package var definition: String
    /// A materialized view (stored, refreshed explicitly).
    package var isMaterialized: Bool
    /// A materialized view's storage parameters, as `pg_class.reloptions` keeps them, sorted.
    package var storage: [String] = []
    /// `COMMENT ON` text, if any.
    package var comment: String?
    package var selectsStar: Bool = false
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?
}

/// The name of a storage parameter kept as `name=value`: `fillfactor`, `toast.autovacuum_enabled`.
package func storageParameterName(_ parameter: String) -> String {
    String(parameter.split(separator: "=", maxSplits: 1).first ?? "")
}

/// A parameter of a function: `IN`, `OUT`, `INOUT`, `VARIADIC`, or a `RETURNS TABLE` column.
package struct FunctionParameter: Sendable, Hashable {
    package enum Mode: String, Sendable, Hashable {
        case `in` = "IN", out = "OUT", `inout` = "INOUT", variadic = "VARIADIC", table = "TABLE"
    }

    package var mode: Mode
    package var name: String?
    /// As `format_type` prints it.
    package var type: String
    package var defaultExpression: SQLExpression?

    package init(mode: Mode, name: String?, type: String, defaultExpression: SQLExpression? = nil) {
        self.mode = mode
        self.name = name
        self.type = type
        self.defaultExpression = defaultExpression
    }
}

/// What `CREATE FUNCTION` declares besides the name, result, language, volatility and body: read
/// alike from a file's statement and from `pg_proc`.
package struct FunctionTraits: Sendable, Hashable {
    /// Every parameter, in order, with its mode, name and default: what callers write and what
    /// the body refers to. Empty for a function known by its argument types alone.
    package var parameters: [FunctionParameter] = []
    /// `SECURITY DEFINER`: runs with its owner's privileges.
    package var securityDefiner = false
    /// `STRICT`: returns NULL without running when an argument is NULL.
    package var strict = false
    /// `LEAKPROOF`.
    package var leakproof = false
    /// `PARALLEL SAFE`, `RESTRICTED` or `UNSAFE` (the default).
    package var parallel: ParallelSafety = .unsafe
    /// `SET name TO value` clauses, as `name=value` the way `pg_proc.proconfig` stores them: the
    /// items of a list setting (``FunctionInfo/listSettings``) quoted as identifiers where needed.
    package var settings: [String] = []

    package init() {}
}

/// What a function promises about running in parallel workers.
package enum ParallelSafety: String, Sendable, Hashable {
    case safe, restricted, unsafe
}

/// A function or procedure, identified by its name and input argument types.
package struct FunctionInfo: Sendable, Hashable {
    /// The schema-qualified name.
    package var name: QualifiedName
    /// Input argument types, which with the name identify the function.
    package var argumentTypes: [String]
    /// The return type as `format_type` prints it.
    package var returnType: String
    /// `sql`, `plpgsql`, ...
    package var language: String
    /// What the planner may assume about repeated calls.
    package var volatility: Volatility
    /// The body text, for languages with one.
    package var body: String?
    /// A procedure (`CALL`) rather than a function.
    package var isProcedure: Bool = false
    /// Its parameters and the options declared with it.
    package var traits = FunctionTraits()
    /// `pg_get_functiondef` of a function read from a live catalog: the whole definition, which a
    /// proof compares; nil for one read from files.
    package var definition: String?
    /// `COMMENT ON` text, if any.
    package var comment: String?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?

    /// Settings whose value is a list (PostgreSQL's GUC_LIST_QUOTE): `proconfig` keeps their items
    /// quoted as identifiers and comma-separated.
    package static let listSettings: Set<String> = ["search_path", "temp_tablespaces", "session_preload_libraries", "local_preload_libraries"]

    /// Whether it is a trigger function.
    package var returnsTrigger: Bool { returnType == "trigger" }
    /// `public.touch_updated_at()`: the identity PostgreSQL uses (name and input argument types).
    package var signature: String { "\(name.schema).\(name.name)(\(argumentTypes.joined(separator: ", ")))" }
}

/// An installed extension and the schema that holds its objects.
package struct Extension: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    package var name: String
    /// The schema, e.g. `public`.
    package var schema: String
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    package var location: SourceLocation?
}
