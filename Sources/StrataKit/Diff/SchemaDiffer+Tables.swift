/// Tables, columns, constraints and indexes.
extension SchemaDiffer {
    /// Tables that exist on both sides; the online rules apply to them (a new table is empty).
    func isExisting(_ name: QualifiedName) -> Bool { source.tables[name] != nil }

    func hazard(_ fact: LockFact, _ table: QualifiedName) -> String { fact.describe(on: table.description) }

    /// `items` in name order, each after the items it depends on (a cycle keeps name order).
    static func dependencyOrder<Item>(_ items: [Item], name: (Item) -> QualifiedName, dependencies: (Item) -> [QualifiedName]) -> [Item] {
        let names = Set(items.map(name))
        var placed: Set<QualifiedName> = []
        var result: [Item] = []
        var pending = items.sorted { name($0) < name($1) }
        while !pending.isEmpty {
            let before = pending.count
            pending.removeAll { item in
                guard dependencies(item).filter({ names.contains($0) && $0 != name(item) }).allSatisfy(placed.contains) else { return false }
                result.append(item)
                placed.insert(name(item))
                return true
            }
            if pending.count == before { result += pending; break }
        }
        return result
    }

    /// Parents before children: partitions and inheriting tables are created after their parent.
    static func parentsFirst(_ tables: [TableInfo]) -> [TableInfo] {
        dependencyOrder(tables, name: \.name) { table in [table.partitionOf].compactMap { $0 } + table.inherits }
    }

    mutating func planTables() throws {
        let created = Self.parentsFirst(target.tables.values.filter { !isExisting($0.name) })
        for table in created {
            var hazards: [String] = []
            if let parent = table.partitionOf, isExisting(parent) { hazards.append("takes ACCESS EXCLUSIVE on \(parent) while the partition is added") }
            tableSteps.append(Self.step(renderer.createTable(table, ifNotExists: options.online), hazards))
        }
        for (name, wanted) in target.tables.sortedByKey() {
            // A table equal on both sides has nothing of its own to change (what changes around
            // it, types, keys it references, comments, triggers, is planned from those objects).
            guard let current = source.tables[name], current != wanted else { continue }
            try planTableChange(current, wanted)
        }
        planForeignKeys()
        planIndexes()
    }

