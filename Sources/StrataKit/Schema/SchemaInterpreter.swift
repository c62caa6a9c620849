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
    package internal(set) var schema: DatabaseSchema
    package var searchPath: [String] = ["public"]
    package internal(set) var notes: [InterpreterNote] = []

    /// Adds an empty table that statements may change without having created it: a file linted
    /// without its history alters tables it assumes exist.
    package mutating func assumeTable(_ name: QualifiedName) {
        if schema.tables[name] == nil { schema.tables[name] = TableInfo(name: name) }
    }

    /// Drops the notes read so far (lint reads each migration's, then has no use for them).
    package mutating func forgetNotes() { notes.removeAll() }
    /// Constraint names per schema (PostgreSQL keeps invented ones unique per namespace), each
    /// marked with whether it owns an index of the same name (primary key, unique, exclusion).
    var constraintNames: [String: [String: Bool]] = [:]
    var location = SourceLocation(file: "", line: 1, column: 1)

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

    /// Options written in CREATE or ALTER SEQUENCE over the sequence's own; the result keeps
    /// only what differs from PostgreSQL's defaults.
    static func apply(_ options: SequenceOptions, to sequence: inout SequenceInfo) {
        if let increment = options.increment { sequence.increment = increment }
        if let minimum = options.minValue { sequence.minValue = minimum }
        if let maximum = options.maxValue { sequence.maxValue = maximum }
        if let start = options.start { sequence.start = start }
        if let cache = options.cache { sequence.cache = cache }
        if let cycle = options.cycle { sequence.cycle = cycle }
        sequence = sequence.normalizingOptions()
    }

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
            Self.apply(create.options, to: &sequence)
            schema.sequences[qualified] = sequence
        case .alterSequence(let name, let ownedBy, let dataType, let options):
            guard let qualified = resolve(name, exists: { schema.sequences[$0] != nil }) else { return note("sequence \(name) does not exist") }
            var sequence = schema.sequences[qualified]!
            if let ownedBy { applyOwnedBy(ownedBy, to: &sequence) }
            if let dataType { sequence.dataType = dataType }
            Self.apply(options, to: &sequence)
            schema.sequences[qualified] = sequence
        case .createView(let create):
            let qualified = qualifyForCreation(create.name)
            if schema.views[qualified] != nil, !create.orReplace {
                if !create.ifNotExists { note("relation \(qualified) already exists") }
                return
            }
            schema.views[qualified] = ViewInfo(name: qualified, definition: create.definition, isMaterialized: create.isMaterialized,
                                           storage: create.storage, comment: schema.views[qualified]?.comment, selectsStar: create.selectsStar,
                                           location: location)
        case .createFunction(let create):
            let qualified = qualifyForCreation(create.name)
            var function = FunctionInfo(name: qualified, argumentTypes: create.argumentTypes, returnType: create.returnType,
                                    language: create.language, volatility: create.volatility, body: create.body,
                                    isProcedure: create.isProcedure, location: location)
            function.traits = create.traits
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
            let policy = Policy(
                name: create.name, command: create.command, permissive: create.permissive,
                roles: create.roles.isEmpty ? ["public"] : create.roles, using: create.using, withCheck: create.withCheck, location: location)
            editTable(table) { $0.policies.append(policy) }
        case .transaction, .dataChange, .maintenance, .truncate, .select, .setting, .dropDatabase, .other:
            break  // GRANT, SET, INSERT, ...: nothing the model holds changes
        }
    }

    /// A type as the model stores it: built-ins as `format_type` prints them, user types qualified outside public.
    func typeText(_ type: TypeReference) -> String {
        if let schemaName = type.schema, schemaName != "public" {
            return "\(quoteIdentifierIfNeeded(schemaName)).\(quoteIdentifierIfNeeded(type.name))"
        }
        if type.schema == nil, TypeNames.isBuiltin(type.name) { return type.name }
        // An unqualified user type found in a non-public schema on the search path is printed qualified.
        let name = ObjectName(schema: type.schema, name: type.name)
        guard let found = resolve(name, exists: { schema.enums[$0] != nil || schema.domains[$0] != nil }) else {
            return TypeNames.unqualifiedSpelling(type.name)
        }
        if found.schema != "public" {
            return "\(quoteIdentifierIfNeeded(found.schema)).\(quoteIdentifierIfNeeded(found.name))"
        }
        // An enum or domain quoted where SQL needs it (`"Status"`), as format_type prints it.
        return quoteIdentifierIfNeeded(type.name)
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
