import Foundation

/// DROP of every kind, with what CASCADE takes along.
extension SchemaInterpreter {

    mutating func drop(_ drop: DropStatement) {
        // Tables dropped together may depend on each other without CASCADE (a parent and its child).
        let droppedTogether = drop.objectKind == .table ? Set(drop.objects.compactMap { resolveTable($0.name) }) : []
        for (name, member) in drop.objects {
            switch drop.objectKind {
            case .table:
                guard let table = resolveTable(name) else {
                    if !drop.ifExists && !droppedTogether.contains(qualifyForCreation(name)) { note("table \(name) does not exist") }
                    continue
                }
                dropTable(table, cascade: drop.cascade, alongWith: droppedTogether)
            case .index:
                guard let index = resolve(name, exists: { schema.indexes[$0] != nil }) else {
                    if resolve(name, exists: { isRelationNameTaken($0) }) != nil {
                        note("cannot drop index \(name) because a constraint requires it")
                    } else if !drop.ifExists { note("index \(name) does not exist") }
                    continue
                }
                schema.indexes[index] = nil
            case .view, .materializedView:
                guard let view = resolve(name, exists: { schema.views[$0] != nil }) else {
                    if !drop.ifExists { note("view \(name) does not exist") }
                    continue
                }
                schema.views[view] = nil
                schema.indexes = schema.indexes.filter { $0.value.table != view }
                if drop.cascade { dropViews(readingFrom: view) }
            case .sequence:
                guard let sequence = resolve(name, exists: { schema.sequences[$0] != nil }) else {
                    if !drop.ifExists { note("sequence \(name) does not exist") }
                    continue
                }
                schema.sequences[sequence] = nil
            case .type, .domain:
                if let type = resolve(name, exists: { schema.enums[$0] != nil }) { schema.enums[type] = nil }
                else if let type = resolve(name, exists: { schema.domains[$0] != nil }) { schema.domains[type] = nil }
                else if !drop.ifExists { note("type \(name) does not exist") }
            case .function, .procedure:
                let matches = schema.functions.filter { entry in
                    entry.value.name.name == name.name && (name.schema == nil ? searchPath.contains(entry.value.name.schema) : entry.value.name.schema == name.schema)
                }
                if matches.isEmpty, !drop.ifExists { note("function \(name) does not exist") }
                for signature in matches.keys { schema.functions[signature] = nil }
            case .trigger, .policy:
                guard let member, let table = resolveTable(name) else {
                    if !drop.ifExists { note("relation \(name) does not exist") }
                    continue
                }
                if drop.objectKind == .trigger {
                    editTable(table) { $0.triggers.removeAll { $0.name == member } }
                } else {
                    editTable(table) { $0.policies.removeAll { $0.name == member } }
                }
            case .extension:
                if schema.extensions.removeValue(forKey: name.name) == nil, !drop.ifExists { note("extension \"\(name.name)\" does not exist") }
            case .schema:
                dropSchema(name.name, cascade: drop.cascade, ifExists: drop.ifExists)
            case .other:
                break  // objects the model does not hold
            }
        }
    }

    mutating func dropTable(_ name: QualifiedName, cascade: Bool, alongWith droppedTogether: Set<QualifiedName> = []) {
        let dependents = schema.foreignKeys(referencing: name).filter { $0.table.name != name }
        var children: [QualifiedName] = [], partitions: [QualifiedName] = []
        for table in schema.tables.values {
            if table.partitionOf == name { partitions.append(table.name) } else if table.inherits.contains(name) { children.append(table.name) }
        }
        children.sort()
        let blocking = dependents.contains { !droppedTogether.contains($0.table.name) } || children.contains { !droppedTogether.contains($0) }
        if blocking && !cascade {
            let names = dependents.map { "\($0.foreignKey.name) on \($0.table.name)" } + children.map { "table \($0) inherits from it" }
            return note("cannot drop table \(name) because other objects depend on it (\(names.joined(separator: ", ")))")
        }
        // CASCADE drops the tables that inherit from it, and the views (plain and materialized) that read it.
        for child in children { dropTable(child, cascade: true) }
        if cascade { dropViews(readingFrom: name) }
        for dependent in dependents { removeConstraint(dependent.foreignKey.name, from: dependent.table.name) }
        if let table = schema.tables.removeValue(forKey: name) {
            for constraint in table.constraintNames { unregisterConstraint(constraint, in: name.schema) }
        }
        for key in schema.indexes.compactMap({ $0.value.table == name ? $0.key : nil }) { schema.indexes.removeValue(forKey: key) }
        dropOwnedSequences(table: name, column: nil)
        // Partitions go with their parent.
        for partition in partitions { dropTable(partition, cascade: true) }
    }

    /// With CASCADE, the views and materialized views whose definitions name `relation`, and the
    /// views that read those, as PostgreSQL's dependency tracking drops them.
    mutating func dropViews(readingFrom relation: QualifiedName) {
        var pending = [relation]
        while let dropped = pending.popLast() {
            let readers = schema.views.values.filter { view in
                view.name != dropped && PostgresParser.mentionedNames(in: view.definition).contains(dropped.name)
            }.map(\.name).sorted()
            for reader in readers where schema.views[reader] != nil {
                schema.views[reader] = nil
                schema.indexes = schema.indexes.filter { $0.value.table != reader }
                pending.append(reader)
            }
        }
    }

    mutating func dropSchema(_ name: String, cascade: Bool, ifExists: Bool) {
        guard schema.schemas.contains(name) else {
            if !ifExists { note("schema \"\(name)\" does not exist") }
            return
        }
        let hasObjects = schema.tables.keys.contains { $0.schema == name } || schema.views.keys.contains { $0.schema == name }
            || schema.enums.keys.contains { $0.schema == name } || schema.functions.values.contains { $0.name.schema == name }
        if hasObjects && !cascade { return note("cannot drop schema \(name) because other objects depend on it") }
        for table in schema.tables.keys where table.schema == name { dropTable(table, cascade: true) }
        schema.views = schema.views.filter { $0.key.schema != name }
        schema.enums = schema.enums.filter { $0.key.schema != name }
        schema.domains = schema.domains.filter { $0.key.schema != name }
        schema.sequences = schema.sequences.filter { $0.key.schema != name }
        schema.indexes = schema.indexes.filter { $0.key.schema != name }
        schema.functions = schema.functions.filter { $0.value.name.schema != name }
        schema.schemas.remove(name)
    }
}
