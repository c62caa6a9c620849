/// A schema-qualified object name, e.g. `public.orders`.
public struct QualifiedName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The schema, e.g. `public`.
    public var schema: String
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    public var name: String

    /// A name in a schema.
    public init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }

    public static func < (lhs: QualifiedName, rhs: QualifiedName) -> Bool {
        (lhs.schema, lhs.name) < (rhs.schema, rhs.name)
    }

    /// `orders` in public, `app.orders` elsewhere; quoted where SQL needs quotes.
    public var description: String {
        schema == "public" ? quoteIdentifierIfNeeded(name) : "\(quoteIdentifierIfNeeded(schema)).\(quoteIdentifierIfNeeded(name))"
    }

    /// Always schema-qualified and quoted where needed: safe to paste into generated SQL.
    public var sql: String { "\(quoteIdentifierIfNeeded(schema)).\(quoteIdentifierIfNeeded(name))" }
}

/// `GENERATED ALWAYS AS IDENTITY` (the database alone assigns values) or `BY DEFAULT` (an
/// explicit value is accepted).
public enum Identity: String, Sendable, Hashable {
    case always = "ALWAYS"
    case byDefault = "BY DEFAULT"
}

/// What a foreign key does to referencing rows when the referenced row is deleted or its key updated.
public enum ForeignKeyAction: String, Sendable, Hashable {
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
public struct ColumnInfo: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    public var name: String
    /// The type as `format_type` prints it, without array brackets: `character varying(255)`.
    public var type: String
    /// Array dimensions: 1 for `integer[]`.
    public var arrayDimensions: Int = 0
    /// `NOT NULL`.
    public var isNotNull: Bool = false
    /// The `DEFAULT` expression in canonical form.
    public var defaultExpression: SQLExpression?
    /// `GENERATED ... AS IDENTITY`, if the column is an identity.
    public var identity: Identity?
    /// The expression of a `GENERATED ALWAYS AS (...) STORED` column.
    public var generated: SQLExpression?
    /// An explicit `COLLATE`, if any.
    public var collation: String?
    /// `COMMENT ON` text, if any.
    public var comment: String?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?

    /// `integer[]`: the full type as a column definition writes it.
    public var fullType: String { type + String(repeating: "[]", count: arrayDimensions) }
}

/// A primary key constraint; it owns a unique index of the same name.
public struct PrimaryKey: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    public var name: String
    /// The key columns, in order.
    public var columns: [String]
    /// `INCLUDE` columns: stored in the index, not part of the key.
    public var include: [String] = []
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?
}

/// A foreign key constraint: the referencing columns, the referenced table and columns, its
/// actions, and whether it is validated (`NOT VALID` until `VALIDATE CONSTRAINT`).
public struct ForeignKey: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    public var name: String
    /// The key columns, in order.
    public var columns: [String]
    /// The table referenced.
    public var referencedTable: QualifiedName
    /// The referenced key columns, in the order of `columns`.
    public var referencedColumns: [String]
    /// What happens to referencing rows when the referenced row is deleted.
    public var onDelete: ForeignKeyAction = .noAction
    /// What happens to referencing rows when the referenced key changes.
    public var onUpdate: ForeignKeyAction = .noAction
    /// `MATCH FULL`: all key columns NULL, or none.
    public var matchFull: Bool = false
    /// `DEFERRABLE`: the check may be postponed to commit.
    public var deferrable: Bool = false
    /// `INITIALLY DEFERRED`: checked at commit unless set otherwise.
    public var initiallyDeferred: Bool = false
    /// False while `NOT VALID` (constraints) or after a failed concurrent build (indexes).
    public var isValid: Bool = true
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?
}

/// A unique constraint; it owns a unique index of the same name.
public struct UniqueConstraint: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    public var name: String
    /// The key columns, in order.
    public var columns: [String]
    /// `INCLUDE` columns: stored in the index, not part of the key.
    public var include: [String] = []
    /// `NULLS NOT DISTINCT` (PostgreSQL 15): NULLs collide like values.
    public var nullsNotDistinct: Bool = false
    /// `DEFERRABLE`: the check may be postponed to commit.
    public var deferrable: Bool = false
    /// `INITIALLY DEFERRED`: checked at commit unless set otherwise.
    public var initiallyDeferred: Bool = false
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?
}

/// A CHECK constraint, its expression in canonical form, and whether it is validated.
public struct CheckConstraint: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    public var name: String
    /// The CHECK expression in canonical form.
    public var expression: SQLExpression
    /// False while `NOT VALID` (constraints) or after a failed concurrent build (indexes).
    public var isValid: Bool = true
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?
}

