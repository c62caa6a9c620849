import Foundation

/// CREATE TABLE, partitions and the constraints of new tables.
extension SchemaInterpreter {

    mutating func createTable(_ create: CreateTableStatement) {
        let name = qualifyForCreation(create.name)
        if schema.tables[name] != nil || schema.views[name] != nil {
            if !create.ifNotExists { note("relation \(name) already exists") }
            return
        }
        var table = TableInfo(name: name)
        table.location = location
        table.persistence = create.isTemporary ? .temporary : (create.isUnlogged ? .unlogged : .permanent)
        table.storage = create.storage
        if let spec = create.partitionBy { table.partitionKey = "\(spec.strategy) (\(spec.keys.joined(separator: ", ")))" }

        // Inherited and LIKE columns come first, as PostgreSQL merges them.
        var inheritedChecks: [CheckConstraint] = []
        for parentName in create.inherits {
            guard let parent = resolveTable(parentName).flatMap({ schema.tables[$0] }) else {
                note("relation \(parentName) does not exist"); continue
            }
            table.inherits.append(parent.name)
            for column in parent.columns where table.column(named: column.name) == nil {
                table.columns.append(ColumnInfo(name: column.name, type: column.type, arrayDimensions: column.arrayDimensions,
                                            isNotNull: column.isNotNull, defaultExpression: column.defaultExpression, location: location))
            }
            inheritedChecks += parent.checkConstraints
        }
        var partitionParent: TableInfo?
        if let (parentName, bound) = create.partitionOf {
            if let parent = resolveTable(parentName).flatMap({ schema.tables[$0] }) {
                partitionParent = parent
                table.partitionOf = parent.name
                table.partitionBound = bound
                // Partitions get the parent's columns, but not identity (PostgreSQL 15 keeps it on the parent only).
                table.columns = parent.columns.map { var column = $0; column.location = location; column.comment = nil; column.identity = nil; return column }
                inheritedChecks += parent.checkConstraints
            } else {
                note("relation \(parentName) does not exist")
            }
        }
        for likeName in create.likeTables {
            guard let source = resolveTable(likeName).flatMap({ schema.tables[$0] }) else { note("relation \(likeName) does not exist"); continue }
            for column in source.columns where table.column(named: column.name) == nil {
                table.columns.append(ColumnInfo(name: column.name, type: column.type, arrayDimensions: column.arrayDimensions,
                                            isNotNull: column.isNotNull, location: location))
            }
        }

        var pendingConstraints: [ConstraintDefinition] = []
        var serialColumns: [(column: String, kind: TypeReference.SerialKind)] = []
        for definition in create.columns {
            if let index = table.columnIndex(named: definition.name) {
                // A column also declared by a parent or partition parent: merge its options.
                if definition.isNotNull { table.columns[index].isNotNull = true }
                if let value = definition.defaultExpression {
                    table.columns[index].defaultExpression = DefaultCanonicalization.canonical(value, type: table.columns[index].type, arrayDimensions: table.columns[index].arrayDimensions)
                }
                pendingConstraints += definition.constraints
                continue
            }
            let (column, serial) = makeColumn(definition)
            table.columns.append(column)
            if let serial { serialColumns.append((column.name, serial)) }
            pendingConstraints += definition.constraints
        }
        pendingConstraints += create.constraints
        for check in inheritedChecks where !table.checkConstraints.contains(where: { $0.name == check.name }) {
            table.checkConstraints.append(CheckConstraint(name: check.name, expression: check.expression, location: location))
        }
        schema.tables[name] = table
        for check in inheritedChecks { registerConstraint(check.name, in: name.schema) }

        for (column, kind) in serialColumns { attachSerialSequence(table: name, column: column, kind: kind) }
        for column in table.columns where column.identity != nil && create.columns.contains(where: { $0.name == column.name }) {
            attachIdentitySequence(table: name, column: column.name, options: create.columns.first { $0.name == column.name }?.identityOptions)
        }

        // PostgreSQL names CHECK constraints first, then index-backed constraints in order, then foreign keys.
        for definition in pendingConstraints where isCheck(definition) { addConstraint(definition, to: name, isNewTable: true) }
        for definition in pendingConstraints where isIndexBacked(definition) { addConstraint(definition, to: name, isNewTable: true) }
        for definition in pendingConstraints where isForeignKey(definition) { addConstraint(definition, to: name, isNewTable: true) }

        if let parent = partitionParent {
            clonePartitionConstraints(from: parent, to: name)
            for index in schema.indexes.values.filter({ $0.table == parent.name }).sorted(by: { $0.name < $1.name }) { clonePartitionIndex(index, to: name) }
            editTable(name) { $0.triggers += parent.triggers.filter(\.forEachRow) }
        }
    }