    mutating func planTableChange(_ current: TableInfo, _ wanted: TableInfo) throws {
        let name = wanted.name
        if current.partitionKey != wanted.partitionKey {
            throw UnsupportedChangeError(message: "\(name): the partition key changes (\(current.partitionKey ?? "none") -> \(wanted.partitionKey ?? "none")); PostgreSQL cannot change it in place: create the new table, copy the rows, and swap the names in a migration of your own")
        }
        if current.partitionOf != wanted.partitionOf || current.partitionBound != wanted.partitionBound {
            if let parent = current.partitionOf {
                tableSteps.append(Self.step("ALTER TABLE \(parent.sql) DETACH PARTITION \(name.sql);", [hazard(LockFacts.detachPartition, parent)]))
            }
            if let parent = wanted.partitionOf {
                tableSteps.append(Self.step("ALTER TABLE \(parent.sql) ATTACH PARTITION \(name.sql) \(wanted.partitionBound ?? "DEFAULT");", [hazard(LockFacts.attachPartition, name)]))
            }
        }
        for parent in current.inherits where !wanted.inherits.contains(parent) {
            tableSteps.append(Self.step("ALTER TABLE \(name.sql) NO INHERIT \(parent.sql);"))
        }
        for parent in wanted.inherits where !current.inherits.contains(parent) {
            tableSteps.append(Self.step("ALTER TABLE \(name.sql) INHERIT \(parent.sql);", ["scans \(name) to check it has the parent's columns and constraints"]))
        }
        if current.persistence != wanted.persistence, wanted.persistence != .temporary {
            tableSteps.append(Self.step("ALTER TABLE \(name.sql) SET \(wanted.persistence == .unlogged ? "UNLOGGED" : "LOGGED");", [hazard(LockFacts.setLogged, name)]))
        }
        if let change = storageChange(from: current.storage, to: wanted.storage) {
            tableSteps.append(Self.step("ALTER TABLE \(name.sql) \(change);", ["storage parameters: a catalog change, applied to pages written from now on"]))
        }
        // Columns a child inherits are changed on the parent.
        let inherited = Set(wanted.inherits.compactMap { target.tables[$0] }.flatMap { $0.columns.map(\.name) })
            .union(wanted.partitionOf.flatMap { target.tables[$0] }.map { Set($0.columns.map(\.name)) } ?? [])
        for column in wanted.columns where current.column(named: column.name) == nil && !inherited.contains(column.name) {
            addColumn(column, to: name)
        }
        for column in wanted.columns {
            guard let old = current.column(named: column.name), !inherited.contains(column.name) else { continue }
            changeColumn(old, column, on: name)
        }
        for column in current.columns where wanted.column(named: column.name) == nil && !inherited.contains(column.name) {
            dropSteps.append(Self.step("ALTER TABLE \(name.sql) DROP COLUMN \(quoteIdentifierIfNeeded(column.name));",
                                       [hazard(LockFacts.dropColumn, name)], dataLoss: "every value of \(name).\(column.name) is deleted"))
            structurallyChanged.insert(name)
        }
        planConstraints(current, wanted)
        if current.rowLevelSecurity != wanted.rowLevelSecurity {
            objectSteps.append(Self.step("ALTER TABLE \(name.sql) \(wanted.rowLevelSecurity ? "ENABLE" : "DISABLE") ROW LEVEL SECURITY;", [hazard(LockFacts.enableRowLevelSecurity, name)]))
        }
        if current.forceRowLevelSecurity != wanted.forceRowLevelSecurity {
            objectSteps.append(Self.step("ALTER TABLE \(name.sql) \(wanted.forceRowLevelSecurity ? "" : "NO ")FORCE ROW LEVEL SECURITY;"))
        }
    }

    // MARK: - Columns

    mutating func addColumn(_ column: ColumnInfo, to table: QualifiedName) {
        let fact: LockFact
        var hazards: [String] = []
        if column.identity != nil { fact = LockFacts.addColumnIdentity }
        else if column.generated != nil { fact = LockFacts.addColumnGeneratedStored }
        else if let value = column.defaultExpression, !value.isConstant, !value.functionNames.allSatisfy({ ["now", "current_timestamp", "nextval"].contains($0) }) || value.functionNames.contains("nextval") {
            fact = value.functionNames.contains("nextval") ? LockFacts.addColumnSerial : LockFacts.addColumnVolatileDefault
        } else if column.isNotNull && column.defaultExpression == nil {
            // Online: added nullable, then NOT NULL through a validated CHECK, which fails (apart,
            // after the column exists) until the rows are backfilled.
            if options.online {
                var nullable = column
                nullable.isNotNull = false
                tableSteps.append(Self.step("ALTER TABLE \(table.sql) ADD COLUMN \(ifNotExists)\(renderer.columnDefinition(nullable));",
                                            [hazard(LockFacts.addColumnNullable, table), "NOT NULL follows through a validated CHECK: backfill the rows before the validation"]))
                setNotNull(column.name, on: table)
                return
            }
            fact = LockFacts.addColumnNotNullNoDefault
            hazards.append("fails if \(table) has rows: give the column a DEFAULT, or add it nullable, backfill, then set NOT NULL")
        } else {
            fact = column.defaultExpression == nil ? LockFacts.addColumnNullable : LockFacts.addColumnConstantDefault
        }
        hazards.insert(hazard(fact, table), at: 0)
        tableSteps.append(Self.step("ALTER TABLE \(table.sql) ADD COLUMN \(ifNotExists)\(renderer.columnDefinition(column));", hazards))
    }

