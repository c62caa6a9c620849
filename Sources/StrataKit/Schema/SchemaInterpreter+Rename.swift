import Foundation

/// RENAME and SET SCHEMA, and every reference that follows the new name.
extension SchemaInterpreter {

    mutating func rename(_ rename: RenameStatement) {
        let newName = rename.newName
        switch rename.target {
        case .table(let name):
            if let table = resolveTable(name) {
                renameTable(table, to: QualifiedName(schema: table.schema, name: newName))
            } else if let view = resolve(name, exists: { schema.views[$0] != nil }) {
                renameView(view, to: newName)
            } else if let index = resolve(name, exists: { isRelationNameTaken($0) && schema.tables[$0] == nil }) {
                renameIndex(index, to: newName)
            } else if !rename.ifExists { note("relation \(name) does not exist") }
        case .view(let name):
            guard let view = resolve(name, exists: { schema.views[$0] != nil }) else {
                if !rename.ifExists { note("view \(name) does not exist") }
                return
            }
            renameView(view, to: newName)
        case .index(let name):
            guard let index = resolve(name, exists: { isRelationNameTaken($0) }) else {
                if !rename.ifExists { note("index \(name) does not exist") }
                return
            }
            renameIndex(index, to: newName)
        case .sequence(let name):
            guard let sequence = resolve(name, exists: { schema.sequences[$0] != nil }) else {
                if !rename.ifExists { note("sequence \(name) does not exist") }
                return
            }
            var value = schema.sequences.removeValue(forKey: sequence)!
            value.name.name = newName
            schema.sequences[value.name] = value
        case .column(let tableName, let from):
            guard let table = resolveTable(tableName) else {
                if !rename.ifExists { note("relation \(tableName) does not exist") }
                return
            }
            renameColumn(table, from: from, to: newName)
            // Inherited columns are renamed in the tables below too (partitions and children).
            var below = [table]
            var renamed: Set<QualifiedName> = [table]
            while let parent = below.popLast() {
                for child in schema.tables.values.filter({ $0.inherits.contains(parent) || $0.partitionOf == parent }).map(\.name).sorted()
                where !renamed.contains(child) && schema.tables[child]?.column(named: from) != nil {
                    renameColumn(child, from: from, to: newName)
                    renamed.insert(child)
                    below.append(child)
                }
            }
        case .constraint(let tableName, let from):
            guard let table = resolveTable(tableName), schema.tables[table]?.constraintNames.contains(from) == true else {
                return note("constraint \"\(from)\" of relation \(tableName) does not exist")
            }
            renameConstraint(table, from: from, to: newName)
        case .trigger(let tableName, let from):
            guard let table = resolveTable(tableName), let index = schema.tables[table]?.triggers.firstIndex(where: { $0.name == from }) else {
                return note("trigger \"\(from)\" for table \(tableName) does not exist")
            }
            editTable(table) { $0.triggers[index].name = newName }
        case .type(let name), .domain(let name):
            if let type = resolve(name, exists: { schema.enums[$0] != nil }) {
                var value = schema.enums.removeValue(forKey: type)!
                value.name.name = newName
                schema.enums[value.name] = value
                retype(from: type, to: value.name)
            } else if let type = resolve(name, exists: { schema.domains[$0] != nil }) {
                var value = schema.domains.removeValue(forKey: type)!
                value.name.name = newName
                schema.domains[value.name] = value
                retype(from: type, to: value.name)
            } else { note("type \(name) does not exist") }
        case .enumValue(let typeName, let from):
            guard let type = resolve(typeName, exists: { schema.enums[$0] != nil }), let index = schema.enums[type]!.values.firstIndex(of: from) else {
                return note("\"\(from)\" is not an existing enum label")
            }
            schema.enums[type]!.values[index] = newName
        case .schema(let from):
            renameSchema(from, to: newName)
        case .other:
            break  // renames of objects the model does not hold
        }
    }

    /// Columns typed with a renamed enum or domain follow it.
    mutating func retype(from old: QualifiedName, to new: QualifiedName) {
        let oldText = old.schema == "public" ? quoteIdentifierIfNeeded(old.name) : "\(quoteIdentifierIfNeeded(old.schema)).\(quoteIdentifierIfNeeded(old.name))"
        let newText = new.schema == "public" ? quoteIdentifierIfNeeded(new.name) : "\(quoteIdentifierIfNeeded(new.schema)).\(quoteIdentifierIfNeeded(new.name))"
        for (name, table) in schema.tables {
            for (index, column) in table.columns.enumerated() where column.type == oldText {
                editTable(name) { $0.columns[index].type = newText }
            }
        }
    }