    /// An index on a partitioned table exists on every partition too, under a name of its own.
    mutating func clonePartitionIndex(_ index: IndexInfo, to partition: QualifiedName) {
        let components = ImplicitNames.uniqueColumnComponents(index.keys.map { $0.column ?? "expr" } + index.include)
        let name = ImplicitNames.choose(partition.name, ImplicitNames.joinedColumnNames(components), "idx") {
            isRelationNameTaken(QualifiedName(schema: partition.schema, name: $0))
        }
        var copy = index
        copy.name = QualifiedName(schema: partition.schema, name: name)
        copy.table = partition
        copy.comment = nil
        copy.location = location
        schema.indexes[copy.name] = copy
        for child in schema.tables.values.filter({ $0.partitionOf == partition }).sorted(by: { $0.name < $1.name }) {
            clonePartitionIndex(copy, to: child.name)
        }
    }

    func isCheck(_ definition: ConstraintDefinition) -> Bool { if case .check = definition.kind { return true }; return false }
    func isForeignKey(_ definition: ConstraintDefinition) -> Bool { if case .foreignKey = definition.kind { return true }; return false }
    func isIndexBacked(_ definition: ConstraintDefinition) -> Bool {
        switch definition.kind {
        case .primaryKey, .unique, .exclusion: true
        default: false
        }
    }

    /// A partition gets its own copies of the parent's primary key and unique indexes, and its foreign keys.
    mutating func clonePartitionConstraints(from parent: TableInfo, to partition: QualifiedName) {
        if let pk = parent.primaryKey {
            let name = ImplicitNames.choose(partition.name, nil, "pkey") { isRelationNameTaken(QualifiedName(schema: partition.schema, name: $0)) || isConstraintNameTaken($0, in: partition.schema) }
            let location = self.location
            editTable(partition) { $0.primaryKey = PrimaryKey(name: name, columns: pk.columns, include: pk.include, location: location) }
            registerConstraint(name, in: partition.schema, ownsIndex: true)
        }
        for unique in parent.uniqueConstraints {
            let name = ImplicitNames.choose(partition.name, ImplicitNames.joinedColumnNames(unique.columns + unique.include), "key") { isRelationNameTaken(QualifiedName(schema: partition.schema, name: $0)) || isConstraintNameTaken($0, in: partition.schema) }
            var copy = unique
            copy.name = name
            copy.location = location
            editTable(partition) { $0.uniqueConstraints.append(copy) }
            registerConstraint(name, in: partition.schema, ownsIndex: true)
        }
        for foreignKey in parent.foreignKeys {
            var copy = foreignKey
            copy.location = location
            editTable(partition) { $0.foreignKeys.append(copy) }
        }
    }

    func makeColumn(_ definition: ColumnDefinition) -> (ColumnInfo, TypeReference.SerialKind?) {
        let type = definition.type ?? TypeReference(name: "unknown", arrayDimensions: 0)
        let typeName = typeText(type)
        var column = ColumnInfo(name: definition.name, type: typeName, arrayDimensions: type.arrayDimensions,
                            isNotNull: definition.isNotNull,
                            defaultExpression: DefaultCanonicalization.canonical(definition.defaultExpression, type: typeName, arrayDimensions: type.arrayDimensions),
                            identity: definition.identity, generated: definition.generated, collation: definition.collation,
                            location: definition.location)
        if column.identity != nil { column.isNotNull = true }
        if definition.constraints.contains(where: { if case .primaryKey = $0.kind { return true }; return false }) { column.isNotNull = true }
        if type.serial != nil { column.isNotNull = true }
        return (column, type.serial)
    }

