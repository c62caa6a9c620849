import Foundation

/// Indexes, triggers, enums and comments.
extension SchemaInterpreter {

    mutating func createIndex(_ create: CreateIndexStatement) {
        let tableName = resolve(create.table) { schema.tables[$0] != nil || (schema.views[$0]?.isMaterialized ?? false) }
        guard let tableName else { return note("relation \(create.table) does not exist") }
        let components = ImplicitNames.uniqueColumnComponents(create.keys.map(\.nameComponent) + create.include)
        let indexName = create.name ?? ImplicitNames.choose(tableName.name, ImplicitNames.joinedColumnNames(components), "idx") {
            isRelationNameTaken(QualifiedName(schema: tableName.schema, name: $0))
        }
        let qualified = QualifiedName(schema: tableName.schema, name: indexName)
        if isRelationNameTaken(qualified) {
            if !create.ifNotExists { note("relation \(qualified) already exists") }
            return
        }
        var index = IndexInfo(
            name: qualified, table: tableName, method: create.method, isUnique: create.isUnique, keys: create.keys.map(indexKey),
            include: create.include, predicate: create.predicate, nullsNotDistinct: create.nullsNotDistinct, location: location)
        index.storage = create.storage
        schema.indexes[qualified] = index
        if !create.only, schema.tables[tableName]?.partitionKey != nil {
            for partition in schema.tables.values.sorted(by: { $0.name < $1.name }) where partition.partitionOf == tableName {
                clonePartitionIndex(index, to: partition.name)
            }
        }
    }

    mutating func createTrigger(_ create: CreateTriggerStatement) {
        guard let tableName = resolveTable(create.table) else { return note("relation \(create.table) does not exist") }
        // A function the files never created is a built-in one (tsvector_update_trigger): pg_catalog comes first on the path.
        let functionName = resolve(create.function) { name in schema.functions.values.contains { $0.name == name } }
            ?? QualifiedName(schema: create.function.schema ?? "pg_catalog", name: create.function.name)
        var trigger = Trigger(name: create.name, function: functionName, timing: create.timing, events: create.events,
                              updateColumns: create.updateColumns, forEachRow: create.forEachRow, location: location)
        trigger.when = create.when
        trigger.arguments = create.arguments
        if let existing = schema.tables[tableName]?.triggers.firstIndex(where: { $0.name == create.name }) {
            if !create.orReplace { return note("trigger \"\(create.name)\" for relation \(tableName) already exists") }
            editTable(tableName) { $0.triggers[existing] = trigger }
        } else {
            editTable(tableName) { $0.triggers.append(trigger) }
            // Row triggers on a partitioned table are cloned onto its partitions.
            if create.forEachRow {
                for partition in schema.tables.values where partition.partitionOf == tableName
                    && !partition.triggers.contains(where: { $0.name == create.name }) {
                    editTable(partition.name) { $0.triggers.append(trigger) }
                }
            }
        }
    }

    mutating func alterEnum(_ alter: AlterEnumStatement) {
        guard let name = resolve(alter.type, exists: { schema.enums[$0] != nil }) else { return note("type \(alter.type) does not exist") }
        var values = schema.enums[name]!.values
        if values.contains(alter.newValue) {
            if !alter.ifNotExists { note("enum label \"\(alter.newValue)\" already exists") }
            return
        }
        if let neighbor = alter.neighbor, let index = values.firstIndex(of: neighbor) {
            values.insert(alter.newValue, at: alter.after ? index + 1 : index)
        } else {
            values.append(alter.newValue)
        }
        schema.enums[name]!.values = values
    }

    mutating func comment(_ comment: CommentStatement) {
        switch comment.target {
        case .table(let name):
            if let table = resolveTable(name) { editTable(table) { $0.comment = comment.text } }
            else if let view = resolve(name, exists: { schema.views[$0] != nil }) { schema.views[view]!.comment = comment.text }
            else { note("relation \(name) does not exist") }
        case .column(let tableName, let column):
            guard let table = resolveTable(tableName) else {
                if resolve(tableName, exists: { schema.views[$0] != nil }) == nil { note("relation \(tableName) does not exist") }
                return
            }
            withColumn(table, column) { $0.comment = comment.text }
        case .index(let name):
            if let index = resolve(name, exists: { schema.indexes[$0] != nil }) { schema.indexes[index]!.comment = comment.text }
        case .view(let name):
            if let view = resolve(name, exists: { schema.views[$0] != nil }) { schema.views[view]!.comment = comment.text }
        case .type(let name):
            if let type = resolve(name, exists: { schema.enums[$0] != nil }) { schema.enums[type]!.comment = comment.text }
        case .function(let name):
            for (signature, function) in schema.functions where function.name == (resolve(name) { n in schema.functions.values.contains { $0.name == n } }) {
                schema.functions[signature]!.comment = comment.text
            }
        case .schema(let name):
            schema.schemaComments[name] = comment.text
        case .constraint, .other:
            break  // comments on objects the model does not hold
        }
    }
}