    mutating func changeColumn(_ old: ColumnInfo, _ new: ColumnInfo, on table: QualifiedName) {
        let column = quoteIdentifierIfNeeded(new.name)
        let alter = "ALTER TABLE \(table.sql)"
        // A generated column's expression cannot change in place: drop and add (its values are derived).
        if old.generated != new.generated {
            if old.generated != nil, new.generated == nil {
                tableSteps.append(Self.step("\(alter) ALTER COLUMN \(column) DROP EXPRESSION;"))
                var plain = old
                plain.generated = nil
                return changeColumn(plain, new, on: table)
            }
            tableSteps.append(Self.step("\(alter) DROP COLUMN \(column), ADD COLUMN \(renderer.columnDefinition(new));",
                                        [hazard(LockFacts.addColumnGeneratedStored, table)],
                                        dataLoss: old.generated == nil ? "the stored values of \(table).\(new.name) are replaced by computed ones" : nil))
            structurallyChanged.insert(table)
            return
        }
        var steps: [String] = []
        var hazards: [String] = []
        var dataLoss: String?
        let typeChanged = old.fullType != new.fullType || old.collation != new.collation
        let defaultChanged = old.defaultExpression != new.defaultExpression
        if old.identity != nil, new.identity == nil {
            // The identity's sequence goes with it; a serial's own sequence (same name, usually)
            // is created after, continuing from the largest value in use.
            tableSteps.append(Self.step("\(alter) ALTER COLUMN \(column) DROP IDENTITY;"))
            if let sequence = target.sequences.values.first(where: { $0.ownedByTable == table && $0.ownedByColumn == new.name }),
               !renderer.isIdentitySequence(sequence, in: target) {
                tableSteps.append(Self.step("CREATE SEQUENCE \(sequence.name.sql) AS \(sequence.dataType);"))
                tableSteps.append(Self.step("SELECT setval(\(quoteLiteral(sequence.name.sql)), coalesce(max(\(column)), 0) + 1, false) FROM \(table.sql);",
                                            ["scans \(table) for the largest value: the sequence continues after it"]))
                tableSteps.append(Self.step(ownedBy(sequence)))
                handledSequences.insert(sequence.name)
            }
        }
        if typeChanged {
            if old.defaultExpression != nil { steps.append("ALTER COLUMN \(column) DROP DEFAULT") }
            var sql = "ALTER COLUMN \(column) TYPE \(new.fullType)"
            if let collation = new.collation { sql += " COLLATE \(collation)" }
            switch TypeChanges.effect(from: old, to: new) {
            case .inPlace:
                hazards.append(hazard(LockFacts.alterTypeNoRewrite, table) + "; the catalog changes, no row is rewritten")
            case .widening:
                hazards.append(hazard(LockFacts.alterTypeRewrite, table))
                if old.type == "timestamp without time zone" { hazards.append("stored values are read in the session's TimeZone: set it to the zone they were written in") }
            case .narrowing(let why):
                sql += " USING \(column)::\(new.fullType)"
                hazards.append(hazard(LockFacts.alterTypeRewrite, table))
                dataLoss = "\(table).\(new.name) narrows from \(old.fullType) to \(new.fullType): \(why)"
            }
            steps.append(sql)
            if let value = new.defaultExpression { steps.append("ALTER COLUMN \(column) SET DEFAULT \(value.text)") }
            structurallyChanged.insert(table)
        } else if defaultChanged, new.identity == nil {
            if let value = new.defaultExpression {
                steps.append("ALTER COLUMN \(column) SET DEFAULT \(value.text)")
            } else if old.defaultExpression != nil {
                steps.append("ALTER COLUMN \(column) DROP DEFAULT")
            }
            hazards.append(hazard(LockFacts.setDefault, table) + "; existing rows keep their values")
        }
        if old.isNotNull, !new.isNotNull { steps.append("ALTER COLUMN \(column) DROP NOT NULL") }
        if !steps.isEmpty { tableSteps.append(Self.step("\(alter) " + steps.joined(separator: ", ") + ";", hazards, dataLoss: dataLoss)) }

        if !old.isNotNull, new.isNotNull, new.identity == nil { setNotNull(new.name, on: table) }
        if old.identity == nil, let identity = new.identity { addIdentity(old, identity, on: table) }
        if let before = old.identity, let after = new.identity, before != after {
            tableSteps.append(Self.step("\(alter) ALTER COLUMN \(column) SET GENERATED \(after.rawValue);"))
        }
    }

