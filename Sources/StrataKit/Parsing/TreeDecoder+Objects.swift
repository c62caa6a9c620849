internal import CPgQuery

/// Indexes, DROP, RENAME, COMMENT, and the other objects: types, domains, functions, triggers.
extension TreeDecoder {
    // MARK: - Indexes

    func createIndex(_ pointer: UnsafeMutablePointer<PgQuery__IndexStmt>) -> CreateIndexStatement {
        let stmt = pointer.pointee
        let keys = nodes(stmt.n_index_params, stmt.index_params).compactMap { node in
            node.pointee.node_case == PG_QUERY__NODE__NODE_INDEX_ELEM ? indexKey(node.pointee.index_elem) : nil
        }
        let include = nodes(stmt.n_index_including_params, stmt.index_including_params).compactMap { node in
            node.pointee.node_case == PG_QUERY__NODE__NODE_INDEX_ELEM ? optionalString(node.pointee.index_elem.pointee.name) : nil
        }
        return CreateIndexStatement(
            name: optionalString(stmt.idxname), table: rangeVar(stmt.relation),
            method: IndexMethod(optionalString(stmt.access_method) ?? "btree"), isUnique: stmt.unique != 0, keys: keys, include: include,
            predicate: stmt.where_clause.map { expression($0) }, concurrently: stmt.concurrent != 0,
            ifNotExists: stmt.if_not_exists != 0, nullsNotDistinct: stmt.nulls_not_distinct != 0,
            only: stmt.relation.map { $0.pointee.inh == 0 } ?? false, storage: storageParameters(stmt.n_options, stmt.options))
    }

    func indexKey(_ pointer: UnsafeMutablePointer<PgQuery__IndexElem>) -> IndexKeyDefinition {
        let element = pointer.pointee
        let column = optionalString(element.name)
        var expressionValue: SQLExpression?
        var component = column ?? "expr"
        if column == nil, let expr = element.expr {
            expressionValue = expression(expr)
            component = figureColumnName(expr) ?? "expr"
        }
        let nulls: Bool? = switch element.nulls_ordering {
        case PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST: true
        case PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST: false
        default: nil
        }
        let opclass = strings(element.n_opclass, element.opclass)
        return IndexKeyDefinition(
            column: column, expression: expressionValue,
            opclass: opclass.isEmpty ? nil : opclass.map(quoteIdentifierIfNeeded).joined(separator: "."),
            collation: element.n_collation > 0 ? collationName(element.n_collation, element.collation) : nil,
            descending: element.ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC, nullsFirst: nulls,
            nameComponent: component)
    }

    /// PostgreSQL's FigureColname as used for index names: a function's name, a column's name, or nil.
    func figureColumnName(_ node: NodePointer) -> String? {
        switch node.pointee.node_case {
        case PG_QUERY__NODE__NODE_COLUMN_REF:
            return strings(node.pointee.column_ref.pointee.n_fields, node.pointee.column_ref.pointee.fields).last
        case PG_QUERY__NODE__NODE_FUNC_CALL:
            return strings(node.pointee.func_call.pointee.n_funcname, node.pointee.func_call.pointee.funcname).last
        case PG_QUERY__NODE__NODE_TYPE_CAST:
            if let arg = node.pointee.type_cast.pointee.arg, let name = figureColumnName(arg) { return name }
            return typeName(node.pointee.type_cast.pointee.type_name).map { $0.name }
        case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
            return node.pointee.collate_clause.pointee.arg.flatMap { figureColumnName($0) }
        default:
            return nil
        }
    }

    // MARK: - DROP, RENAME, COMMENT

    func objectKind(_ type: PgQuery__ObjectType) -> DropStatement.ObjectKind {
        switch type {
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE, PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: .table
        case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: .index
        case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: .view
        case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: .materializedView
        case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: .sequence
        case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: .type
        case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: .domain
        case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION: .function
        case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE, PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: .procedure
        case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: .trigger
        case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: .extension
        case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: .schema
        case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: .policy
        default: .other
        }
    }

