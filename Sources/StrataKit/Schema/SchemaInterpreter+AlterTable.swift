import Foundation

/// ALTER TABLE and its subcommands.
extension SchemaInterpreter {

    mutating func alterTable(_ alter: AlterTableStatement) {
        if alter.isIndex {
            // ALTER INDEX ... SET (...) / RESET (...): the index's storage parameters.
            guard let index = resolve(alter.table, exists: { schema.indexes[$0] != nil }) else { return }
            for command in alter.commands {
                if let storage = Self.storage(schema.indexes[index]?.storage ?? [], after: command) { schema.indexes[index]?.storage = storage }
            }
            return
        }
        guard let name = resolveTable(alter.table) else {
            if !alter.ifExists { note("relation \(alter.table) does not exist") }
            return
        }
        for command in alter.commands {
            if alter.only, case .addColumn = command,
               schema.tables.values.contains(where: { $0.inherits.contains(name) || $0.partitionOf == name }) {
                note("column must be added to child tables too (ALTER TABLE ONLY \(name) ADD COLUMN)")
                continue
            }
            alterTable(name, command)
            if !alter.only { recurse(command, below: name) }
        }
    }

    /// Storage parameters after `SET (...)` or `RESET (...)`; nil for any other command.
    static func storage(_ current: [String], after command: AlterTableCommand) -> [String]? {
        switch command {
        case .setStorage(let parameters):
            let set = Set(parameters.map(storageParameterName))
            return (current.filter { !set.contains(storageParameterName($0)) } + parameters).sorted()
        case .resetStorage(let names):
            let reset = Set(names)
            return current.filter { !reset.contains(storageParameterName($0)) }
        default:
            return nil
        }
    }

    /// Without ONLY, column changes and CHECK constraints reach the tables that inherit from the
    /// table and its partitions, as PostgreSQL recurses them.

    mutating func recurse(_ command: AlterTableCommand, below parent: QualifiedName, visited: Set<QualifiedName> = []) {
        // The catalog never holds a cycle; a model built from rejected statements might.
        let visited = visited.union([parent])
        let children = schema.tables.values.filter { $0.inherits.contains(parent) || $0.partitionOf == parent }.map(\.name).sorted()
        for child in children where !visited.contains(child) {
            switch command {
            case .addColumn(let definition, _):
                // A child that already has the column merges it.
                guard schema.tables[child]?.column(named: definition.name) == nil else { break }
                var (column, _) = makeColumn(definition)
                column.identity = nil
                if let inherited = schema.tables[parent]?.column(named: definition.name) { column.defaultExpression = inherited.defaultExpression }
                column.location = location
                editTable(child) { $0.columns.append(column) }
            case .dropColumn(let column, _, let cascade):
                guard schema.tables[child]?.column(named: column) != nil else { break }
                dropColumn(column, from: child, cascade: cascade)
            case .alterColumnType, .setDefault, .setNotNull, .dropNotNull:
                guard case let .some(columnName) = command.columnName, schema.tables[child]?.column(named: columnName) != nil else { break }
                alterTable(child, command)
            case .addConstraint(let definition):
                guard case .check = definition.kind, let name = definition.name ?? schema.tables[parent]?.checkConstraints.last?.name,
                      schema.tables[child]?.checkConstraints.contains(where: { $0.name == name }) == false else { break }
                var inherited = definition
                inherited.name = name
                addConstraint(inherited, to: child, isNewTable: false)
            default:
                continue
            }
            recurse(command, below: child, visited: visited)
        }
    }

    mutating func withColumn(_ table: QualifiedName, _ column: String, _ body: (inout ColumnInfo) -> Void) {
        guard let index = schema.tables[table]?.columnIndex(named: column) else {
            return note("column \"\(column)\" of relation \(table) does not exist")
        }
        editTable(table) { body(&$0.columns[index]) }
    }

    /// Changes a table in place; a table that is not there is reported as an unresolved
    /// reference at the statement, never a crash.
    mutating func editTable(_ name: QualifiedName, _ body: (inout TableInfo) -> Void) {
        guard schema.tables[name] != nil else { return note("relation \(name) does not exist") }
        body(&schema.tables[name]!)
    }