    mutating func renameTable(_ old: QualifiedName, to new: QualifiedName) {
        guard !isRelationNameTaken(new) else { return note("relation \(new) already exists") }
        var table = schema.tables.removeValue(forKey: old)!
        table.name = new
        for index in table.foreignKeys.indices where table.foreignKeys[index].referencedTable == old {
            table.foreignKeys[index].referencedTable = new
        }
        schema.tables[new] = table
        for (name, other) in schema.tables {
            for index in other.foreignKeys.indices where other.foreignKeys[index].referencedTable == old {
                editTable(name) { $0.foreignKeys[index].referencedTable = new }
            }
            if other.partitionOf == old { editTable(name) { $0.partitionOf = new } }
            if let position = other.inherits.firstIndex(of: old) { editTable(name) { $0.inherits[position] = new } }
        }
        for (name, index) in schema.indexes where index.table == old { schema.indexes[name]!.table = new }
        for (name, sequence) in schema.sequences where sequence.ownedByTable == old { schema.sequences[name]!.ownedByTable = new }
    }

    mutating func renameView(_ old: QualifiedName, to newName: String) {
        var view = schema.views.removeValue(forKey: old)!
        view.name.name = newName
        schema.views[view.name] = view
        for (name, index) in schema.indexes where index.table == old { schema.indexes[name]!.table = view.name }
    }

    /// Renaming an index that backs a constraint renames the constraint too, as PostgreSQL does.
    mutating func renameIndex(_ old: QualifiedName, to newName: String) {
        if var index = schema.indexes.removeValue(forKey: old) {
            index.name.name = newName
            schema.indexes[index.name] = index
            return
        }
        if constraintOwnsIndex(old.name, in: old.schema),
           let table = schema.tables.values.first(where: { $0.name.schema == old.schema && $0.constraintIndexNames.contains(old.name) }) {
            renameConstraint(table.name, from: old.name, to: newName)
        }
    }

    mutating func renameConstraint(_ tableName: QualifiedName, from: String, to newName: String) {
        guard var table = schema.tables[tableName] else { return note("relation \(tableName) does not exist") }
        if table.primaryKey?.name == from { table.primaryKey!.name = newName }
        for index in table.foreignKeys.indices where table.foreignKeys[index].name == from { table.foreignKeys[index].name = newName }
        for index in table.uniqueConstraints.indices where table.uniqueConstraints[index].name == from { table.uniqueConstraints[index].name = newName }
        for index in table.checkConstraints.indices where table.checkConstraints[index].name == from { table.checkConstraints[index].name = newName }
        for index in table.exclusionConstraints.indices where table.exclusionConstraints[index].name == from { table.exclusionConstraints[index].name = newName }
        schema.tables[tableName] = table
        let ownsIndex = constraintOwnsIndex(from, in: tableName.schema)
        unregisterConstraint(from, in: tableName.schema)
        registerConstraint(newName, in: tableName.schema, ownsIndex: ownsIndex)
    }

    mutating func renameColumn(_ tableName: QualifiedName, from: String, to newName: String) {
        guard var table = schema.tables[tableName], let position = table.columnIndex(named: from) else {
            return note("column \"\(from)\" of relation \(tableName) does not exist")
        }
        if table.column(named: newName) != nil { return note("column \"\(newName)\" of relation \(tableName) already exists") }
        func swap(_ columns: [String]) -> [String] { columns.map { $0 == from ? newName : $0 } }
        table.columns[position].name = newName
        if table.primaryKey != nil { table.primaryKey!.columns = swap(table.primaryKey!.columns) }
        for index in table.uniqueConstraints.indices { table.uniqueConstraints[index].columns = swap(table.uniqueConstraints[index].columns) }
        for index in table.foreignKeys.indices { table.foreignKeys[index].columns = swap(table.foreignKeys[index].columns) }
        for index in table.exclusionConstraints.indices { table.exclusionConstraints[index].columns = swap(table.exclusionConstraints[index].columns) }
        // Stored expressions refer to columns by number: they print the new name.
        func rename(_ expression: SQLExpression?) -> SQLExpression? { expression?.renamingColumn(from, to: newName) }
        for index in table.checkConstraints.indices { table.checkConstraints[index].expression = rename(table.checkConstraints[index].expression)! }
        for index in table.exclusionConstraints.indices { table.exclusionConstraints[index].predicate = rename(table.exclusionConstraints[index].predicate) }
        for index in table.columns.indices {
            table.columns[index].defaultExpression = rename(table.columns[index].defaultExpression)
            table.columns[index].generated = rename(table.columns[index].generated)
        }
        for index in table.policies.indices {
            table.policies[index].using = rename(table.policies[index].using)
            table.policies[index].withCheck = rename(table.policies[index].withCheck)
        }
        schema.tables[tableName] = table
        for (name, other) in schema.tables {
            for index in other.foreignKeys.indices where other.foreignKeys[index].referencedTable == tableName {
                editTable(name) { $0.foreignKeys[index].referencedColumns = swap(other.foreignKeys[index].referencedColumns) }
            }
        }
        for (name, index) in schema.indexes where index.table == tableName {
            for keyIndex in index.keys.indices where index.keys[keyIndex].column == from { schema.indexes[name]!.keys[keyIndex].column = newName }
            for keyIndex in index.keys.indices { schema.indexes[name]!.keys[keyIndex].expression = rename(index.keys[keyIndex].expression) }
            schema.indexes[name]!.predicate = rename(index.predicate)
            schema.indexes[name]!.include = swap(index.include)
        }
        for (name, sequence) in schema.sequences where sequence.ownedByTable == tableName && sequence.ownedByColumn == from {
            schema.sequences[name]!.ownedByColumn = newName
        }
    }

