/// One SQL statement of a file, decoded from libpg_query's tree into Strata's own types.
package struct ParsedStatement: Sendable {
    package var kind: Statement
    /// Byte range in the file, from the first token to the end of the statement (no `;`).
    package var range: Range<Int>
    package var location: SourceLocation
    package var endLine: Int
}

/// A name as written in SQL, before search_path resolution.
package struct ObjectName: Sendable, Hashable, CustomStringConvertible {
    package var schema: String?
    package var name: String

    package init(schema: String? = nil, name: String) {
        self.schema = schema
        self.name = name
    }

    package var description: String { schema.map { "\($0).\(name)" } ?? name }
    /// The name as SQL writes it, each part quoted where needed.
    package var sql: String { (schema.map { quoteIdentifierIfNeeded($0) + "." } ?? "") + quoteIdentifierIfNeeded(name) }
}

/// What Strata knows of a statement. Statement kinds that change nothing Strata models
/// are kept as `.other` with libpg_query's node name, so they are recorded, not fatal.
package enum Statement: Sendable {
    case createTable(CreateTableStatement)
    case alterTable(AlterTableStatement)
    case createIndex(CreateIndexStatement)
    case drop(DropStatement)
    case rename(RenameStatement)
    case setSchema(SetSchemaStatement)
    case createEnum(name: ObjectName, values: [String])
    case alterEnum(AlterEnumStatement)
    case createDomain(CreateDomainStatement)
    case alterDomain(AlterDomainStatement)
    case dropDatabase(name: String)
    case createSequence(CreateSequenceStatement)
    case alterSequence(name: ObjectName, ownedBy: [String]?, dataType: String?, options: SequenceOptions)
    case createView(CreateViewStatement)
    case createFunction(CreateFunctionStatement)
    case createTrigger(CreateTriggerStatement)
    case createExtension(name: String, schema: String?, ifNotExists: Bool)
    case comment(CommentStatement)
    case createSchema(name: String, ifNotExists: Bool, elements: [Statement])
    case setSearchPath([String])
    /// `SET [LOCAL] name = value` for any other setting (lock_timeout, statement_timeout, ...).
    case setting(name: String, values: [String])
    case createPolicy(CreatePolicyStatement)
    case transaction(TransactionKind)
    case dataChange(DataChangeStatement)
    case maintenance(MaintenanceStatement)
    case truncate(tables: [ObjectName], cascade: Bool)
    /// A query (SELECT, VALUES): read-only, nothing to model.
    case select
    case other(String)
}

package enum TransactionKind: String, Sendable {
    case begin, commit, rollback, savepoint, release, rollbackTo, prepare, commitPrepared, rollbackPrepared
}

/// INSERT, UPDATE, DELETE: enough to judge batching and mixing with DDL.
package struct DataChangeStatement: Sendable {
    package enum Verb: String, Sendable { case insert, update, delete, copy }
    package var verb: Verb
    package var table: ObjectName
    package var hasWhere: Bool
}

/// VACUUM, CLUSTER, REINDEX.
package struct MaintenanceStatement: Sendable {
    package enum Verb: String, Sendable { case vacuum, vacuumFull, analyze, cluster, reindex }
    package var verb: Verb
    package var tables: [ObjectName]
    package var concurrently: Bool
}