/// An EXCLUDE constraint (no two rows whose elements all match under their operators, e.g.
/// overlapping bookings of one room); it owns an index of its method.
public struct ExclusionConstraint: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    public var name: String
    /// The index method enforcing the exclusion (usually gist).
    public var method: IndexMethod
    /// `room WITH =`, `during WITH &&`.
    public var elements: [String]
    /// The key columns, in order.
    public var columns: [String]
    /// The `WHERE` of a partial index or exclusion constraint.
    public var predicate: SQLExpression?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?
}

/// A trigger on a table: when it fires, on which events, per row or per statement, and the
/// function it runs.
public struct Trigger: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    public var name: String
    /// The trigger function.
    public var function: QualifiedName
    /// Before, after or instead of the operation.
    public var timing: TriggerTiming
    /// In PostgreSQL's order: INSERT, UPDATE, DELETE, TRUNCATE.
    public var events: [TriggerEvent]
    /// `UPDATE OF` columns: the trigger fires only when one of them is set.
    public var updateColumns: [String] = []
    /// `FOR EACH ROW` (true) or `FOR EACH STATEMENT`.
    public var forEachRow: Bool
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?
}

/// A row-level security policy: the command and roles it applies to and its USING and WITH
/// CHECK expressions.
public struct Policy: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    public var name: String
    /// The command it applies to.
    public var command: PolicyCommand
    /// Permissive policies are OR-ed; restrictive ones AND-ed with them.
    public var permissive: Bool
    /// The roles it applies to (`public` for all).
    public var roles: [String]
    /// The `USING` expression rows must satisfy to be visible.
    public var using: SQLExpression?
    /// The `WITH CHECK` expression rows written must satisfy.
    public var withCheck: SQLExpression?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?
}

/// Whether a table is WAL-logged (`permanent`), `unlogged` (lost on a crash), or temporary.
public enum Persistence: String, Sendable, Hashable {
    case permanent, unlogged, temporary
}

/// A table with everything that belongs to it: columns in order, constraints, triggers,
/// policies, partitioning and inheritance. Standalone indexes live in ``DatabaseSchema/indexes``.
public struct TableInfo: Sendable, Hashable {
    /// The schema-qualified name.
    public var name: QualifiedName
    /// Columns in their order.
    public var columns: [ColumnInfo] = []
    /// The primary key, if any.
    public var primaryKey: PrimaryKey?
    /// Foreign keys of the table.
    public var foreignKeys: [ForeignKey] = []
    /// Unique constraints (each owns a unique index).
    public var uniqueConstraints: [UniqueConstraint] = []
    /// CHECK constraints.
    public var checkConstraints: [CheckConstraint] = []
    /// Exclusion constraints.
    public var exclusionConstraints: [ExclusionConstraint] = []
    /// Triggers on the table.
    public var triggers: [Trigger] = []
    /// Row-level security policies.
    public var policies: [Policy] = []
    /// `RANGE (created_at)` for a partitioned table.
    public var partitionKey: String?
    /// The partitioned parent, for a partition.
    public var partitionOf: QualifiedName?
    /// `FOR VALUES ...` of a partition.
    public var partitionBound: String?
    /// Parents of table inheritance (`INHERITS`).
    public var inherits: [QualifiedName] = []
    /// Permanent, unlogged or temporary.
    public var persistence: Persistence = .permanent
    /// `ENABLE ROW LEVEL SECURITY`.
    public var rowLevelSecurity: Bool = false
    /// `FORCE ROW LEVEL SECURITY`: policies apply to the owner too.
    public var forceRowLevelSecurity: Bool = false
    /// `COMMENT ON` text, if any.
    public var comment: String?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?

    /// An empty table with this name.
    public init(name: QualifiedName) { self.name = name }