    /// NOT NULL on a table with rows: online, through a CHECK validated apart (PostgreSQL 15 then
    /// sets NOT NULL without scanning); offline, directly.
    mutating func setNotNull(_ columnName: String, on table: QualifiedName) {
        let column = quoteIdentifierIfNeeded(columnName)
        guard options.online else {
            tableSteps.append(Self.step("ALTER TABLE \(table.sql) ALTER COLUMN \(column) SET NOT NULL;", [hazard(LockFacts.setNotNull, table)]))
            return
        }
        let check = quoteIdentifierIfNeeded(ImplicitNames.makeObjectName(table.name, columnName, "not_null"))
        attachSteps.append(Self.step("ALTER TABLE \(table.sql) ADD CONSTRAINT \(check) CHECK (\(column) IS NOT NULL) NOT VALID;",
                                     [hazard(LockFacts.addCheckNotValid, table) + "; only new rows are checked"]))
        validations.append(Self.step("ALTER TABLE \(table.sql) VALIDATE CONSTRAINT \(check);", [hazard(LockFacts.validateConstraint, table) + "; fails if a row holds NULL: backfill first"], transaction: .own))
        finishSteps.append(Self.step("ALTER TABLE \(table.sql) ALTER COLUMN \(column) SET NOT NULL;", ["takes ACCESS EXCLUSIVE on \(table) briefly: the validated CHECK spares the scan"]))
        finishSteps.append(Self.step("ALTER TABLE \(table.sql) DROP CONSTRAINT \(check);"))
    }

    /// An identity on an existing column: its old default (a serial's nextval) and sequence go
    /// first, NOT NULL is set, and the new sequence continues after the largest value in use.
    mutating func addIdentity(_ old: ColumnInfo, _ identity: Identity, on table: QualifiedName) {
        let column = quoteIdentifierIfNeeded(old.name)
        var steps: [String] = []
        if old.defaultExpression != nil { steps.append("ALTER COLUMN \(column) DROP DEFAULT") }
        if !old.isNotNull { steps.append("ALTER COLUMN \(column) SET NOT NULL") }
        if !steps.isEmpty { tableSteps.append(Self.step("ALTER TABLE \(table.sql) " + steps.joined(separator: ", ") + ";")) }
        if let owned = source.sequences.values.first(where: { $0.ownedByTable == table && $0.ownedByColumn == old.name }),
           target.sequences[owned.name] == nil || target.sequences[owned.name]?.ownedByColumn == old.name {
            tableSteps.append(Self.step("DROP SEQUENCE \(ifExists)\(owned.name.sql);"))
            handledSequences.insert(owned.name)
        }
        tableSteps.append(Self.step("ALTER TABLE \(table.sql) ALTER COLUMN \(column) ADD GENERATED \(identity.rawValue) AS IDENTITY;"))
        tableSteps.append(Self.step("SELECT setval(pg_get_serial_sequence(\(quoteLiteral(table.sql)), \(quoteLiteral(old.name))), coalesce(max(\(column)), 0) + 1, false) FROM \(table.sql);",
                                    ["scans \(table) for the largest value: the identity continues after it"]))
    }

    // MARK: - Constraints

    static func stripped<T>(_ value: T?, _ clear: (inout T) -> Void) -> T? {
        guard var value else { return nil }
        clear(&value)
        return value
    }