    mutating func renameSchema(_ from: String, to newName: String) {
        guard schema.schemas.contains(from) else { return note("schema \"\(from)\" does not exist") }
        schema.schemas.remove(from)
        schema.schemas.insert(newName)
        for table in schema.tables.keys where table.schema == from {
            moveTable(table, to: newName)
        }
        func moved<Value>(_ dictionary: [QualifiedName: Value], _ update: (inout Value, QualifiedName) -> Void) -> [QualifiedName: Value] {
            var result: [QualifiedName: Value] = [:]
            for (key, value) in dictionary {
                var copy = value
                let newKey = key.schema == from ? QualifiedName(schema: newName, name: key.name) : key
                update(&copy, newKey)
                result[newKey] = copy
            }
            return result
        }
        schema.views = moved(schema.views) { $0.name = $1 }
        schema.enums = moved(schema.enums) { $0.name = $1 }
        schema.domains = moved(schema.domains) { $0.name = $1 }
        var functions: [String: FunctionInfo] = [:]
        for function in schema.functions.values {
            var copy = function
            if copy.name.schema == from { copy.name.schema = newName }
            functions[copy.signature] = copy
        }
        schema.functions = functions
    }

    mutating func setSchema(_ move: SetSchemaStatement) {
        let target = move.newSchema
        switch move.objectKind {
        case .table:
            guard let table = resolveTable(move.name) else { return note("relation \(move.name) does not exist") }
            moveTable(table, to: target)
        case .view, .materializedView:
            guard let view = resolve(move.name, exists: { schema.views[$0] != nil }) else { return note("relation \(move.name) does not exist") }
            var value = schema.views.removeValue(forKey: view)!
            value.name.schema = target
            schema.views[value.name] = value
        case .type, .domain:
            if let type = resolve(move.name, exists: { schema.enums[$0] != nil }) {
                var value = schema.enums.removeValue(forKey: type)!
                value.name.schema = target
                schema.enums[value.name] = value
                retype(from: type, to: value.name)
            }
        case .sequence:
            guard let sequence = resolve(move.name, exists: { schema.sequences[$0] != nil }) else { return note("relation \(move.name) does not exist") }
            var value = schema.sequences.removeValue(forKey: sequence)!
            value.name.schema = target
            schema.sequences[value.name] = value
        default:
            break  // objects the model does not hold
        }
    }

    /// A table moves with its indexes, constraints and owned sequences.
    mutating func moveTable(_ old: QualifiedName, to newSchema: String) {
        let new = QualifiedName(schema: newSchema, name: old.name)
        guard var table = schema.tables.removeValue(forKey: old) else { return }
        for constraint in table.constraintNames {
            let ownsIndex = constraintOwnsIndex(constraint, in: old.schema)
            unregisterConstraint(constraint, in: old.schema)
            registerConstraint(constraint, in: newSchema, ownsIndex: ownsIndex)
        }
        table.name = new
        schema.tables[new] = table
        for (name, other) in schema.tables {
            for index in other.foreignKeys.indices where other.foreignKeys[index].referencedTable == old {
                editTable(name) { $0.foreignKeys[index].referencedTable = new }
            }
        }
        for (name, index) in schema.indexes where index.table == old {
            var moved = schema.indexes.removeValue(forKey: name)!
            moved.table = new
            moved.name.schema = newSchema
            schema.indexes[moved.name] = moved
        }
        for (name, sequence) in schema.sequences where sequence.ownedByTable == old {
            var moved = schema.sequences.removeValue(forKey: name)!
            moved.ownedByTable = new
            moved.name.schema = newSchema
            schema.sequences[moved.name] = moved
        }
    }
}
