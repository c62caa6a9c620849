import Foundation

extension Statement {
    /// What PostgreSQL refuses to run inside a transaction block ("cannot run inside a transaction
    /// block", SQLSTATE 25001), named as a user would write it; nil for everything else. One list
    /// for the rule that flags it (concurrent-index-in-transaction) and the runner that must run it bare.
    package var transactionBlockRefusal: String? {
        switch self {
        case .createIndex(let create) where create.concurrently: "CREATE INDEX CONCURRENTLY"
        case .drop(let drop) where drop.concurrently: "DROP INDEX CONCURRENTLY"
        case .maintenance(let maintenance) where maintenance.concurrently: "REINDEX CONCURRENTLY"
        case .maintenance(let maintenance) where maintenance.verb == .vacuumFull || maintenance.verb == .vacuum: "VACUUM"
        case .alterTable(let alter) where alter.commands.contains(where: { if case .detachPartition(_, true) = $0 { true } else { false } }):
            "DETACH PARTITION CONCURRENTLY"
        case .dropDatabase: "DROP DATABASE"
        case .other("CreatedbStmt"): "CREATE DATABASE"
        case .other("AlterSystemStmt"): "ALTER SYSTEM"
        case .other("CreateTableSpaceStmt"): "CREATE TABLESPACE"
        case .other("DropTableSpaceStmt"): "DROP TABLESPACE"
        default: nil
        }
    }
}

/// Which lock a statement takes on which pre-existing table, from `LockFacts`.
package enum LockAnalysis {
    package struct Lock: Sendable {
        package var table: QualifiedName
        package var fact: LockFact
    }

    /// Locks on tables that existed before the migration (new tables are empty and private).
    package static func locks(of statement: Statement, in context: borrowing MigrationStatement) -> [Lock] {
        func on(_ name: ObjectName, _ fact: LockFact) -> [Lock] {
            guard let table = context.existingTable(name) else { return [] }
            return [Lock(table: table.name, fact: fact)]
        }
        switch statement {
        case .createIndex(let create):
            return on(create.table, create.concurrently ? LockFacts.createIndexConcurrently : LockFacts.createIndex)
        case .drop(let drop) where drop.objectKind == .index:
            let fact = drop.concurrently ? LockFacts.dropIndexConcurrently : LockFacts.dropIndex
            return drop.objects.flatMap { object -> [Lock] in
                guard let index = context.index(object.name) else {
                    // Unknown index (no history): its table is assumed to be live.
                    return [Lock(table: context.interpreter.qualifyForCreation(ObjectName(schema: object.name.schema, name: "(table of \(object.name.name))")), fact: fact)]
                }
                return context.isExisting(index.table) ? [Lock(table: index.table, fact: fact)] : []
            }
        case .drop(let drop) where drop.objectKind == .table:
            return drop.objects.flatMap { on($0.name, LockFacts.dropTable) }
        case .drop(let drop) where drop.objectKind == .trigger:
            return drop.objects.flatMap { on($0.name, LockFacts.dropTrigger) }
        case .alterTable(let alter):
            guard let table = context.existingTable(alter.table) else { return [] }
            return alter.commands.map { Lock(table: table.name, fact: fact(of: $0, on: table, context: context)) }
        case .rename(let rename):
            switch rename.target {
            case .table(let name): return on(name, LockFacts.renameTable)
            case .column(let table, _): return on(table, LockFacts.renameColumn)
            default: return []
            }
        case .truncate(let tables, _):
            return tables.flatMap { on($0, LockFacts.truncate) }
        case .maintenance(let maintenance):
            let fact: LockFact = switch maintenance.verb {
            case .vacuumFull: LockFacts.vacuumFull
            case .cluster: LockFacts.cluster
            case .reindex: maintenance.concurrently ? LockFacts.reindexConcurrently : LockFacts.reindex
            case .vacuum, .analyze: LockFact(lock: .shareUpdateExclusive, measuredCase: "analyze")
            }
            return maintenance.tables.flatMap { on($0, fact) }
        case .createTrigger(let create):
            return on(create.table, LockFacts.createTrigger)
        case .createPolicy(let create):
            return on(create.table, LockFacts.createPolicy)
        case .dataChange(let change):
            return on(change.table, LockFacts.dataChange)
        default:
            return []
        }
    }

    /// Locks a statement takes on the tables its new foreign keys reference (when they existed
    /// before the migration): SHARE ROW EXCLUSIVE, which blocks their writes while it is held.
    package static func referencedTableLocks(of statement: Statement, in context: borrowing MigrationStatement) -> [Lock] {
        func references(_ constraints: [ConstraintDefinition]) -> [ObjectName] {
            constraints.compactMap { if case .foreignKey(let table, _, _, _, _) = $0.kind { table } else { nil } }
        }
        var referenced: [ObjectName] = []
        switch statement {
        case .createTable(let create):
            referenced = references(create.constraints) + create.columns.flatMap { references($0.constraints) }
        case .alterTable(let alter) where !alter.isIndex:
            for command in alter.commands {
                switch command {
                case .addColumn(let column, _): referenced += references(column.constraints)
                case .addConstraint(let constraint): referenced += references([constraint])
                default: break
                }
            }
        default: break
        }
        var seen: Set<QualifiedName> = []
        return referenced.compactMap { name in
            guard let table = context.existingTable(name), seen.insert(table.name).inserted else { return nil }
            return Lock(table: table.name, fact: LockFacts.referencedByForeignKey)
        }
    }

    static func fact(of command: AlterTableCommand, on table: TableInfo, context: borrowing MigrationStatement) -> LockFact {
        switch command {
        case .addColumn(let column, _):
            if column.type?.serial != nil { return LockFacts.addColumnSerial }
            if column.identity != nil { return LockFacts.addColumnIdentity }
            if column.generated != nil { return LockFacts.addColumnGeneratedStored }
            if let value = column.defaultExpression, isVolatile(value) { return LockFacts.addColumnVolatileDefault }
            if column.isNotNull && column.defaultExpression == nil { return LockFacts.addColumnNotNullNoDefault }
            return column.defaultExpression == nil ? LockFacts.addColumnNullable : LockFacts.addColumnConstantDefault
        case .dropColumn: return LockFacts.dropColumn
        case .alterColumnType(let name, let type, _, _):
            guard let column = table.column(named: name) else { return LockFacts.alterTypeRewrite }
            return TypeChange.rewrites(from: column, to: type) ? LockFacts.alterTypeRewrite : LockFacts.alterTypeNoRewrite
        case .setDefault: return LockFacts.setDefault
        case .setNotNull(let name):
            var fact = LockFacts.setNotNull
            if hasValidatedNotNullCheck(table, column: name) { fact.scans = false; fact.measuredCase = "set_not_null_with_valid_check" }
            return fact
        case .dropNotNull: return LockFacts.dropNotNull
        case .addConstraint(let constraint):
            switch constraint.kind {
            case .foreignKey: return constraint.notValid ? LockFacts.addForeignKeyNotValid : LockFacts.addForeignKey
            case .check: return constraint.notValid ? LockFacts.addCheckNotValid : LockFacts.addCheck
            case .unique: return constraint.usingIndex == nil ? LockFacts.addUnique : LockFacts.addUniqueUsingIndex
            case .primaryKey: return constraint.usingIndex == nil ? LockFacts.addPrimaryKey : LockFacts.addUniqueUsingIndex
            case .exclusion: return LockFacts.addExclusion
            default: return LockFacts.otherAlterTable
            }
        case .dropConstraint: return LockFacts.dropConstraint
        case .validateConstraint: return LockFacts.validateConstraint
        case .rowLevelSecurity, .forceRowLevelSecurity: return LockFacts.enableRowLevelSecurity
        case .attachPartition: return LockFacts.attachPartition
        case .detachPartition: return LockFacts.detachPartition
        case .setLogged: return LockFacts.setLogged
        case .addIdentity: return LockFacts.otherAlterTable
        default: return LockFacts.otherAlterTable
        }
    }

    package static func isVolatile(_ expression: SQLExpression) -> Bool {
        expression.functionNames.contains { LockFacts.volatileFunctions.contains($0) }
    }

    /// A validated `CHECK (col IS NOT NULL)` lets SET NOT NULL skip its scan.
    package static func hasValidatedNotNullCheck(_ table: TableInfo, column: String) -> Bool {
        table.checkConstraints.contains { $0.isValid && $0.expression.notNullColumn == column }
    }
}