    mutating func planConstraints(_ current: TableInfo, _ wanted: TableInfo) {
        let name = wanted.name
        let alter = "ALTER TABLE \(name.sql)"
        // Primary key.
        if current.primaryKey != wanted.primaryKey {
            if let old = current.primaryKey {
                droppedKeys.insert(KeyReference(table: name, columns: old.columns))
                dropConstraints.append(Self.step("\(alter) DROP CONSTRAINT \(quoteIdentifierIfNeeded(old.name));", [hazard(LockFacts.dropConstraint, name)]))
            }
            if let new = wanted.primaryKey {
                addUniqueKey(name: new.name, clause: renderer.primaryKeyClause(new), kind: "PRIMARY KEY", columns: new.columns, include: new.include,
                             nullsNotDistinct: false, deferrable: "", on: name)
            }
        }
        // Unique.
        for old in current.uniqueConstraints where !wanted.uniqueConstraints.contains(old) {
            droppedKeys.insert(KeyReference(table: name, columns: old.columns))
            dropConstraints.append(Self.step("\(alter) DROP CONSTRAINT \(quoteIdentifierIfNeeded(old.name));", [hazard(LockFacts.dropConstraint, name)]))
        }
        for new in wanted.uniqueConstraints where !current.uniqueConstraints.contains(new) {
            let deferrable = new.deferrable ? " DEFERRABLE" + (new.initiallyDeferred ? " INITIALLY DEFERRED" : "") : ""
            addUniqueKey(name: new.name, clause: renderer.uniqueClause(new), kind: "UNIQUE", columns: new.columns, include: new.include,
                         nullsNotDistinct: new.nullsNotDistinct, deferrable: deferrable, on: name)
        }
        // Check.
        // Kept: same name and expression, unless a validated check must become NOT VALID again
        // (PostgreSQL cannot unvalidate: it is dropped and added back).
        let keeps = { (old: CheckConstraint, new: CheckConstraint) in
            old.name == new.name && old.expression == new.expression && !(old.isValid && !new.isValid)
        }
        for old in current.checkConstraints {
            if let new = wanted.checkConstraints.first(where: { keeps(old, $0) }) {
                if !old.isValid, new.isValid {
                    validations.append(Self.step("\(alter) VALIDATE CONSTRAINT \(quoteIdentifierIfNeeded(new.name));", [hazard(LockFacts.validateConstraint, name)], transaction: .own))
                }
                continue
            }
            dropConstraints.append(Self.step("\(alter) DROP CONSTRAINT \(quoteIdentifierIfNeeded(old.name));", [hazard(LockFacts.dropConstraint, name)]))
        }
        for new in wanted.checkConstraints where !current.checkConstraints.contains(where: { keeps($0, new) }) {
            let sql = "\(alter) ADD CONSTRAINT \(quoteIdentifierIfNeeded(new.name)) CHECK (\(new.expression.text))"
            if options.online || !new.isValid {
                attachSteps.append(Self.step(sql + " NOT VALID;", [hazard(LockFacts.addCheckNotValid, name) + "; only new rows are checked"]))
                if new.isValid {
                    validations.append(Self.step("\(alter) VALIDATE CONSTRAINT \(quoteIdentifierIfNeeded(new.name));", [hazard(LockFacts.validateConstraint, name)], transaction: .own))
                }
            } else {
                constraintSteps.append(Self.step(sql + ";", [hazard(LockFacts.addCheck, name)]))
            }
        }
        // Exclusion: no online form; it builds its index while holding the table.
        for old in current.exclusionConstraints where !wanted.exclusionConstraints.contains(old) {
            dropConstraints.append(Self.step("\(alter) DROP CONSTRAINT \(quoteIdentifierIfNeeded(old.name));", [hazard(LockFacts.dropConstraint, name)]))
        }
        for new in wanted.exclusionConstraints where !current.exclusionConstraints.contains(new) {
            constraintSteps.append(Self.step("\(alter) ADD CONSTRAINT \(quoteIdentifierIfNeeded(new.name)) \(renderer.exclusionClause(new));", [hazard(LockFacts.addExclusion, name)]))
        }
    }

