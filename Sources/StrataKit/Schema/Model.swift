/// A schema-qualified object name, e.g. `public.orders`.
public struct QualifiedName: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var schema: String
    public var name: String

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
    public var name: String
    /// The type as `format_type` prints it, without array brackets: `character varying(255)`.
    public var type: String
    public var arrayDimensions: Int = 0
    public var isNotNull: Bool = false
    public var defaultExpression: SQLExpression?
    public var identity: Identity?
    /// The expression of a `GENERATED ALWAYS AS (...) STORED` column.
    public var generated: SQLExpression?
    public var collation: String?
    public var comment: String?
    public var location: SourceLocation?

    /// `integer[]`: the full type as a column definition writes it.
    public var fullType: String { type + String(repeating: "[]", count: arrayDimensions) }
}

/// A primary key constraint; it owns a unique index of the same name.
public struct PrimaryKey: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    public var include: [String] = []
    public var location: SourceLocation?
}

/// A foreign key constraint: the referencing columns, the referenced table and columns, its
/// actions, and whether it is validated (`NOT VALID` until `VALIDATE CONSTRAINT`).
public struct ForeignKey: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    public var referencedTable: QualifiedName
    public var referencedColumns: [String]
    public var onDelete: ForeignKeyAction = .noAction
    public var onUpdate: ForeignKeyAction = .noAction
    public var matchFull: Bool = false
    public var deferrable: Bool = false
    public var initiallyDeferred: Bool = false
    public var isValid: Bool = true
    public var location: SourceLocation?
}

/// A unique constraint; it owns a unique index of the same name.
public struct UniqueConstraint: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    public var include: [String] = []
    public var nullsNotDistinct: Bool = false
    public var deferrable: Bool = false
    public var initiallyDeferred: Bool = false
    public var location: SourceLocation?
}

/// A CHECK constraint, its expression in canonical form, and whether it is validated.
public struct CheckConstraint: Sendable, Hashable {
    public var name: String
    public var expression: SQLExpression
    public var isValid: Bool = true
    public var location: SourceLocation?
}

/// An EXCLUDE constraint (no two rows whose elements all match under their operators, e.g.
/// overlapping bookings of one room); it owns an index of its method.
public struct ExclusionConstraint: Sendable, Hashable {
    public var name: String
    public var method: IndexMethod
    /// `room WITH =`, `during WITH &&`.
    public var elements: [String]
    public var columns: [String]
    public var predicate: SQLExpression?
    public var location: SourceLocation?
}

/// A trigger on a table: when it fires, on which events, per row or per statement, and the
/// function it runs.
public struct Trigger: Sendable, Hashable {
    public var name: String
    public var function: QualifiedName
    public var timing: TriggerTiming
    /// In PostgreSQL's order: INSERT, UPDATE, DELETE, TRUNCATE.
    public var events: [TriggerEvent]
    public var updateColumns: [String] = []
    public var forEachRow: Bool
    public var location: SourceLocation?
}

/// A row-level security policy: the command and roles it applies to and its USING and WITH
/// CHECK expressions.
public struct Policy: Sendable, Hashable {
    public var name: String
    public var command: PolicyCommand
    public var permissive: Bool
    public var roles: [String]
    public var using: SQLExpression?
    public var withCheck: SQLExpression?
    public var location: SourceLocation?
}

/// Whether a table is WAL-logged (`permanent`), `unlogged` (lost on a crash), or temporary.
public enum Persistence: String, Sendable, Hashable {
    case permanent, unlogged, temporary
}

/// A table with everything that belongs to it: columns in order, constraints, triggers,
/// policies, partitioning and inheritance. Standalone indexes live in ``DatabaseSchema/indexes``.
public struct TableInfo: Sendable, Hashable {
    public var name: QualifiedName
    public var columns: [ColumnInfo] = []
    public var primaryKey: PrimaryKey?
    public var foreignKeys: [ForeignKey] = []
    public var uniqueConstraints: [UniqueConstraint] = []
    public var checkConstraints: [CheckConstraint] = []
    public var exclusionConstraints: [ExclusionConstraint] = []
    public var triggers: [Trigger] = []
    public var policies: [Policy] = []
    /// `RANGE (created_at)` for a partitioned table.
    public var partitionKey: String?
    public var partitionOf: QualifiedName?
    public var partitionBound: String?
    public var inherits: [QualifiedName] = []
    public var persistence: Persistence = .permanent
    public var rowLevelSecurity: Bool = false
    public var forceRowLevelSecurity: Bool = false
    public var comment: String?
    public var location: SourceLocation?

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
    public var column: String?
    public var expression: SQLExpression?
    public var opclass: String?
    public var collation: String?
    public var descending: Bool = false
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
    public var name: QualifiedName
    public var table: QualifiedName
    public var method: IndexMethod = .btree
    public var isUnique: Bool = false
    public var keys: [IndexKey]
    public var include: [String] = []
    public var predicate: SQLExpression?
    public var nullsNotDistinct: Bool = false
    public var isValid: Bool = true
    public var comment: String?
    public var location: SourceLocation?


    /// The key columns in order; nil for an expression key.
    public var keyColumns: [String?] { keys.map(\.column) }
}

/// An enum type and its labels in their sort order.
public struct EnumType: Sendable, Hashable {
    public var name: QualifiedName
    public var values: [String]
    public var comment: String?
    public var location: SourceLocation?
}

/// A domain: a base type with NOT NULL, a default and CHECK constraints.
public struct Domain: Sendable, Hashable {
    public var name: QualifiedName
    public var baseType: String
    public var isNotNull: Bool
    public var defaultExpression: SQLExpression?
    public var checks: [CheckConstraint]
    public var location: SourceLocation?
}

/// A sequence, with the column that owns it (serial and identity columns own theirs).
public struct SequenceInfo: Sendable, Hashable {
    public var name: QualifiedName
    public var dataType: String = "bigint"
    /// The column that owns it (serial and identity columns own theirs).
    public var ownedByTable: QualifiedName?
    public var ownedByColumn: String?
    public var location: SourceLocation?
}

/// A view or materialized view and its defining query.
public struct ViewInfo: Sendable, Hashable {
    public var name: QualifiedName
    public var definition: String
    public var isMaterialized: Bool
    public var comment: String?
    package var selectsStar: Bool = false
    public var location: SourceLocation?
}

/// A function or procedure, identified by its name and input argument types.
public struct FunctionInfo: Sendable, Hashable {
    public var name: QualifiedName
    public var argumentTypes: [String]
    public var returnType: String
    public var language: String
    public var volatility: Volatility
    public var body: String?
    public var isProcedure: Bool = false
    public var comment: String?
    public var location: SourceLocation?

    public var returnsTrigger: Bool { returnType == "trigger" }
    /// `public.touch_updated_at()`: the identity PostgreSQL uses (name and input argument types).
    public var signature: String { "\(name.schema).\(name.name)(\(argumentTypes.joined(separator: ", ")))" }
}

/// An installed extension and the schema that holds its objects.
public struct Extension: Sendable, Hashable {
    public var name: String
    public var schema: String
    public var location: SourceLocation?
}