    /// `serial` is `integer NOT NULL DEFAULT nextval('t_c_seq'::regclass)` plus a sequence owned by the
    /// column; the default's canonical text drops the cast, as for every literal.
    mutating func attachSerialSequence(table: QualifiedName, column: String, kind: TypeReference.SerialKind) {
        let sequenceName = ImplicitNames.choose(table.name, column, "seq") { isRelationNameTaken(QualifiedName(schema: table.schema, name: $0)) }
        let qualified = QualifiedName(schema: table.schema, name: sequenceName)
        schema.sequences[qualified] = SequenceInfo(name: qualified, dataType: kind.underlyingType, ownedByTable: table, ownedByColumn: column, location: location)
        let regclass = table.schema == "public" ? quoteIdentifierIfNeeded(sequenceName) : qualified.sql
        var expression = SQLExpression(text: "nextval(\(quoteLiteral(regclass)))")
        expression.functionNames = ["nextval"]
        if let index = schema.tables[table]?.columnIndex(named: column) {
            editTable(table) { $0.columns[index].defaultExpression = expression }
        }
    }

    mutating func attachIdentitySequence(table: QualifiedName, column: String, options: SequenceOptions? = nil) {
        let sequenceName = ImplicitNames.choose(table.name, column, "seq") { isRelationNameTaken(QualifiedName(schema: table.schema, name: $0)) }
        let qualified = QualifiedName(schema: table.schema, name: sequenceName)
        let dataType = schema.tables[table]?.column(named: column)?.type ?? "bigint"
        var sequence = SequenceInfo(name: qualified, dataType: dataType, ownedByTable: table, ownedByColumn: column, location: location)
        if let options { Self.apply(options, to: &sequence) }
        schema.sequences[qualified] = sequence
    }