    public func column(named name: String) -> ColumnInfo? { columns.first { $0.name == name } }
    public func columnIndex(named name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// Names of every constraint of the table.
    public var constraintNames: [String] {
        (primaryKey.map { [$0.name] } ?? []) + foreignKeys.map(\.name) + uniqueConstraints.map(\.name)
            + checkConstraints.map(\.name) + exclusionConstraints.map(\.name)
    }

    /// Constraint-backed indexes: the primary key, unique and exclusion constraints own an index of the same name.
    public var constraintIndexNames: [String] {
        (primaryKey.map { [$0.name] } ?? []) + uniqueConstraints.map(\.name) + exclusionConstraints.map(\.name)
    }
}

/// One key of an index: a column or an expression, with its collation, operator class, order
/// and null placement.
public struct IndexKey: Sendable, Hashable {
    /// A column key; nil for an expression.
    public var column: String?
    /// An expression key (`lower(email)`); nil for a column.
    public var expression: SQLExpression?
    /// An explicit operator class (`text_pattern_ops`), if any.
    public var opclass: String?
    /// An explicit `COLLATE`, if any.
    public var collation: String?
    /// `DESC`.
    public var descending: Bool = false
    /// An explicit `NULLS FIRST` (true) or `NULLS LAST` (false).
    public var nullsFirst: Bool?

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
    public var sql: String {
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
public struct IndexInfo: Sendable, Hashable {
    /// The schema-qualified name.
    public var name: QualifiedName
    /// The table the index is on.
    public var table: QualifiedName
    /// The access method.
    public var method: IndexMethod = .btree
    /// A unique index.
    public var isUnique: Bool = false
    /// The key columns and expressions, in order.
    public var keys: [IndexKey]
    /// `INCLUDE` columns: stored in the index, not part of the key.
    public var include: [String] = []
    /// The `WHERE` of a partial index or exclusion constraint.
    public var predicate: SQLExpression?
    /// `NULLS NOT DISTINCT` (PostgreSQL 15): NULLs collide like values.
    public var nullsNotDistinct: Bool = false
    /// False while `NOT VALID` (constraints) or after a failed concurrent build (indexes).
    public var isValid: Bool = true
    /// `COMMENT ON` text, if any.
    public var comment: String?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?


    /// The key columns in order; nil for an expression key.
    public var keyColumns: [String?] { keys.map(\.column) }
}

/// An enum type and its labels in their sort order.
public struct EnumType: Sendable, Hashable {
    /// The schema-qualified name.
    public var name: QualifiedName
    /// The labels in their sort order.
    public var values: [String]
    /// `COMMENT ON` text, if any.
    public var comment: String?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?
}

/// A domain: a base type with NOT NULL, a default and CHECK constraints.
public struct Domain: Sendable, Hashable {
    /// The schema-qualified name.
    public var name: QualifiedName
    /// The underlying type.
    public var baseType: String
    /// `NOT NULL` on the domain.
    public var isNotNull: Bool
    /// The `DEFAULT` expression in canonical form.
    public var defaultExpression: SQLExpression?
    /// The domain's CHECK constraints.
    public var checks: [CheckConstraint]
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?
}

/// A sequence, with the column that owns it (serial and identity columns own theirs).
public struct SequenceInfo: Sendable, Hashable {
    /// The schema-qualified name.
    public var name: QualifiedName
    /// The sequence's type (`AS integer`, ...).
    public var dataType: String = "bigint"
    /// The column that owns it (serial and identity columns own theirs).
    public var ownedByTable: QualifiedName?
    /// The owning column's name.
    public var ownedByColumn: String?
    /// `INCREMENT BY`, `START WITH`, `MINVALUE`, `MAXVALUE`, `CACHE`, `CYCLE`: nil where the value
    /// is the default for the type and direction (see ``normalizingOptions()``).
    public var increment: Int64?
    public var start: Int64?
    public var minValue: Int64?
    public var maxValue: Int64?
    public var cache: Int64?
    public var cycle: Bool?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?

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
    public func normalizingOptions() -> SequenceInfo {
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
    public var optionsSQL: String {
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
public struct ViewInfo: Sendable, Hashable {
    /// The schema-qualified name.
    public var name: QualifiedName
    /// The defining query.
    public var definition: String
    /// A materialized view (stored, refreshed explicitly).
    public var isMaterialized: Bool
    /// `COMMENT ON` text, if any.
    public var comment: String?
    package var selectsStar: Bool = false
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?
}

/// A function or procedure, identified by its name and input argument types.
public struct FunctionInfo: Sendable, Hashable {
    /// The schema-qualified name.
    public var name: QualifiedName
    /// Input argument types, which with the name identify the function.
    public var argumentTypes: [String]
    /// The return type as `format_type` prints it.
    public var returnType: String
    /// `sql`, `plpgsql`, ...
    public var language: String
    /// What the planner may assume about repeated calls.
    public var volatility: Volatility
    /// The body text, for languages with one.
    public var body: String?
    /// A procedure (`CALL`) rather than a function.
    public var isProcedure: Bool = false
    /// `COMMENT ON` text, if any.
    public var comment: String?
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?

    /// Whether it is a trigger function.
    public var returnsTrigger: Bool { returnType == "trigger" }
    /// `public.touch_updated_at()`: the identity PostgreSQL uses (name and input argument types).
    public var signature: String { "\(name.schema).\(name.name)(\(argumentTypes.joined(separator: ", ")))" }
}

/// An installed extension and the schema that holds its objects.
public struct Extension: Sendable, Hashable {
    /// The name as PostgreSQL stores it (case preserved, unquoted).
    public var name: String
    /// The schema, e.g. `public`.
    public var schema: String
    /// Where it was declared in a SQL file; nil when read from a live catalog.
    public var location: SourceLocation?
}