    /// The name parts of a DROP/COMMENT object: a list of strings, a TypeName or an ObjectWithArgs.
    func objectParts(_ node: NodePointer) -> [String] {
        switch node.pointee.node_case {
        case PG_QUERY__NODE__NODE_LIST, PG_QUERY__NODE__NODE_STRING:
            return listStrings(node)
        case PG_QUERY__NODE__NODE_TYPE_NAME:
            return strings(node.pointee.type_name.pointee.n_names, node.pointee.type_name.pointee.names)
        case PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS:
            return strings(node.pointee.object_with_args.pointee.n_objname, node.pointee.object_with_args.pointee.objname)
        default:
            return []
        }
    }

    func drop(_ pointer: UnsafeMutablePointer<PgQuery__DropStmt>) -> DropStatement {
        let stmt = pointer.pointee
        let kind = objectKind(stmt.remove_type)
        let objects = nodes(stmt.n_objects, stmt.objects).map { node -> (ObjectName, String?) in
            let parts = objectParts(node)
            if kind == .trigger || kind == .policy, let member = parts.last {
                return (objectName(Array(parts.dropLast())), member)
            }
            return (objectName(parts), nil)
        }
        return DropStatement(objectKind: kind, objects: objects, cascade: stmt.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE,
                             ifExists: stmt.missing_ok != 0, concurrently: stmt.concurrent != 0)
    }

    func rename(_ pointer: UnsafeMutablePointer<PgQuery__RenameStmt>) -> RenameStatement {
        let stmt = pointer.pointee
        let relation = rangeVar(stmt.relation)
        let subname = string(stmt.subname)
        let target: RenameStatement.Target
        switch stmt.rename_type {
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE, PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: target = .table(relation)
        case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW, PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: target = .view(relation)
        case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: target = .index(relation)
        case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: target = .sequence(relation)
        case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: target = .column(table: relation, from: subname)
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: target = .constraint(table: relation, from: subname)
        case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: target = .trigger(table: relation, from: subname)
        case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: target = .type(objectName(stmt.object.map { objectParts($0) } ?? []))
        case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: target = .domain(objectName(stmt.object.map { objectParts($0) } ?? []))
        case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: target = .schema(subname)
        default: target = .other("RenameStmt")
        }
        return RenameStatement(target: target, newName: string(stmt.newname), ifExists: stmt.missing_ok != 0)
    }

    func comment(_ pointer: UnsafeMutablePointer<PgQuery__CommentStmt>) -> CommentStatement {
        let stmt = pointer.pointee
        let parts = stmt.object.map { objectParts($0) } ?? []
        let text = optionalString(stmt.comment)
        let target: CommentStatement.Target
        switch stmt.objtype {
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE, PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: target = .table(objectName(parts))
        case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
            target = parts.count >= 2 ? .column(table: objectName(Array(parts.dropLast())), column: parts.last!) : .other
        case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: target = .index(objectName(parts))
        case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW, PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: target = .view(objectName(parts))
        case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE, PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: target = .type(objectName(parts))
        case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION: target = .function(objectName(parts))
        case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: target = .schema(parts.first ?? "")
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
            target = parts.count >= 2 ? .constraint(table: objectName(Array(parts.dropLast())), name: parts.last!) : .other
        default: target = .other
        }
        return CommentStatement(target: target, text: text)
    }

    // MARK: - Types, domains, functions, triggers

    func createDomain(_ pointer: UnsafeMutablePointer<PgQuery__CreateDomainStmt>) -> CreateDomainStatement {
        let stmt = pointer.pointee
        var domain = CreateDomainStatement(
            name: objectName(strings(stmt.n_domainname, stmt.domainname)),
            type: typeName(stmt.type_name) ?? TypeReference(name: "unknown", arrayDimensions: 0),
            isNotNull: false, defaultExpression: nil, checks: [])
        for node in nodes(stmt.n_constraints, stmt.constraints) where node.pointee.node_case == PG_QUERY__NODE__NODE_CONSTRAINT {
            let definition = constraint(node.pointee.constraint, column: nil)
            switch definition.kind {
            case .notNull: domain.isNotNull = true
            case .defaultValue(let expression): domain.defaultExpression = expression
            case .check(let expression): domain.checks.append((definition.name, expression))
            default: break
            }
        }
        return domain
    }