    mutating func alterTable(_ name: QualifiedName, _ command: AlterTableCommand) {
        switch command {
        case .addColumn(let definition, let ifNotExists):
            if schema.tables[name]?.column(named: definition.name) != nil {
                if !ifNotExists { note("column \"\(definition.name)\" of relation \(name) already exists") }
                return
            }
            let (column, serial) = makeColumn(definition)
            editTable(name) { $0.columns.append(column) }
            if let serial { attachSerialSequence(table: name, column: column.name, kind: serial) }
            if column.identity != nil { attachIdentitySequence(table: name, column: column.name, options: definition.identityOptions) }
            for constraint in definition.constraints where isCheck(constraint) { addConstraint(constraint, to: name, isNewTable: false) }
            for constraint in definition.constraints where isIndexBacked(constraint) { addConstraint(constraint, to: name, isNewTable: false) }
            for constraint in definition.constraints where isForeignKey(constraint) { addConstraint(constraint, to: name, isNewTable: false) }
        case .dropColumn(let column, let ifExists, let cascade):
            guard schema.tables[name]?.column(named: column) != nil else {
                if !ifExists { note("column \"\(column)\" of relation \(name) does not exist") }
                return
            }
            dropColumn(column, from: name, cascade: cascade)
        case .alterColumnType(let column, let type, let collation, _):
            let text = typeText(type)
            withColumn(name, column) { $0.type = text; $0.arrayDimensions = type.arrayDimensions; if let collation { $0.collation = collation } }
        case .setDefault(let column, let expression):
            withColumn(name, column) { $0.defaultExpression = DefaultCanonicalization.canonical(expression, type: $0.type, arrayDimensions: $0.arrayDimensions) }
        case .setNotNull(let column):
            withColumn(name, column) { $0.isNotNull = true }
        case .dropNotNull(let column):
            if schema.tables[name]?.primaryKey?.columns.contains(column) == true {
                return note("column \"\(column)\" is in a primary key")
            }
            withColumn(name, column) { $0.isNotNull = false }
        case .addConstraint(let definition):
            if definition.name == nil || !(schema.tables[name]?.constraintNames.contains(definition.name!) ?? false) {
                addConstraint(definition, to: name, isNewTable: false)
            } else {
                note("constraint \"\(definition.name!)\" for relation \(name) already exists")
            }
        case .dropConstraint(let constraint, let ifExists, let cascade):
            dropConstraint(constraint, from: name, ifExists: ifExists, cascade: cascade)
        case .validateConstraint(let constraint):
            guard var table = schema.tables[name] else { return note("relation \(name) does not exist") }
            if let index = table.foreignKeys.firstIndex(where: { $0.name == constraint }) {
                table.foreignKeys[index].isValid = true
            } else if let index = table.checkConstraints.firstIndex(where: { $0.name == constraint }) {
                table.checkConstraints[index].isValid = true
            } else if !table.constraintNames.contains(constraint) {
                note("constraint \"\(constraint)\" of relation \(name) does not exist")
            }
            schema.tables[name] = table
        case .addIdentity(let column, let kind):
            withColumn(name, column) { $0.identity = kind; $0.isNotNull = true }
            attachIdentitySequence(table: name, column: column)
        case .dropIdentity(let column, _):
            withColumn(name, column) { $0.identity = nil }
            dropOwnedSequences(table: name, column: column)
        case .dropExpression(let column):
            withColumn(name, column) { $0.generated = nil }
        case .rowLevelSecurity(let enabled):
            editTable(name) { $0.rowLevelSecurity = enabled }
        case .forceRowLevelSecurity(let force):
            editTable(name) { $0.forceRowLevelSecurity = force }
        case .setLogged(let logged):
            editTable(name) { $0.persistence = logged ? .permanent : .unlogged }
        case .setStorage, .resetStorage:
            let current = schema.tables[name]?.storage ?? []
            if let storage = Self.storage(current, after: command) { editTable(name) { $0.storage = storage } }
        case .attachPartition(let partition, let bound):
            guard let child = resolveTable(partition) else { return note("relation \(partition) does not exist") }
            // PostgreSQL refuses to attach a table to itself or to one of its own partitions.
            var ancestor: QualifiedName? = name
            while let current = ancestor {
                if current == child { return note("cannot attach \(child) as a partition of itself or of its own partition") }
                ancestor = schema.tables[current]?.partitionOf
            }
            if schema.tables[child]?.partitionOf != nil { return note("\(child) is already a partition") }
            editTable(child) { $0.partitionOf = name }
            editTable(child) { $0.partitionBound = bound }
        case .detachPartition(let partition, _):
            guard let child = resolveTable(partition) else { return note("relation \(partition) does not exist") }
            editTable(child) { $0.partitionOf = nil }
            editTable(child) { $0.partitionBound = nil }
        case .other:
            break  // storage parameters, replica identity, ...: not in the model
        }
    }

