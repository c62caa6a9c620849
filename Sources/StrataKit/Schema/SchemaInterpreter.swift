import Foundation

/// Something the interpreter could not apply: a reference to an unknown object, a name
/// clash PostgreSQL would reject. Reported, never fatal: the rest of the file still counts.
package struct InterpreterNote: Sendable, Equatable {
    package var message: String
    package var location: SourceLocation
}

/// Applies DDL statements, in order, to a `DatabaseSchema`: the same effects PostgreSQL 15
/// would have on its catalog, with its implicit names and search_path resolution.
package struct SchemaInterpreter: Sendable {
    package private(set) var schema: DatabaseSchema
    package var searchPath: [String] = ["public"]
    package private(set) var notes: [InterpreterNote] = []

    /// Drops the notes read so far (lint reads each migration's, then has no use for them).
    package mutating func forgetNotes() { notes.removeAll() }
    /// Constraint names per schema (PostgreSQL keeps invented ones unique per namespace), each
    /// marked with whether it owns an index of the same name (primary key, unique, exclusion).
    private var constraintNames: [String: [String: Bool]] = [:]
    private var location = SourceLocation(file: "", line: 1, column: 1)

    package init(schema: DatabaseSchema = DatabaseSchema()) {
        self.schema = schema
        for table in schema.tables.values {
            let indexBacked = Set(table.constraintIndexNames)
            for name in table.constraintNames { constraintNames[table.name.schema, default: [:]][name] = indexBacked.contains(name) }
        }
    }

    // MARK: - Names

    var creationSchema: String { searchPath.first { schema.schemas.contains($0) } ?? "public" }

    func qualifyForCreation(_ name: ObjectName) -> QualifiedName {
        QualifiedName(schema: name.schema ?? creationSchema, name: name.name)
    }

    /// Finds an existing object the way PostgreSQL does: explicit schema, else the first schema
    /// on the search_path (pg_catalog first, public by default) that has it.
    func resolve(_ name: ObjectName, exists: (QualifiedName) -> Bool) -> QualifiedName? {
        if let schemaName = name.schema {
            let qualified = QualifiedName(schema: schemaName, name: name.name)
            return exists(qualified) ? qualified : nil
        }
        for candidate in searchPath {
            let qualified = QualifiedName(schema: candidate, name: name.name)
            if exists(qualified) { return qualified }
        }
        return nil
    }

    func resolveTable(_ name: ObjectName) -> QualifiedName? { resolve(name) { schema.tables[$0] != nil } }
    func resolveRelationForReference(_ name: ObjectName) -> QualifiedName { resolveTable(name) ?? qualifyForCreation(name) }

    func isRelationNameTaken(_ name: QualifiedName) -> Bool {
        schema.tables[name] != nil || schema.indexes[name] != nil || schema.sequences[name] != nil || schema.views[name] != nil
            || constraintNames[name.schema]?[name.name] == true
    }

    func isConstraintNameTaken(_ name: String, in schemaName: String) -> Bool {
        constraintNames[schemaName]?[name] != nil
    }

    mutating func registerConstraint(_ name: String, in schemaName: String, ownsIndex: Bool = false) {
        constraintNames[schemaName, default: [:]][name] = ownsIndex
    }
    mutating func unregisterConstraint(_ name: String, in schemaName: String) { constraintNames[schemaName]?[name] = nil }
    func constraintOwnsIndex(_ name: String, in schemaName: String) -> Bool { constraintNames[schemaName]?[name] ?? false }

    mutating func note(_ message: String) { notes.append(InterpreterNote(message: message, location: location)) }

    // MARK: - Statements

    package mutating func apply(_ statement: ParsedStatement) {
        location = statement.location
        apply(statement.kind)
    }

    mutating func apply(_ statement: Statement) {
        switch statement {
        case .createTable(let create): createTable(create)
        case .alterTable(let alter): alterTable(alter)
        case .createIndex(let create): createIndex(create)
        case .drop(let drop): self.drop(drop)
        case .rename(let rename): self.rename(rename)
        case .setSchema(let move): setSchema(move)
        case .createEnum(let name, let values):
            let qualified = qualifyForCreation(name)
            if schema.enums[qualified] != nil || schema.domains[qualified] != nil { return note("type \(qualified) already exists") }
            schema.enums[qualified] = EnumType(name: qualified, values: values, location: location)
        case .alterEnum(let alter): alterEnum(alter)
        case .createDomain(let create):
            let qualified = qualifyForCreation(create.name)
            var checks: [CheckConstraint] = []
            for check in create.checks {
                let name = check.name ?? ImplicitNames.choose(qualified.name, nil, "check") { candidate in
                    checks.contains { $0.name == candidate }
                }
                checks.append(CheckConstraint(name: name, expression: check.expression, location: location))
            }
            schema.domains[qualified] = Domain(name: qualified, baseType: typeText(create.type) + String(repeating: "[]", count: create.type.arrayDimensions), isNotNull: create.isNotNull,
                                               defaultExpression: create.defaultExpression, checks: checks, location: location)
        case .alterDomain(let alter):
            guard let name = resolve(alter.name, exists: { schema.domains[$0] != nil }) else {
                return note("type \(alter.name) does not exist")
            }
            switch alter.action {
            case .addConstraint(let definition):
                guard case .check(let expression) = definition.kind else { return }
                let existing = schema.domains[name]!.checks
                let chosen = definition.name ?? ImplicitNames.choose(name.name, nil, "check") { candidate in existing.contains { $0.name == candidate } }
                schema.domains[name]!.checks.append(CheckConstraint(name: chosen, expression: expression, isValid: !definition.notValid, location: location))
            case .dropConstraint(let constraint):
                schema.domains[name]!.checks.removeAll { $0.name == constraint }
            case .validateConstraint(let constraint):
                if let index = schema.domains[name]!.checks.firstIndex(where: { $0.name == constraint }) { schema.domains[name]!.checks[index].isValid = true }
            case .setNotNull: schema.domains[name]!.isNotNull = true
            case .dropNotNull: schema.domains[name]!.isNotNull = false
            case .other: break  // changes nothing the model holds
            }
        case .createSequence(let create):
            let qualified = qualifyForCreation(create.name)
            if schema.sequences[qualified] != nil {
                if !create.ifNotExists { note("relation \(qualified) already exists") }
                return
            }
            var sequence = SequenceInfo(name: qualified, dataType: create.dataType ?? "bigint", location: location)
            applyOwnedBy(create.ownedBy, to: &sequence)
            schema.sequences[qualified] = sequence
        case .alterSequence(let name, let ownedBy):
            guard let qualified = resolve(name, exists: { schema.sequences[$0] != nil }) else { return note("sequence \(name) does not exist") }
            if let ownedBy {
                var sequence = schema.sequences[qualified]!
                applyOwnedBy(ownedBy, to: &sequence)
                schema.sequences[qualified] = sequence
            }
        case .createView(let create):
            let qualified = qualifyForCreation(create.name)
            if schema.views[qualified] != nil, !create.orReplace {
                if !create.ifNotExists { note("relation \(qualified) already exists") }
                return
            }
            schema.views[qualified] = ViewInfo(name: qualified, definition: create.definition, isMaterialized: create.isMaterialized,
                                           comment: schema.views[qualified]?.comment, selectsStar: create.selectsStar, location: location)
        case .createFunction(let create):
            let qualified = qualifyForCreation(create.name)
            let function = FunctionInfo(name: qualified, argumentTypes: create.argumentTypes, returnType: create.returnType,
                                    language: create.language, volatility: create.volatility, body: create.body,
                                    isProcedure: create.isProcedure, location: location)
            if schema.functions[function.signature] != nil, !create.orReplace {
                return note("function \(function.signature) already exists")
            }
            schema.functions[function.signature] = function
        case .createTrigger(let create): createTrigger(create)
        case .createExtension(let name, let schemaName, let ifNotExists):
            if schema.extensions[name] != nil {
                if !ifNotExists { note("extension \"\(name)\" already exists") }
                return
            }
            schema.extensions[name] = Extension(name: name, schema: schemaName ?? creationSchema, location: location)
        case .comment(let comment): self.comment(comment)
        case .createSchema(let name, let ifNotExists, let elements):
            if schema.schemas.contains(name), !ifNotExists { note("schema \"\(name)\" already exists") }
            schema.schemas.insert(name)
            let saved = searchPath
            searchPath = [name] + searchPath
            for element in elements { apply(element) }
            searchPath = saved
        case .setSearchPath(let path):
            searchPath = path.flatMap { $0.split(separator: ",").map { String($0.trimming { $0 == " " || $0 == "\"" }) } }
                .filter { !$0.isEmpty && $0 != "$user" && $0 != "pg_catalog" }
        case .createPolicy(let create):
            guard let table = resolveTable(create.table) else { return note("relation \(create.table) does not exist") }
            schema.tables[table]!.policies.append(Policy(
                name: create.name, command: create.command.isEmpty ? "all" : create.command, permissive: create.permissive,
                roles: create.roles.isEmpty ? ["public"] : create.roles, using: create.using, withCheck: create.withCheck, location: location))
        case .transaction, .dataChange, .maintenance, .truncate, .select, .setting, .dropDatabase, .other:
            break  // GRANT, SET, INSERT, ...: nothing the model holds changes
        }
    }

    /// A type as the model stores it: built-ins as `format_type` prints them, user types qualified outside public.
    func typeText(_ type: TypeReference) -> String {
        if let schemaName = type.schema, schemaName != "public" {
            return "\(quoteIdentifierIfNeeded(schemaName)).\(quoteIdentifierIfNeeded(type.name))"
        }
        if type.schema == nil, TypeNames.builtinSpellings.values.contains(where: { type.name.hasPrefix($0) }) || TypeNames.unqualifiedBuiltins.contains(type.name) {
            return type.name
        }
        // An unqualified user type found in a non-public schema on the search path is printed qualified.
        let name = ObjectName(schema: type.schema, name: type.name)
        if let found = resolve(name, exists: { schema.enums[$0] != nil || schema.domains[$0] != nil }), found.schema != "public" {
            return "\(quoteIdentifierIfNeeded(found.schema)).\(quoteIdentifierIfNeeded(found.name))"
        }
        return type.name
    }

    func applyOwnedBy(_ ownedBy: [String]?, to sequence: inout SequenceInfo) {
        guard let ownedBy else { return }
        if ownedBy.count < 2 || ownedBy == ["none"] {
            sequence.ownedByTable = nil
            sequence.ownedByColumn = nil
            return
        }
        let table = ObjectName(schema: ownedBy.count > 2 ? ownedBy[ownedBy.count - 3] : nil, name: ownedBy[ownedBy.count - 2])
        sequence.ownedByTable = resolveRelationForReference(table)
        sequence.ownedByColumn = ownedBy.last
    }

    // MARK: - Tables

    mutating func createTable(_ create: CreateTableStatement) {
        let name = qualifyForCreation(create.name)
        if schema.tables[name] != nil || schema.views[name] != nil {
            if !create.ifNotExists { note("relation \(name) already exists") }
            return
        }
        var table = TableInfo(name: name)
        table.location = location
        table.persistence = create.isTemporary ? .temporary : (create.isUnlogged ? .unlogged : .permanent)
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
                if let value = definition.defaultExpression { table.columns[index].defaultExpression = value }
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
            attachIdentitySequence(table: name, column: column.name)
        }

        // PostgreSQL names CHECK constraints first, then index-backed constraints in order, then foreign keys.
        for definition in pendingConstraints where isCheck(definition) { addConstraint(definition, to: name, isNewTable: true) }
        for definition in pendingConstraints where isIndexBacked(definition) { addConstraint(definition, to: name, isNewTable: true) }
        for definition in pendingConstraints where isForeignKey(definition) { addConstraint(definition, to: name, isNewTable: true) }

        if let parent = partitionParent {
            clonePartitionConstraints(from: parent, to: name)
            for index in schema.indexes.values.filter({ $0.table == parent.name }).sorted(by: { $0.name < $1.name }) { clonePartitionIndex(index, to: name) }
            schema.tables[name]!.triggers += parent.triggers.filter(\.forEachRow)
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
            schema.tables[partition]!.primaryKey = PrimaryKey(name: name, columns: pk.columns, include: pk.include, location: location)
            registerConstraint(name, in: partition.schema, ownsIndex: true)
        }
        for unique in parent.uniqueConstraints {
            let name = ImplicitNames.choose(partition.name, ImplicitNames.joinedColumnNames(unique.columns + unique.include), "key") { isRelationNameTaken(QualifiedName(schema: partition.schema, name: $0)) || isConstraintNameTaken($0, in: partition.schema) }
            var copy = unique
            copy.name = name
            copy.location = location
            schema.tables[partition]!.uniqueConstraints.append(copy)
            registerConstraint(name, in: partition.schema, ownsIndex: true)
        }
        for foreignKey in parent.foreignKeys {
            var copy = foreignKey
            copy.location = location
            schema.tables[partition]!.foreignKeys.append(copy)
        }
    }

    func makeColumn(_ definition: ColumnDefinition) -> (ColumnInfo, TypeReference.SerialKind?) {
        let type = definition.type ?? TypeReference(name: "unknown", arrayDimensions: 0)
        var column = ColumnInfo(name: definition.name, type: typeText(type), arrayDimensions: type.arrayDimensions,
                            isNotNull: definition.isNotNull, defaultExpression: definition.defaultExpression,
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
        if let index = schema.tables[table]!.columnIndex(named: column) {
            schema.tables[table]!.columns[index].defaultExpression = expression
        }
    }

    mutating func attachIdentitySequence(table: QualifiedName, column: String) {
        let sequenceName = ImplicitNames.choose(table.name, column, "seq") { isRelationNameTaken(QualifiedName(schema: table.schema, name: $0)) }
        let qualified = QualifiedName(schema: table.schema, name: sequenceName)
        let dataType = schema.tables[table]?.column(named: column)?.type ?? "bigint"
        schema.sequences[qualified] = SequenceInfo(name: qualified, dataType: dataType, ownedByTable: table, ownedByColumn: column, location: location)
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

    // MARK: - ALTER TABLE

    mutating func alterTable(_ alter: AlterTableStatement) {
        if alter.isIndex { return }  // ALTER INDEX ... SET (...): nothing modeled changes
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
                schema.tables[child]!.columns.append(column)
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
        body(&schema.tables[table]!.columns[index])
    }

    mutating func alterTable(_ name: QualifiedName, _ command: AlterTableCommand) {
        switch command {
        case .addColumn(let definition, let ifNotExists):
            if schema.tables[name]!.column(named: definition.name) != nil {
                if !ifNotExists { note("column \"\(definition.name)\" of relation \(name) already exists") }
                return
            }
            let (column, serial) = makeColumn(definition)
            schema.tables[name]!.columns.append(column)
            if let serial { attachSerialSequence(table: name, column: column.name, kind: serial) }
            if column.identity != nil { attachIdentitySequence(table: name, column: column.name) }
            for constraint in definition.constraints where isCheck(constraint) { addConstraint(constraint, to: name, isNewTable: false) }
            for constraint in definition.constraints where isIndexBacked(constraint) { addConstraint(constraint, to: name, isNewTable: false) }
            for constraint in definition.constraints where isForeignKey(constraint) { addConstraint(constraint, to: name, isNewTable: false) }
        case .dropColumn(let column, let ifExists, let cascade):
            guard schema.tables[name]!.column(named: column) != nil else {
                if !ifExists { note("column \"\(column)\" of relation \(name) does not exist") }
                return
            }
            dropColumn(column, from: name, cascade: cascade)
        case .alterColumnType(let column, let type, let collation, _):
            let text = typeText(type)
            withColumn(name, column) { $0.type = text; $0.arrayDimensions = type.arrayDimensions; if let collation { $0.collation = collation } }
        case .setDefault(let column, let expression):
            withColumn(name, column) { $0.defaultExpression = expression }
        case .setNotNull(let column):
            withColumn(name, column) { $0.isNotNull = true }
        case .dropNotNull(let column):
            if schema.tables[name]!.primaryKey?.columns.contains(column) == true {
                return note("column \"\(column)\" is in a primary key")
            }
            withColumn(name, column) { $0.isNotNull = false }
        case .addConstraint(let definition):
            if definition.name == nil || !schema.tables[name]!.constraintNames.contains(definition.name!) {
                addConstraint(definition, to: name, isNewTable: false)
            } else {
                note("constraint \"\(definition.name!)\" for relation \(name) already exists")
            }
        case .dropConstraint(let constraint, let ifExists, let cascade):
            dropConstraint(constraint, from: name, ifExists: ifExists, cascade: cascade)
        case .validateConstraint(let constraint):
            var table = schema.tables[name]!
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
            schema.tables[name]!.rowLevelSecurity = enabled
        case .forceRowLevelSecurity(let force):
            schema.tables[name]!.forceRowLevelSecurity = force
        case .setLogged(let logged):
            schema.tables[name]!.persistence = logged ? .permanent : .unlogged
        case .attachPartition(let partition, let bound):
            guard let child = resolveTable(partition) else { return note("relation \(partition) does not exist") }
            // PostgreSQL refuses to attach a table to itself or to one of its own partitions.
            var ancestor: QualifiedName? = name
            while let current = ancestor {
                if current == child { return note("cannot attach \(child) as a partition of itself or of its own partition") }
                ancestor = schema.tables[current]?.partitionOf
            }
            if schema.tables[child]!.partitionOf != nil { return note("\(child) is already a partition") }
            schema.tables[child]!.partitionOf = name
            schema.tables[child]!.partitionBound = bound
        case .detachPartition(let partition, _):
            guard let child = resolveTable(partition) else { return note("relation \(partition) does not exist") }
            schema.tables[child]!.partitionOf = nil
            schema.tables[child]!.partitionBound = nil
        case .other:
            break  // storage parameters, replica identity, ...: not in the model
        }
    }

    mutating func dropColumn(_ column: String, from name: QualifiedName, cascade: Bool) {
        var table = schema.tables[name]!
        // Foreign keys elsewhere that reference this column need CASCADE.
        let dependents = schema.foreignKeys(referencing: name).filter { $0.foreignKey.referencedColumns.contains(column) && $0.table.name != name }
        if !dependents.isEmpty && !cascade {
            return note("cannot drop column \(column) of table \(name) because other objects depend on it (\(dependents.map(\.foreignKey.name).joined(separator: ", ")))")
        }
        for dependent in dependents { removeConstraint(dependent.foreignKey.name, from: dependent.table.name) }
        table = schema.tables[name]!
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

    // MARK: - Indexes, triggers, enums, comments

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
        let index = IndexInfo(
            name: qualified, table: tableName, method: create.method, isUnique: create.isUnique, keys: create.keys.map(indexKey),
            include: create.include, predicate: create.predicate, nullsNotDistinct: create.nullsNotDistinct, location: location)
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
        let trigger = Trigger(name: create.name, function: functionName, timing: create.timing, events: create.events,
                              updateColumns: create.updateColumns, forEachRow: create.forEachRow, location: location)
        if let existing = schema.tables[tableName]!.triggers.firstIndex(where: { $0.name == create.name }) {
            if !create.orReplace { return note("trigger \"\(create.name)\" for relation \(tableName) already exists") }
            schema.tables[tableName]!.triggers[existing] = trigger
        } else {
            schema.tables[tableName]!.triggers.append(trigger)
            // Row triggers on a partitioned table are cloned onto its partitions.
            if create.forEachRow {
                for partition in schema.tables.values where partition.partitionOf == tableName
                    && !partition.triggers.contains(where: { $0.name == create.name }) {
                    schema.tables[partition.name]!.triggers.append(trigger)
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
            if let table = resolveTable(name) { schema.tables[table]!.comment = comment.text }
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

    // MARK: - DROP

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
                    schema.tables[table]!.triggers.removeAll { $0.name == member }
                } else {
                    schema.tables[table]!.policies.removeAll { $0.name == member }
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
        // CASCADE drops the tables that inherit from it, and views reading it are left to PostgreSQL's own dependency tracking.
        for child in children { dropTable(child, cascade: true) }
        for dependent in dependents { removeConstraint(dependent.foreignKey.name, from: dependent.table.name) }
        if let table = schema.tables.removeValue(forKey: name) {
            for constraint in table.constraintNames { unregisterConstraint(constraint, in: name.schema) }
        }
        for key in schema.indexes.compactMap({ $0.value.table == name ? $0.key : nil }) { schema.indexes.removeValue(forKey: key) }
        dropOwnedSequences(table: name, column: nil)
        // Partitions go with their parent.
        for partition in partitions { dropTable(partition, cascade: true) }
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

    // MARK: - RENAME and SET SCHEMA

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
            guard let table = resolveTable(tableName), schema.tables[table]!.constraintNames.contains(from) else {
                return note("constraint \"\(from)\" of relation \(tableName) does not exist")
            }
            renameConstraint(table, from: from, to: newName)
        case .trigger(let tableName, let from):
            guard let table = resolveTable(tableName), let index = schema.tables[table]!.triggers.firstIndex(where: { $0.name == from }) else {
                return note("trigger \"\(from)\" for table \(tableName) does not exist")
            }
            schema.tables[table]!.triggers[index].name = newName
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
        let oldText = old.schema == "public" ? old.name : "\(quoteIdentifierIfNeeded(old.schema)).\(quoteIdentifierIfNeeded(old.name))"
        let newText = new.schema == "public" ? new.name : "\(quoteIdentifierIfNeeded(new.schema)).\(quoteIdentifierIfNeeded(new.name))"
        for (name, table) in schema.tables {
            for (index, column) in table.columns.enumerated() where column.type == oldText {
                schema.tables[name]!.columns[index].type = newText
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
                schema.tables[name]!.foreignKeys[index].referencedTable = new
            }
            if other.partitionOf == old { schema.tables[name]!.partitionOf = new }
            if let position = other.inherits.firstIndex(of: old) { schema.tables[name]!.inherits[position] = new }
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
        var table = schema.tables[tableName]!
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
        for index in table.checkConstraints.indices {
            table.checkConstraints[index].expression.referencedColumns = swap(table.checkConstraints[index].expression.referencedColumns)
        }
        schema.tables[tableName] = table
        for (name, other) in schema.tables {
            for index in other.foreignKeys.indices where other.foreignKeys[index].referencedTable == tableName {
                schema.tables[name]!.foreignKeys[index].referencedColumns = swap(other.foreignKeys[index].referencedColumns)
            }
        }
        for (name, index) in schema.indexes where index.table == tableName {
            for keyIndex in index.keys.indices where index.keys[keyIndex].column == from { schema.indexes[name]!.keys[keyIndex].column = newName }
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
                schema.tables[name]!.foreignKeys[index].referencedTable = new
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

extension SchemaInterpreter {
    /// `schema` with the statements of `sql` applied (the catalog reader hands exclusion
    /// constraints over this way, as `pg_get_constraintdef` prints them).
    package static func applying(_ sql: String, to schema: DatabaseSchema) -> DatabaseSchema {
        var interpreter = SchemaInterpreter(schema: schema)
        for statement in PostgresParser.parse(path: "catalog", text: sql).statements { interpreter.apply(statement) }
        return interpreter.schema
    }
}