    /// INCREMENT, START, MINVALUE, MAXVALUE (NO MINVALUE is an option without a value), CACHE, CYCLE.
    func sequenceOptions(_ count: Int, _ array: NodeArray?) -> SequenceOptions {
        var options = SequenceOptions()
        for node in nodes(count, array) where node.pointee.node_case == PG_QUERY__NODE__NODE_DEF_ELEM {
            let element = node.pointee.def_elem.pointee
            let value = element.arg.flatMap { arg -> Int64? in
                switch arg.pointee.node_case {
                case PG_QUERY__NODE__NODE_INTEGER: Int64(arg.pointee.integer.pointee.ival)
                case PG_QUERY__NODE__NODE_FLOAT: Int64(string(arg.pointee.float_.pointee.fval))
                default: nil
                }
            }
            switch string(element.defname).lowercased() {
            case "increment": options.increment = value
            case "start": options.start = value
            case "minvalue": options.minValue = .some(value)
            case "maxvalue": options.maxValue = .some(value)
            case "cache": options.cache = value
            case "cycle":
                if let arg = element.arg, arg.pointee.node_case == PG_QUERY__NODE__NODE_BOOLEAN { options.cycle = arg.pointee.boolean.pointee.boolval != 0 }
            default: break
            }
        }
        return options
    }

    /// `WITH (fillfactor = 70, toast.autovacuum_enabled = false)` as `pg_class.reloptions` keeps
    /// it: `name=value` (a namespace before the name), a bare name as `name=true`, sorted.
    func storageParameters(_ count: Int, _ array: NodeArray?) -> [String] {
        nodes(count, array).compactMap { node -> String? in
            guard node.pointee.node_case == PG_QUERY__NODE__NODE_DEF_ELEM else { return nil }
            let element = node.pointee.def_elem.pointee
            let space = string(element.defnamespace)
            let name = (space.isEmpty ? "" : space.lowercased() + ".") + string(element.defname).lowercased()
            guard let arg = element.arg else { return name + "=true" }
            let value: String? = switch arg.pointee.node_case {
            case PG_QUERY__NODE__NODE_BOOLEAN: arg.pointee.boolean.pointee.boolval != 0 ? "true" : "false"
            case PG_QUERY__NODE__NODE_INTEGER: String(arg.pointee.integer.pointee.ival)
            case PG_QUERY__NODE__NODE_FLOAT: string(arg.pointee.float_.pointee.fval)
            // A bare word the grammar reads as a type name (`autovacuum_enabled = off`).
            case PG_QUERY__NODE__NODE_TYPE_NAME:
                strings(arg.pointee.type_name.pointee.n_names, arg.pointee.type_name.pointee.names).last
            default: constantText(arg)
            }
            return value.map { name + "=" + $0 }
        }.sorted()
    }

    func definitionOptions(_ count: Int, _ array: NodeArray?) -> [String: NodePointer] {
        var options: [String: NodePointer] = [:]
        for node in nodes(count, array) where node.pointee.node_case == PG_QUERY__NODE__NODE_DEF_ELEM {
            let element = node.pointee.def_elem.pointee
            if let arg = element.arg { options[string(element.defname).lowercased()] = arg }
        }
        return options
    }