    mutating func dropColumn(_ column: String, from name: QualifiedName, cascade: Bool) {
        guard var table = schema.tables[name] else { return note("relation \(name) does not exist") }
        // Foreign keys elsewhere that reference this column need CASCADE.
        let dependents = schema.foreignKeys(referencing: name).filter { $0.foreignKey.referencedColumns.contains(column) && $0.table.name != name }
        if !dependents.isEmpty && !cascade {
            return note("cannot drop column \(column) of table \(name) because other objects depend on it (\(dependents.map(\.foreignKey.name).joined(separator: ", ")))")
        }
        for dependent in dependents { removeConstraint(dependent.foreignKey.name, from: dependent.table.name) }
        table = schema.tables[name] ?? table
        table.columns.removeAll { $0.name == column }
        // Indexes and constraints that use the column go with it.
        if let pk = table.primaryKey, pk.columns.contains(column) || pk.include.contains(column) {
            unregisterConstraint(pk.name, in: name.schema); table.primaryKey = nil
        }
        let removedUniques = table.uniqueConstraints.filter { $0.columns.contains(column) || $0.include.contains(column) }
        let removedChecks = table.checkConstraints.filter { $0.expression.referencedColumns.contains(column) }
        let removedForeignKeys = table.foreignKeys.filter { $0.columns.contains(column) || ($0.referencedTable == name && $0.referencedColumns.contains(column)) }
        let removedExclusions = table.exclusionConstraints.filter { $0.columns.contains(column) }
        for removed in removedUniques.map(\.name) + removedChecks.map(\.name) + removedForeignKeys.map(\.name) + removedExclusions.map(\.name) {
            unregisterConstraint(removed, in: name.schema)
        }
        table.uniqueConstraints.removeAll { removedUniques.contains($0) }
        table.checkConstraints.removeAll { removedChecks.contains($0) }
        table.foreignKeys.removeAll { removedForeignKeys.contains($0) }
        table.exclusionConstraints.removeAll { removedExclusions.contains($0) }
        schema.tables[name] = table
        for index in schema.indexes.values where index.table == name && indexUses(index, column: column) {
            schema.indexes[index.name] = nil
        }
        dropOwnedSequences(table: name, column: column)
    }

    func indexUses(_ index: IndexInfo, column: String) -> Bool {
        index.keys.contains { $0.column == column || ($0.expression?.referencedColumns.contains(column) ?? false) }
            || index.include.contains(column) || (index.predicate?.referencedColumns.contains(column) ?? false)
    }

    mutating func dropOwnedSequences(table: QualifiedName, column: String?) {
        for sequence in schema.sequences.values where sequence.ownedByTable == table && (column == nil || sequence.ownedByColumn == column) {
            schema.sequences[sequence.name] = nil
        }
    }

    mutating func dropConstraint(_ constraint: String, from name: QualifiedName, ifExists: Bool, cascade: Bool) {
        guard let table = schema.tables[name], table.constraintNames.contains(constraint) else {
            if !ifExists { note("constraint \"\(constraint)\" of relation \(name) does not exist") }
            return
        }
        // Dropping a key that foreign keys rely on needs CASCADE, which drops those foreign keys.
        var keyColumns: [String]?
        if table.primaryKey?.name == constraint { keyColumns = table.primaryKey!.columns }
        if let unique = table.uniqueConstraints.first(where: { $0.name == constraint }) { keyColumns = unique.columns }
        if let keyColumns {
            let dependents = schema.foreignKeys(referencing: name).filter { Set($0.foreignKey.referencedColumns) == Set(keyColumns) }
            if !dependents.isEmpty && !cascade {
                return note("cannot drop constraint \(constraint) on table \(name) because other objects depend on it")
            }
            for dependent in dependents { removeConstraint(dependent.foreignKey.name, from: dependent.table.name) }
        }
        removeConstraint(constraint, from: name)
    }

    mutating func removeConstraint(_ constraint: String, from name: QualifiedName) {
        guard var table = schema.tables[name] else { return }
        if table.primaryKey?.name == constraint { table.primaryKey = nil }
        table.foreignKeys.removeAll { $0.name == constraint }
        table.uniqueConstraints.removeAll { $0.name == constraint }
        table.checkConstraints.removeAll { $0.name == constraint }
        table.exclusionConstraints.removeAll { $0.name == constraint }
        schema.tables[name] = table
        unregisterConstraint(constraint, in: name.schema)
    }
}