/// Whether `ALTER COLUMN ... TYPE` rewrites the table (measured on PostgreSQL 15).
package enum TypeChange {
    package static func rewrites(from column: ColumnInfo, to new: TypeReference) -> Bool {
        guard column.arrayDimensions == new.arrayDimensions else { return true }
        let old = column.type, target = new.name
        if old == target { return false }
        let (oldBase, oldArgs) = split(old), (newBase, newArgs) = split(target)
        switch (oldBase, newBase) {
        case ("character varying", "character varying"):
            // Widening or dropping the limit: no rewrite. Shrinking: rewrite (values are checked).
            guard let newLength = newArgs.first else { return false }
            guard let oldLength = oldArgs.first else { return true }
            return newLength < oldLength
        case ("character varying", "text"):
            return false
        case ("text", "character varying"):
            return !newArgs.isEmpty
        case ("numeric", "numeric"):
            guard newArgs.count == 2 else { return false }
            guard oldArgs.count == 2 else { return true }
            return !(newArgs[1] == oldArgs[1] && newArgs[0] >= oldArgs[0])
        case ("bit varying", "bit varying"):
            guard let newLength = newArgs.first else { return false }
            guard let oldLength = oldArgs.first else { return true }
            return newLength < oldLength
        default:
            // timestamp -> timestamptz rewrites unless the session TimeZone is UTC; int -> bigint always.
            return true
        }
    }

    static func split(_ type: String) -> (String, [Int]) {
        guard let open = type.firstIndex(of: "("), let close = type.firstIndex(of: ")") else { return (type, []) }
        let base = String(type[..<open]) + String(type[type.index(after: close)...])
        let args = type[type.index(after: open)..<close].split(separator: ",").compactMap { Int($0.trimmingWhitespace) }
        return (base.trimmingTrailingWhitespace(), args)
    }
}