    func createFunction(_ pointer: UnsafeMutablePointer<PgQuery__CreateFunctionStmt>) -> CreateFunctionStatement {
        let stmt = pointer.pointee
        let options = definitionOptions(stmt.n_options, stmt.options)
        let arguments = nodes(stmt.n_parameters, stmt.parameters).compactMap { node -> String? in
            guard node.pointee.node_case == PG_QUERY__NODE__NODE_FUNCTION_PARAMETER else { return nil }
            let parameter = node.pointee.function_parameter.pointee
            // OUT and TABLE parameters are not part of the signature.
            if parameter.mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT
                || parameter.mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE { return nil }
            return typeName(parameter.arg_type).map(\.displayName)
        }
        // Without RETURNS, OUT parameters decide: one is the result type, several make a record.
        let outputs = nodes(stmt.n_parameters, stmt.parameters).compactMap { node -> String? in
            guard node.pointee.node_case == PG_QUERY__NODE__NODE_FUNCTION_PARAMETER else { return nil }
            let parameter = node.pointee.function_parameter.pointee
            guard parameter.mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT
                    || parameter.mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT else { return nil }
            return typeName(parameter.arg_type).map(\.displayName)
        }
        let outputType = outputs.count == 1 ? outputs[0] : "record"
        var returnType = typeName(stmt.return_type)?.displayName ?? (stmt.is_procedure != 0 ? "" : (outputs.isEmpty ? "void" : outputType))
        if (stmt.return_type?.pointee.setof ?? 0) != 0 { returnType = "SETOF " + returnType }
        // RETURNS TABLE with one column returns SETOF that column's type.
        let tableColumns = nodes(stmt.n_parameters, stmt.parameters).compactMap { node -> String? in
            guard node.pointee.node_case == PG_QUERY__NODE__NODE_FUNCTION_PARAMETER,
                  node.pointee.function_parameter.pointee.mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE else { return nil }
            return typeName(node.pointee.function_parameter.pointee.arg_type).map(\.displayName)
        }
        if tableColumns.count == 1 { returnType = "SETOF " + tableColumns[0] }
        let body = options["as"].map { listStrings($0).joined(separator: "\n") }
            ?? stmt.sql_body.flatMap { deparse(statement: $0) }
        var create = CreateFunctionStatement(
            name: objectName(strings(stmt.n_funcname, stmt.funcname)), argumentTypes: arguments, returnType: returnType,
            language: options["language"].flatMap { listStrings($0).first?.lowercased() } ?? "sql",
            volatility: options["volatility"].flatMap { listStrings($0).first.flatMap { Volatility(rawValue: $0.lowercased()) } } ?? .volatile,
            body: body, isProcedure: stmt.is_procedure != 0, orReplace: stmt.replace != 0)
        create.traits.parameters = nodes(stmt.n_parameters, stmt.parameters).compactMap { node -> FunctionParameter? in
            guard node.pointee.node_case == PG_QUERY__NODE__NODE_FUNCTION_PARAMETER else { return nil }
            let parameter = node.pointee.function_parameter.pointee
            let mode: FunctionParameter.Mode = switch parameter.mode {
            case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT: .out
            case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT: .`inout`
            case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC: .variadic
            case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE: .table
            default: .in
            }
            let name = string(parameter.name)
            return FunctionParameter(mode: mode, name: name.isEmpty ? nil : name, type: typeName(parameter.arg_type)?.displayName ?? "unknown",
                                     defaultExpression: parameter.defexpr.map { expression($0) })
        }
        func flag(_ node: NodePointer?) -> Bool {
            guard let node else { return false }
            return node.pointee.node_case == PG_QUERY__NODE__NODE_BOOLEAN ? node.pointee.boolean.pointee.boolval != 0 : true
        }
        create.traits.securityDefiner = flag(options["security"])
        create.traits.strict = flag(options["strict"])
        create.traits.leakproof = flag(options["leakproof"])
        create.traits.parallel = options["parallel"].flatMap { listStrings($0).first.flatMap { ParallelSafety(rawValue: $0.lowercased()) } } ?? .unsafe
        for node in nodes(stmt.n_options, stmt.options) where node.pointee.node_case == PG_QUERY__NODE__NODE_DEF_ELEM {
            let element = node.pointee.def_elem.pointee
            guard string(element.defname).lowercased() == "set", let arg = element.arg,
                  arg.pointee.node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT else { continue }
            let set = arg.pointee.variable_set_stmt.pointee
            guard set.kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE else { continue }
            let name = string(set.name).lowercased()
            // As pg_proc.proconfig keeps it: list settings' items quoted as identifiers where needed.
            let values = nodes(set.n_args, set.args).compactMap { constantText($0) }
            let listed = FunctionInfo.listSettings.contains(name)
            create.traits.settings.append(name + "=" + values.map { listed ? quoteIdentifierIfNeeded($0) : $0 }.joined(separator: ", "))
        }
        return create
    }

    func createTrigger(_ pointer: UnsafeMutablePointer<PgQuery__CreateTrigStmt>) -> CreateTriggerStatement {
        let stmt = pointer.pointee
        // Bits of PostgreSQL's TRIGGER_TYPE_* flags.
        let timing = TriggerTiming(bits: Int(stmt.timing))
        let events = TriggerEvent.events(bits: Int(stmt.events))
        return CreateTriggerStatement(
            name: string(stmt.trigname), table: rangeVar(stmt.relation),
            function: objectName(strings(stmt.n_funcname, stmt.funcname)), timing: timing, events: events,
            updateColumns: strings(stmt.n_columns, stmt.columns), forEachRow: stmt.row != 0, orReplace: stmt.replace != 0,
            when: stmt.when_clause.map { expression($0) }, arguments: strings(stmt.n_args, stmt.args))
    }
}