    /// Adds a PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY or EXCLUDE constraint, naming it as PostgreSQL would.
    mutating func addConstraint(_ definition: ConstraintDefinition, to tableName: QualifiedName, isNewTable: Bool) {
        // Taken out of the dictionary and put back on every path, so its arrays are mutated in place, not copied.
        guard var table = schema.tables.removeValue(forKey: tableName) else { return }
        defer { schema.tables[tableName] = table }
        let schemaName = tableName.schema
        let constraintLocation = definition.location
        func taken(_ candidate: String) -> Bool { isConstraintNameTaken(candidate, in: schemaName) }
        func relationTaken(_ candidate: String) -> Bool { taken(candidate) || isRelationNameTaken(QualifiedName(schema: schemaName, name: candidate)) }
        if let explicit = definition.name, table.constraintNames.contains(explicit) {
            return note("constraint \"\(explicit)\" for relation \(tableName) already exists")
        }
        switch definition.kind {
        case .primaryKey:
            if table.primaryKey != nil { return note("multiple primary keys for table \(tableName) are not allowed") }
            guard let (columns, name, include) = keyColumnsAndName(definition, schema: schemaName) else { return }
            let chosen = name ?? ImplicitNames.choose(tableName.name, nil, "pkey", isTaken: relationTaken)
            table.primaryKey = PrimaryKey(name: chosen, columns: columns, include: include, location: constraintLocation)
            for column in columns { if let index = table.columnIndex(named: column) { table.columns[index].isNotNull = true } }
            registerConstraint(chosen, in: schemaName, ownsIndex: true)
        case .unique:
            guard let (columns, name, include) = keyColumnsAndName(definition, schema: schemaName) else { return }
            // PostgreSQL names the index (and so the constraint) after its INCLUDE columns too.
            let chosen = name ?? ImplicitNames.choose(tableName.name, ImplicitNames.joinedColumnNames(columns + include), "key", isTaken: relationTaken)
            table.uniqueConstraints.append(UniqueConstraint(
                name: chosen, columns: columns, include: include, nullsNotDistinct: definition.nullsNotDistinct,
                deferrable: definition.deferrable, initiallyDeferred: definition.initiallyDeferred, location: constraintLocation))
            registerConstraint(chosen, in: schemaName, ownsIndex: true)
        case .check(let expression):
            let distinctColumns = expression.referencedColumns.filter { name in table.column(named: name) != nil }
            let chosen = definition.name ?? ImplicitNames.choose(tableName.name, distinctColumns.count == 1 ? distinctColumns[0] : nil, "check", isTaken: taken)
            table.checkConstraints.append(CheckConstraint(name: chosen, expression: expression, isValid: isNewTable || !definition.notValid, location: constraintLocation))
            registerConstraint(chosen, in: schemaName)
        case .foreignKey(let referenced, let referencedColumnsWritten, let onDelete, let onUpdate, let match):
            let target = referenced.name.isEmpty ? tableName : resolveRelationForReference(referenced)
            var referencedColumns = referencedColumnsWritten
            if referencedColumns.isEmpty {
                let targetTable = target == tableName ? table : schema.tables[target]
                if let pk = targetTable?.primaryKey { referencedColumns = pk.columns } else {
                    note("there is no primary key for referenced table \(target)")
                }
            }
            if target != tableName, schema.tables[target] == nil { note("relation \(target) does not exist") }
            let chosen = definition.name ?? ImplicitNames.choose(tableName.name, ImplicitNames.joinedColumnNames(definition.columns), "fkey", isTaken: taken)
            table.foreignKeys.append(ForeignKey(
                name: chosen, columns: definition.columns, referencedTable: target, referencedColumns: referencedColumns,
                onDelete: onDelete, onUpdate: onUpdate, matchFull: match == "FULL", deferrable: definition.deferrable,
                initiallyDeferred: definition.initiallyDeferred, isValid: isNewTable || !definition.notValid, location: constraintLocation))
            registerConstraint(chosen, in: schemaName)
        case .exclusion(let method, let elements, let predicate):
            let components = ImplicitNames.uniqueColumnComponents(elements.map(\.key.nameComponent))
            let chosen = definition.name ?? ImplicitNames.choose(tableName.name, ImplicitNames.joinedColumnNames(components), "excl", isTaken: relationTaken)
            table.exclusionConstraints.append(ExclusionConstraint(
                name: chosen, method: method,
                elements: elements.map { "\(indexKey($0.key).sql) WITH \($0.operator)" },
                columns: elements.compactMap(\.key.column), predicate: predicate, location: constraintLocation))
            registerConstraint(chosen, in: schemaName, ownsIndex: true)
        case .notNull, .null, .defaultValue, .identity, .generated:
            break
        }
    }

    /// The columns and explicit name of a PRIMARY KEY or UNIQUE constraint. With `USING INDEX`
    /// the index becomes the constraint: its columns, and its name unless the constraint names one.
    mutating func keyColumnsAndName(_ definition: ConstraintDefinition, schema schemaName: String) -> ([String], String?, [String])? {
        guard let indexName = definition.usingIndex else { return (definition.columns, definition.name, definition.include) }
        guard let index = takeIndex(named: indexName, schema: schemaName) else {
            note("index \"\(indexName)\" does not exist")
            return nil
        }
        return (index.keys.compactMap(\.column), definition.name ?? index.name.name, index.include)
    }

    mutating func takeIndex(named name: String, schema schemaName: String) -> IndexInfo? {
        let qualified = QualifiedName(schema: schemaName, name: name)
        return schema.indexes.removeValue(forKey: qualified)
    }

    /// As PostgreSQL keeps it: the default NULLS order (first for DESC) and a type's default
    /// operator class written out are not part of the definition.
    func indexKey(_ key: IndexKeyDefinition) -> IndexKey {
        IndexKey(column: key.column, expression: key.expression,
                 opclass: key.opclass.flatMap { TypeNames.defaultOperatorClasses.contains($0) ? nil : $0 }, collation: key.collation,
                 descending: key.descending, nullsFirst: key.nullsFirst == key.descending ? nil : key.nullsFirst)
    }
}