/// A SQL expression: the text as PostgreSQL's deparser prints it, plus the facts the rules need.
package struct SQLExpression: Sendable, Hashable, CustomStringConvertible {
    package var text: String
    /// Column names the expression reads, in first-use order, without duplicates.
    package var referencedColumns: [String] = []
    /// Names of functions it calls, lowercased (`now`, `gen_random_uuid`, `current_timestamp`).
    package var functionNames: [String] = []
    /// `col IN ('a', 'b')` or `col = ANY (ARRAY[...])`: the column and the listed values.
    package var inList: InList?
    /// `col IS NOT NULL`.
    package var notNullColumn: String?
    /// The expression is a plain literal (possibly cast): `0`, `'x'::text`, `true`.
    package var isConstant = false

    package struct InList: Sendable, Hashable {
        package var column: String
        package var values: [String]
    }

    package init(text: String) { self.text = text }

    package var description: String { text }

    /// The expression after `ALTER TABLE ... RENAME COLUMN old TO new`: the column's name as a
    /// whole identifier (outside string literals and quoted names of other things) is replaced.
    package func renamingColumn(_ old: String, to new: String) -> SQLExpression {
        guard referencedColumns.contains(old) || text.contains(old) else { return self }
        var copy = self
        var result = "", word = "", inString = false, inQuoted = false
        func flush() {
            result += word == old ? quoteIdentifierIfNeeded(new) : word
            word = ""
        }
        for character in text {
            if inString {
                result.append(character)
                if character == "'" { inString = false }
            } else if inQuoted {
                word.append(character)
                if character == "\"" {
                    inQuoted = false
                    if word == quoteIdentifierIfNeeded(old), word.hasPrefix("\"") { word = quoteIdentifierIfNeeded(new) }
                    result += word
                    word = ""
                }
            } else if character == "'" {
                flush(); inString = true; result.append(character)
            } else if character == "\"" {
                flush(); inQuoted = true; word.append(character)
            } else if character.isLetter || character.isNumber || character == "_" || character == "$" {
                word.append(character)
            } else {
                flush(); result.append(character)
            }
        }
        flush()
        copy.text = result
        copy.referencedColumns = referencedColumns.map { $0 == old ? new : $0 }
        return copy
    }

    package static func == (lhs: SQLExpression, rhs: SQLExpression) -> Bool { lhs.text == rhs.text }
    package func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// A column type as `format_type` prints it: `integer`, `character varying(255)`, `timestamp with time zone`.
package struct TypeReference: Sendable, Hashable {
    package var schema: String?
    package var name: String
    package var arrayDimensions: Int
    package var serial: SerialKind?

    package enum SerialKind: String, Sendable {
        case smallserial, serial, bigserial
        package var underlyingType: String {
            switch self {
            case .smallserial: "smallint"
            case .serial: "integer"
            case .bigserial: "bigint"
            }
        }
    }
}

package struct ColumnDefinition: Sendable {
    package var name: String
    package var type: TypeReference?
    package var isNotNull = false
    package var defaultExpression: SQLExpression?
    package var identity: Identity?
    package var generated: SQLExpression?
    package var collation: String?
    /// PRIMARY KEY, UNIQUE, CHECK, REFERENCES written on the column.
    package var constraints: [ConstraintDefinition] = []
    /// `GENERATED ... AS IDENTITY (INCREMENT BY 10 CACHE 20)`: the identity sequence's options.
    package var identityOptions: SequenceOptions? = nil
    package var location: SourceLocation
}

package struct ConstraintDefinition: Sendable {
    package enum Kind: Sendable {
        case primaryKey
        case unique
        case check(SQLExpression)
        case foreignKey(table: ObjectName, columns: [String], onDelete: ForeignKeyAction, onUpdate: ForeignKeyAction, match: String)
        case exclusion(method: IndexMethod, elements: [ExclusionElement], predicate: SQLExpression?)
        case notNull, null, defaultValue(SQLExpression), identity(Identity), generated(SQLExpression)
    }

    package struct ExclusionElement: Sendable, Hashable {
        package var key: IndexKeyDefinition
        package var `operator`: String
    }

    package var kind: Kind
    package var name: String?
    package var columns: [String]
    package var include: [String] = []
    package var deferrable = false
    package var initiallyDeferred = false
    package var notValid = false
    package var usingIndex: String?
    package var nullsNotDistinct = false
    package var location: SourceLocation
}

/// One key of an index: a column or an expression, with its ordering and operator class.
package struct IndexKeyDefinition: Sendable, Hashable {
    package var column: String?
    package var expression: SQLExpression?
    package var opclass: String?
    package var collation: String?
    package var descending = false
    package var nullsFirst: Bool?
    /// The name PostgreSQL derives from this key for implicit index names (`FigureIndexColname`).
    package var nameComponent: String
}

package struct CreateTableStatement: Sendable {
    package var name: ObjectName
    package var columns: [ColumnDefinition]
    package var constraints: [ConstraintDefinition]
    package var inherits: [ObjectName]
    package var partitionBy: PartitionSpecDefinition?
    package var partitionOf: (parent: ObjectName, bound: String)?
    package var likeTables: [ObjectName]
    package var ifNotExists: Bool
    package var isUnlogged: Bool
    package var isTemporary: Bool
    /// CREATE TABLE ... AS / SELECT INTO: columns are not known without running the query.
    package var isCreateTableAs = false
    package var storage: [String] = []
}

package struct PartitionSpecDefinition: Sendable {
    package var strategy: String
    package var keys: [String]
}

package struct AlterTableStatement: Sendable {
    package var table: ObjectName
    package var isIndex: Bool
    package var ifExists: Bool
    package var only: Bool
    package var commands: [AlterTableCommand]
}

package enum AlterTableCommand: Sendable {
    case addColumn(ColumnDefinition, ifNotExists: Bool)
    case dropColumn(String, ifExists: Bool, cascade: Bool)
    case alterColumnType(String, TypeReference, collation: String?, using: SQLExpression?)
    case setDefault(String, SQLExpression?)
    case setNotNull(String)
    case dropNotNull(String)
    case addConstraint(ConstraintDefinition)
    case dropConstraint(String, ifExists: Bool, cascade: Bool)
    case validateConstraint(String)
    case addIdentity(String, Identity)
    case dropIdentity(String, ifExists: Bool)
    case dropExpression(String)
    case rowLevelSecurity(enabled: Bool)
    case forceRowLevelSecurity(Bool)
    case attachPartition(ObjectName, bound: String)
    case detachPartition(ObjectName, concurrently: Bool)
    case setLogged(Bool)
    /// `SET (fillfactor = 70)`: storage parameters as `name=value`.
    case setStorage([String])
    /// `RESET (fillfactor)`: the parameters' names.
    case resetStorage([String])
    case other(String)
}

package struct CreateIndexStatement: Sendable {
    package var name: String?
    package var table: ObjectName
    package var method: IndexMethod
    package var isUnique: Bool
    package var keys: [IndexKeyDefinition]
    package var include: [String]
    package var predicate: SQLExpression?
    package var concurrently: Bool
    package var ifNotExists: Bool
    package var nullsNotDistinct: Bool
    package var only: Bool
    package var storage: [String] = []
}

package struct DropStatement: Sendable {
    package enum ObjectKind: String, Sendable {
        case table, index, view, materializedView, sequence, type, domain, function, procedure, trigger, `extension`, schema, policy, other
    }
    package var objectKind: ObjectKind
    /// For triggers and policies: `ObjectName` of the table plus the object name in `member`.
    package var objects: [(name: ObjectName, member: String?)]
    package var cascade: Bool
    package var ifExists: Bool
    package var concurrently: Bool
}

package struct RenameStatement: Sendable {
    package enum Target: Sendable {
        case table(ObjectName), view(ObjectName), index(ObjectName), sequence(ObjectName)
        case column(table: ObjectName, from: String)
        case constraint(table: ObjectName, from: String)
        case trigger(table: ObjectName, from: String)
        case type(ObjectName), domain(ObjectName), schema(String)
        case enumValue(type: ObjectName, from: String)
        case other(String)
    }
    package var target: Target
    package var newName: String
    package var ifExists: Bool
}

package struct SetSchemaStatement: Sendable {
    package var objectKind: DropStatement.ObjectKind
    package var name: ObjectName
    package var newSchema: String
}

package struct AlterEnumStatement: Sendable {
    package var type: ObjectName
    package var newValue: String
    package var neighbor: String?
    package var after: Bool
    package var ifNotExists: Bool
}

package struct CreateDomainStatement: Sendable {
    package var name: ObjectName
    package var type: TypeReference
    package var isNotNull: Bool
    package var defaultExpression: SQLExpression?
    package var checks: [(name: String?, expression: SQLExpression)]
}

/// ALTER DOMAIN: the forms that change what the model holds.
package struct AlterDomainStatement: Sendable {
    package enum Action: Sendable {
        case addConstraint(ConstraintDefinition)
        case dropConstraint(String)
        case validateConstraint(String)
        case setNotNull, dropNotNull
        case other
    }
    package var name: ObjectName
    package var action: Action
}

package struct CreateSequenceStatement: Sendable {
    package var name: ObjectName
    package var dataType: String?
    package var ownedBy: [String]?
    package var ifNotExists: Bool
    package var options = SequenceOptions()
}

/// The numeric options of CREATE and ALTER SEQUENCE that were written (nil: not mentioned;
/// `.some(nil)` for NO MINVALUE / NO MAXVALUE).
package struct SequenceOptions: Sendable {
    package var increment: Int64?
    package var start: Int64?
    package var minValue: Int64??
    package var maxValue: Int64??
    package var cache: Int64?
    package var cycle: Bool?
}

package struct CreateViewStatement: Sendable {
    package var name: ObjectName
    package var definition: String
    package var isMaterialized: Bool
    package var orReplace: Bool
    package var selectsStar: Bool
    package var ifNotExists: Bool
    package var storage: [String] = []
}

package struct CreateFunctionStatement: Sendable {
    package var name: ObjectName
    package var argumentTypes: [String]
    package var returnType: String
    package var language: String
    package var volatility: Volatility
    package var body: String?
    package var isProcedure: Bool
    package var orReplace: Bool
    package var traits = FunctionTraits()
}

package struct CreateTriggerStatement: Sendable {
    package var name: String
    package var table: ObjectName
    package var function: ObjectName
    package var timing: TriggerTiming
    package var events: [TriggerEvent]
    package var updateColumns: [String]
    package var forEachRow: Bool
    package var orReplace: Bool
    package var when: SQLExpression? = nil
    package var arguments: [String] = []
}

package struct CommentStatement: Sendable {
    package enum Target: Sendable {
        case table(ObjectName), column(table: ObjectName, column: String), index(ObjectName), view(ObjectName)
        case type(ObjectName), function(ObjectName), schema(String), constraint(table: ObjectName, name: String)
        case other
    }
    package var target: Target
    /// nil for `COMMENT ... IS NULL`, which removes the comment.
    package var text: String?
}

package struct CreatePolicyStatement: Sendable {
    package var name: String
    package var table: ObjectName
    package var command: PolicyCommand
    package var permissive: Bool
    package var roles: [String]
    package var using: SQLExpression?
    package var withCheck: SQLExpression?
}

extension AlterTableCommand {
    /// The column a column-level command changes (type, default, NOT NULL).
    package var columnName: String? {
        switch self {
        case .alterColumnType(let column, _, _, _), .setDefault(let column, _), .setNotNull(let column), .dropNotNull(let column): column
        default: nil
        }
    }
}