    /// A primary key or unique constraint: online, its index is built concurrently and attached;
    /// offline (or on a partitioned table, where CONCURRENTLY is not allowed), one statement.
    mutating func addUniqueKey(name constraint: String, clause: String, kind: String, columns: [String], include: [String],
                               nullsNotDistinct: Bool, deferrable: String, on table: QualifiedName) {
        let alter = "ALTER TABLE \(table.sql)"
        let partitioned = target.tables[table]?.partitionKey != nil
        guard options.online, !partitioned else {
            constraintSteps.append(Self.step("\(alter) ADD CONSTRAINT \(quoteIdentifierIfNeeded(constraint)) \(clause);",
                                             [hazard(kind == "UNIQUE" ? LockFacts.addUnique : LockFacts.addPrimaryKey, table)]))
            return
        }
        let index = IndexInfo(name: QualifiedName(schema: table.schema, name: constraint), table: table, isUnique: true,
                              keys: columns.map { IndexKey(column: $0) }, include: include, nullsNotDistinct: nullsNotDistinct)
        concurrentIndexes.append(Self.step(renderer.createIndex(index, concurrently: true), [hazard(LockFacts.createIndexConcurrently, table) + "; fails on duplicates and leaves an invalid index to drop"], transaction: .none))
        var hazards = [hazard(LockFacts.addUniqueUsingIndex, table)]
        if kind == "PRIMARY KEY", let wanted = target.tables[table],
           columns.contains(where: { column in source.tables[table]?.column(named: column)?.isNotNull != true && wanted.column(named: column) != nil }) {
            hazards.append("sets NOT NULL on the key columns, scanning \(table)")
        }
        attachSteps.append(Self.step("\(alter) ADD CONSTRAINT \(quoteIdentifierIfNeeded(constraint)) \(kind) USING INDEX \(quoteIdentifierIfNeeded(constraint))\(deferrable);", hazards))
    }

    /// Foreign keys of every target table, after all tables and keys exist; dropped ones (and those
    /// whose referenced key is rebuilt) first.
    mutating func planForeignKeys() {
        for (name, wanted) in target.tables.sortedByKey() {
            let current = source.tables[name]
            for old in current?.foreignKeys ?? [] {
                let new = wanted.foreignKeys.first { $0.name == old.name }
                let rebuiltKey = droppedKeys.contains(KeyReference(table: old.referencedTable, columns: old.referencedColumns))
                if let new, Self.keeps(old, new), !rebuiltKey {
                    if !old.isValid, new.isValid {
                        validations.append(Self.step("ALTER TABLE \(name.sql) VALIDATE CONSTRAINT \(quoteIdentifierIfNeeded(new.name));", [hazard(LockFacts.validateConstraint, name)], transaction: .own))
                    }
                    continue
                }
                dropForeignKeys.append(Self.step("ALTER TABLE \(name.sql) DROP CONSTRAINT \(quoteIdentifierIfNeeded(old.name));", [hazard(LockFacts.dropConstraint, name)]))
            }
            for new in wanted.foreignKeys {
                if let old = current?.foreignKeys.first(where: { $0.name == new.name }), Self.keeps(old, new),
                   !droppedKeys.contains(KeyReference(table: old.referencedTable, columns: old.referencedColumns)) { continue }
                let sql = "ALTER TABLE \(name.sql) ADD CONSTRAINT \(quoteIdentifierIfNeeded(new.name)) \(renderer.foreignKeyClause(new))"
                if current == nil || !options.online {
                    // A new table is empty: the check is instant; offline plans validate at once.
                    let fact = current == nil ? LockFacts.referencedByForeignKey : LockFacts.addForeignKey
                    let step = Self.step(sql + (new.isValid ? ";" : " NOT VALID;"), [hazard(fact, name)])
                    if current == nil { constraintSteps.append(step) } else { attachSteps.append(step) }
                } else {
                    attachSteps.append(Self.step(sql + " NOT VALID;", [hazard(LockFacts.addForeignKeyNotValid, name) + "; only new rows are checked"]))
                    if new.isValid {
                        validations.append(Self.step("ALTER TABLE \(name.sql) VALIDATE CONSTRAINT \(quoteIdentifierIfNeeded(new.name));", [hazard(LockFacts.validateConstraint, name) + "; fails on rows that point at nothing"], transaction: .own))
                    }
                }
            }
        }
        // Foreign keys of tables that are dropped, pointing at other dropped tables: dropped first,
        // so the tables can go in any order.
        let dropped = Set(source.tables.keys).subtracting(target.tables.keys)
        for name in dropped.sorted() {
            // A partition's copy of its parent's key goes with the parent's (it cannot be dropped alone).
            let parentKeys = source.tables[name]!.partitionOf.flatMap { source.tables[$0] }.map { Set($0.foreignKeys.map(\.name)) } ?? []
            for foreignKey in source.tables[name]!.foreignKeys where dropped.contains(foreignKey.referencedTable) && foreignKey.referencedTable != name
                && !parentKeys.contains(foreignKey.name) {
                dropForeignKeys.append(Self.step("ALTER TABLE \(name.sql) DROP CONSTRAINT \(quoteIdentifierIfNeeded(foreignKey.name));"))
            }
        }
        // Surviving tables' keys pointing at dropped tables are not in the target: dropped above.
    }

    /// The same key, where validity changes only forwards (NOT VALID to valid is a VALIDATE;
    /// PostgreSQL cannot unvalidate, so the other way is a drop and an add).
    static func keeps(_ old: ForeignKey, _ new: ForeignKey) -> Bool {
        var a = old, b = new
        a.isValid = true; b.isValid = true
        return a == b && !(old.isValid && !new.isValid)
    }

    /// An index PostgreSQL made on a partition when the same index was created on its parent:
    /// it comes and goes with the parent's.
    func isPartitionCopy(_ index: IndexInfo, in schema: DatabaseSchema) -> Bool {
        guard let parent = schema.tables[index.table]?.partitionOf else { return false }
        return schema.indexes.values.contains { other in
            other.table == parent && other.keys == index.keys && other.predicate == index.predicate
                && other.method == index.method && other.isUnique == index.isUnique && other.include == index.include
        }
    }

    /// Standalone indexes: online, built and dropped CONCURRENTLY on tables that exist.
    mutating func planIndexes() {
        // Thousands of indexes are the same on both sides: only the others are sorted and planned.
        let dropped = source.indexes.filter { entry in target.indexes[entry.key].map { !Self.same(entry.value, $0) } ?? true }
        for (name, old) in dropped.sortedByKey() {
            guard source.tables[old.table] != nil, target.tables[old.table] != nil else { continue }  // goes with its table or view
            if isPartitionCopy(old, in: source) { continue }
            if options.online, source.tables[old.table]?.partitionKey == nil {
                preamble.append(Self.step("DROP INDEX CONCURRENTLY IF EXISTS \(name.sql);", [hazard(LockFacts.dropIndexConcurrently, old.table)], transaction: .none))
            } else {
                dropConstraints.append(Self.step("DROP INDEX \(ifExists)\(name.sql);", [hazard(LockFacts.dropIndex, old.table)]))
            }
        }
        let built = target.indexes.filter { entry in
            guard let old = source.indexes[entry.key], Self.same(old, entry.value) else { return true }
            return source.tables[old.table] == nil && source.views[old.table] == nil
        }
        for (_, new) in built.sortedByKey() {
            guard target.tables[new.table] != nil else { continue }  // an index on a materialized view follows the view
            if isPartitionCopy(new, in: target) { continue }
            if isExisting(new.table), options.online, target.tables[new.table]?.partitionKey == nil {
                concurrentIndexes.append(Self.step(renderer.createIndex(new, concurrently: true),
                                                   [hazard(LockFacts.createIndexConcurrently, new.table) + (new.isUnique ? "; fails on duplicates and leaves an invalid index to drop" : "")],
                                                   transaction: .none))
            } else {
                constraintSteps.append(Self.step(renderer.createIndex(new, ifNotExists: options.online), isExisting(new.table) ? [hazard(LockFacts.createIndex, new.table)] : []))
            }
        }
    }
}

/// A primary or unique key, as foreign keys reference it.
struct KeyReference: Hashable, Sendable {
    var table: QualifiedName
    var columns: [String]
}
