internal import CPgQuery

typealias NodePointer = UnsafeMutablePointer<PgQuery__Node>
typealias NodeArray = UnsafeMutablePointer<UnsafeMutablePointer<PgQuery__Node>?>

/// Maps libpg_query's protobuf-c tree (one statement) into Strata's `Statement` values.
/// Only the node kinds the model and rules need are read; the rest become `.other`.
struct TreeDecoder {
    let source: SourceText
    /// Byte offset of the parsed text inside the file: node locations are relative to it.
    let base: Int

    // MARK: - Small readers

    func nodes(_ count: Int, _ array: NodeArray?) -> [NodePointer] {
        guard let array, count > 0 else { return [] }
        var result: [NodePointer] = []
        result.reserveCapacity(count)
        for index in 0..<count { if let node = array[index] { result.append(node) } }
        return result
    }

    func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    func optionalString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        let value = string(pointer)
        return value.isEmpty ? nil : value
    }

    /// The `sval` of String nodes in a list (names are lists of strings in PostgreSQL's tree).
    func strings(_ count: Int, _ array: NodeArray?) -> [String] {
        nodes(count, array).compactMap { node in
            node.pointee.node_case == PG_QUERY__NODE__NODE_STRING ? string(node.pointee.string.pointee.sval) : nil
        }
    }

    func listStrings(_ node: NodePointer?) -> [String] {
        guard let node else { return [] }
        if node.pointee.node_case == PG_QUERY__NODE__NODE_LIST {
            return strings(node.pointee.list.pointee.n_items, node.pointee.list.pointee.items)
        }
        if node.pointee.node_case == PG_QUERY__NODE__NODE_STRING {
            return [string(node.pointee.string.pointee.sval)]
        }
        return []
    }

    func objectName(_ parts: [String]) -> ObjectName {
        switch parts.count {
        case 0: ObjectName(name: "")
        case 1: ObjectName(name: parts[0])
        default: ObjectName(schema: parts[parts.count - 2], name: parts[parts.count - 1])
        }
    }

    func rangeVar(_ pointer: UnsafeMutablePointer<PgQuery__RangeVar>?) -> ObjectName {
        guard let pointer else { return ObjectName(name: "") }
        return ObjectName(schema: optionalString(pointer.pointee.schemaname), name: string(pointer.pointee.relname))
    }

    func location(_ offset: Int32) -> SourceLocation {
        source.location(at: base + (offset >= 0 ? Int(offset) : 0))
    }

    // MARK: - Statements

    func statement(_ node: NodePointer) -> Statement {
        let n = node.pointee
        switch n.node_case {
        case PG_QUERY__NODE__NODE_CREATE_STMT:
            return .createTable(createTable(n.create_stmt))
        case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
            let stmt = n.create_table_as_stmt.pointee
            if stmt.objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW, let into = stmt.into {
                return .createView(CreateViewStatement(
                    name: rangeVar(into.pointee.rel), definition: deparse(statement: stmt.query) ?? "",
                    isMaterialized: true, orReplace: false, selectsStar: selectsStar(stmt.query),
                    ifNotExists: stmt.if_not_exists != 0))
            }
            let name = stmt.into.map { rangeVar($0.pointee.rel) } ?? ObjectName(name: "")
            return .createTable(CreateTableStatement(
                name: name, columns: [], constraints: [], inherits: [], partitionBy: nil, partitionOf: nil,
                likeTables: [], ifNotExists: stmt.if_not_exists != 0, isUnlogged: false, isTemporary: false, isCreateTableAs: true))
        case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
            return alterTable(n.alter_table_stmt)
        case PG_QUERY__NODE__NODE_INDEX_STMT:
            return .createIndex(createIndex(n.index_stmt))
        case PG_QUERY__NODE__NODE_DROP_STMT:
            return .drop(drop(n.drop_stmt))
        case PG_QUERY__NODE__NODE_RENAME_STMT:
            return .rename(rename(n.rename_stmt))
        case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
            let stmt = n.alter_object_schema_stmt.pointee
            let kind = objectKind(stmt.object_type)
            let name = stmt.relation != nil ? rangeVar(stmt.relation) : objectName(listStrings(stmt.object))
            return .setSchema(SetSchemaStatement(objectKind: kind, name: name, newSchema: string(stmt.newschema)))
        case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
            let stmt = n.create_enum_stmt.pointee
            return .createEnum(name: objectName(strings(stmt.n_type_name, stmt.type_name)), values: strings(stmt.n_vals, stmt.vals))
        case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
            let stmt = n.alter_enum_stmt.pointee
            let type = objectName(strings(stmt.n_type_name, stmt.type_name))
            if let old = optionalString(stmt.old_val) {
                return .rename(RenameStatement(target: .enumValue(type: type, from: old), newName: string(stmt.new_val), ifExists: false))
            }
            return .alterEnum(AlterEnumStatement(
                type: type, newValue: string(stmt.new_val), neighbor: optionalString(stmt.new_val_neighbor),
                after: stmt.new_val_is_after != 0, ifNotExists: stmt.skip_if_new_val_exists != 0))
        case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
            return .createDomain(createDomain(n.create_domain_stmt))
        case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
            let stmt = n.alter_domain_stmt.pointee
            let action: AlterDomainStatement.Action
            switch string(stmt.subtype) {
            case "C":
                if let def = stmt.def, def.pointee.node_case == PG_QUERY__NODE__NODE_CONSTRAINT {
                    action = .addConstraint(constraint(def.pointee.constraint, column: nil))
                } else {
                    action = .other
                }
            case "X": action = .dropConstraint(string(stmt.name))
            case "V": action = .validateConstraint(string(stmt.name))
            case "O": action = .setNotNull
            case "N": action = .dropNotNull
            default: action = .other
            }
            return .alterDomain(AlterDomainStatement(name: objectName(strings(stmt.n_type_name, stmt.type_name)), action: action))
        case PG_QUERY__NODE__NODE_DROPDB_STMT:
            return .dropDatabase(name: string(n.dropdb_stmt.pointee.dbname))
        case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
            let stmt = n.create_seq_stmt.pointee
            let options = definitionOptions(stmt.n_options, stmt.options)
            return .createSequence(CreateSequenceStatement(
                name: rangeVar(stmt.sequence), dataType: options["as"].flatMap { typeNameNode($0)?.name },
                ownedBy: options["owned_by"].map { listStrings($0) }, ifNotExists: stmt.if_not_exists != 0))
        case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
            let stmt = n.alter_seq_stmt.pointee
            let options = definitionOptions(stmt.n_options, stmt.options)
            return .alterSequence(name: rangeVar(stmt.sequence), ownedBy: options["owned_by"].map { listStrings($0) })
        case PG_QUERY__NODE__NODE_VIEW_STMT:
            let stmt = n.view_stmt.pointee
            return .createView(CreateViewStatement(
                name: rangeVar(stmt.view), definition: deparse(statement: stmt.query) ?? "", isMaterialized: false,
                orReplace: stmt.replace != 0, selectsStar: selectsStar(stmt.query), ifNotExists: false))
        case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
            return .createFunction(createFunction(n.create_function_stmt))
        case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
            return .createTrigger(createTrigger(n.create_trig_stmt))
        case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
            let stmt = n.create_extension_stmt.pointee
            let options = definitionOptions(stmt.n_options, stmt.options)
            let schema = options["schema"].flatMap { listStrings($0).first }
            return .createExtension(name: string(stmt.extname), schema: schema, ifNotExists: stmt.if_not_exists != 0)
        case PG_QUERY__NODE__NODE_COMMENT_STMT:
            return .comment(comment(n.comment_stmt))
        case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
            let stmt = n.create_schema_stmt.pointee
            var name = string(stmt.schemaname)
            if name.isEmpty, let role = stmt.authrole { name = string(role.pointee.rolename) }
            let elements = nodes(stmt.n_schema_elts, stmt.schema_elts).map { statement($0) }
            return .createSchema(name: name, ifNotExists: stmt.if_not_exists != 0, elements: elements)
        case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
            let stmt = n.variable_set_stmt.pointee
            if string(stmt.name).lowercased() == "search_path" {
                return .setSearchPath(nodes(stmt.n_args, stmt.args).compactMap { constantText($0) })
            }
            if stmt.kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE {
                return .setting(name: string(stmt.name).lowercased(), values: nodes(stmt.n_args, stmt.args).compactMap { constantText($0) })
            }
            return .other("VariableSetStmt")
        case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
            let stmt = n.create_policy_stmt.pointee
            let roles = nodes(stmt.n_roles, stmt.roles).compactMap { node -> String? in
                guard node.pointee.node_case == PG_QUERY__NODE__NODE_ROLE_SPEC else { return nil }
                let role = node.pointee.role_spec.pointee
                return role.roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC ? "public" : string(role.rolename)
            }
            return .createPolicy(CreatePolicyStatement(
                name: string(stmt.policy_name), table: rangeVar(stmt.table), command: string(stmt.cmd_name),
                permissive: stmt.permissive != 0, roles: roles, using: stmt.qual.map { expression($0) },
                withCheck: stmt.with_check.map { expression($0) }))
        case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
            return .transaction(transactionKind(n.transaction_stmt.pointee.kind))
        case PG_QUERY__NODE__NODE_INSERT_STMT:
            return .dataChange(DataChangeStatement(verb: .insert, table: rangeVar(n.insert_stmt.pointee.relation), hasWhere: true))
        case PG_QUERY__NODE__NODE_UPDATE_STMT:
            let stmt = n.update_stmt.pointee
            return .dataChange(DataChangeStatement(verb: .update, table: rangeVar(stmt.relation), hasWhere: stmt.where_clause != nil))
        case PG_QUERY__NODE__NODE_DELETE_STMT:
            let stmt = n.delete_stmt.pointee
            return .dataChange(DataChangeStatement(verb: .delete, table: rangeVar(stmt.relation), hasWhere: stmt.where_clause != nil))
        case PG_QUERY__NODE__NODE_COPY_STMT:
            let stmt = n.copy_stmt.pointee
            if stmt.is_from != 0 {
                return .dataChange(DataChangeStatement(verb: .copy, table: rangeVar(stmt.relation), hasWhere: true))
            }
            return .other("CopyStmt")
        case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
            let stmt = n.truncate_stmt.pointee
            let tables = nodes(stmt.n_relations, stmt.relations).compactMap { node in
                node.pointee.node_case == PG_QUERY__NODE__NODE_RANGE_VAR ? rangeVar(node.pointee.range_var) : nil
            }
            return .truncate(tables: tables, cascade: stmt.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
        case PG_QUERY__NODE__NODE_VACUUM_STMT:
            let stmt = n.vacuum_stmt.pointee
            let options = nodes(stmt.n_options, stmt.options).compactMap { node -> String? in
                node.pointee.node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? string(node.pointee.def_elem.pointee.defname).lowercased() : nil
            }
            let tables = nodes(stmt.n_rels, stmt.rels).compactMap { node -> ObjectName? in
                node.pointee.node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION ? rangeVar(node.pointee.vacuum_relation.pointee.relation) : nil
            }
            let verb: MaintenanceStatement.Verb = stmt.is_vacuumcmd == 0 ? .analyze : (options.contains("full") ? .vacuumFull : .vacuum)
            return .maintenance(MaintenanceStatement(verb: verb, tables: tables, concurrently: false))
        case PG_QUERY__NODE__NODE_CLUSTER_STMT:
            let stmt = n.cluster_stmt.pointee
            let tables = stmt.relation != nil ? [rangeVar(stmt.relation)] : []
            return .maintenance(MaintenanceStatement(verb: .cluster, tables: tables, concurrently: false))
        case PG_QUERY__NODE__NODE_REINDEX_STMT:
            let stmt = n.reindex_stmt.pointee
            let concurrently = nodes(stmt.n_params, stmt.params).contains { node in
                node.pointee.node_case == PG_QUERY__NODE__NODE_DEF_ELEM && string(node.pointee.def_elem.pointee.defname).lowercased() == "concurrently"
            }
            let tables = stmt.relation != nil ? [rangeVar(stmt.relation)] : []
            return .maintenance(MaintenanceStatement(verb: .reindex, tables: tables, concurrently: concurrently))
        case PG_QUERY__NODE__NODE_SELECT_STMT:
            return .select
        default:
            return .other(nodeName(n.node_case))
        }
    }

    /// libpg_query's name of a node kind, e.g. `GrantStmt`, from the protobuf descriptor.
    func nodeName(_ nodeCase: PgQuery__Node__NodeCase) -> String {
        let field = withUnsafePointer(to: pg_query__node__descriptor) {
            protobuf_c_message_descriptor_get_field($0, UInt32(nodeCase.rawValue))
        }
        guard let field else { return "Unknown" }
        return String(cString: field.pointee.name).split(separator: "_")
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    func transactionKind(_ kind: PgQuery__TransactionStmtKind) -> TransactionKind {
        switch kind {
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN, PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START: .begin
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT: .commit
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK: .rollback
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT: .savepoint
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE: .release
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO: .rollbackTo
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE: .prepare
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED: .commitPrepared
        default: .rollbackPrepared
        }
    }

    // MARK: - CREATE TABLE

    func createTable(_ pointer: UnsafeMutablePointer<PgQuery__CreateStmt>) -> CreateTableStatement {
        let stmt = pointer.pointee
        var columns: [ColumnDefinition] = []
        var constraints: [ConstraintDefinition] = []
        var likes: [ObjectName] = []
        for element in nodes(stmt.n_table_elts, stmt.table_elts) {
            switch element.pointee.node_case {
            case PG_QUERY__NODE__NODE_COLUMN_DEF:
                columns.append(columnDefinition(element.pointee.column_def))
            case PG_QUERY__NODE__NODE_CONSTRAINT:
                constraints.append(constraint(element.pointee.constraint, column: nil))
            case PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE:
                likes.append(rangeVar(element.pointee.table_like_clause.pointee.relation))
            default:
                break
            }
        }
        let inherits = nodes(stmt.n_inh_relations, stmt.inh_relations).compactMap { node in
            node.pointee.node_case == PG_QUERY__NODE__NODE_RANGE_VAR ? rangeVar(node.pointee.range_var) : nil
        }
        var partitionBy: PartitionSpecDefinition?
        if let spec = stmt.partspec {
            let keys = nodes(spec.pointee.n_part_params, spec.pointee.part_params).compactMap { node -> String? in
                guard node.pointee.node_case == PG_QUERY__NODE__NODE_PARTITION_ELEM else { return nil }
                let element = node.pointee.partition_elem.pointee
                if let name = optionalString(element.name) { return quoteIdentifierIfNeeded(name) }
                return element.expr.map { "(\(expression($0).text))" }
            }
            partitionBy = PartitionSpecDefinition(strategy: string(spec.pointee.strategy).uppercased(), keys: keys)
        }
        var partitionOf: (ObjectName, String)?
        if let bound = stmt.partbound, let parent = inherits.first {
            partitionOf = (parent, partitionBound(bound))
        }
        let persistence = stmt.relation.map { string($0.pointee.relpersistence) } ?? "p"
        return CreateTableStatement(
            name: rangeVar(stmt.relation), columns: columns, constraints: constraints,
            inherits: partitionOf == nil ? inherits : [], partitionBy: partitionBy, partitionOf: partitionOf,
            likeTables: likes, ifNotExists: stmt.if_not_exists != 0,
            isUnlogged: persistence == "u", isTemporary: persistence == "t")
    }

    func partitionBound(_ pointer: UnsafeMutablePointer<PgQuery__PartitionBoundSpec>) -> String {
        let bound = pointer.pointee
        if bound.is_default != 0 { return "DEFAULT" }
        func datums(_ count: Int, _ array: NodeArray?) -> String {
            nodes(count, array).map { node -> String in
                if node.pointee.node_case == PG_QUERY__NODE__NODE_PARTITION_RANGE_DATUM {
                    let datum = node.pointee.partition_range_datum.pointee
                    if datum.kind == PG_QUERY__PARTITION_RANGE_DATUM_KIND__PARTITION_RANGE_DATUM_MINVALUE { return "MINVALUE" }
                    if datum.kind == PG_QUERY__PARTITION_RANGE_DATUM_KIND__PARTITION_RANGE_DATUM_MAXVALUE { return "MAXVALUE" }
                    return datum.value.map { expression($0).text } ?? ""
                }
                return expression(node).text
            }.joined(separator: ", ")
        }
        switch string(bound.strategy) {
        case "l": return "FOR VALUES IN (\(datums(bound.n_listdatums, bound.listdatums)))"
        case "r": return "FOR VALUES FROM (\(datums(bound.n_lowerdatums, bound.lowerdatums))) TO (\(datums(bound.n_upperdatums, bound.upperdatums)))"
        case "h": return "FOR VALUES WITH (modulus \(bound.modulus), remainder \(bound.remainder))"
        default: return ""
        }
    }

    func columnDefinition(_ pointer: UnsafeMutablePointer<PgQuery__ColumnDef>) -> ColumnDefinition {
        let def = pointer.pointee
        let name = string(def.colname)
        var column = ColumnDefinition(
            name: name, type: typeName(def.type_name), isNotNull: def.is_not_null != 0,
            collation: def.coll_clause.map { collationName($0.pointee.n_collname, $0.pointee.collname) },
            location: location(def.location))
        if let raw = def.raw_default { column.defaultExpression = expression(raw) }
        for node in nodes(def.n_constraints, def.constraints) where node.pointee.node_case == PG_QUERY__NODE__NODE_CONSTRAINT {
            let definition = constraint(node.pointee.constraint, column: name)
            switch definition.kind {
            case .notNull: column.isNotNull = true
            case .null: column.isNotNull = false
            case .defaultValue(let expression): column.defaultExpression = expression
            case .identity(let kind): column.identity = kind; column.isNotNull = true
            case .generated(let expression): column.generated = expression
            default: column.constraints.append(definition)
            }
        }
        return column
    }

    func collationName(_ count: Int, _ array: NodeArray?) -> String {
        strings(count, array).map(quoteIdentifierIfNeeded).joined(separator: ".")
    }

    func referentialAction(_ pointer: UnsafeMutablePointer<CChar>?) -> ForeignKeyAction {
        switch string(pointer) {
        case "r": .restrict
        case "c": .cascade
        case "n": .setNull
        case "d": .setDefault
        default: .noAction
        }
    }

    func constraint(_ pointer: UnsafeMutablePointer<PgQuery__Constraint>, column: String?) -> ConstraintDefinition {
        let c = pointer.pointee
        let keys = strings(c.n_keys, c.keys)
        let columns = keys.isEmpty ? (column.map { [$0] } ?? []) : keys
        let kind: ConstraintDefinition.Kind
        switch c.contype {
        case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: kind = .primaryKey
        case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: kind = .unique
        case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: kind = .check(c.raw_expr.map { expression($0) } ?? SQLExpression(text: "true"))
        case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
            kind = .foreignKey(
                table: rangeVar(c.pktable), columns: strings(c.n_pk_attrs, c.pk_attrs),
                onDelete: referentialAction(c.fk_del_action), onUpdate: referentialAction(c.fk_upd_action),
                match: string(c.fk_matchtype) == "f" ? "FULL" : "SIMPLE")
        case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
            let elements = nodes(c.n_exclusions, c.exclusions).compactMap { node -> ConstraintDefinition.ExclusionElement? in
                guard node.pointee.node_case == PG_QUERY__NODE__NODE_LIST else { return nil }
                let pair = nodes(node.pointee.list.pointee.n_items, node.pointee.list.pointee.items)
                guard pair.count == 2, pair[0].pointee.node_case == PG_QUERY__NODE__NODE_INDEX_ELEM else { return nil }
                return .init(key: indexKey(pair[0].pointee.index_elem), operator: listStrings(pair[1]).joined(separator: "."))
            }
            kind = .exclusion(method: optionalString(c.access_method) ?? "gist", elements: elements,
                              predicate: c.where_clause.map { expression($0) })
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: kind = .notNull
        case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: kind = .null
        case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: kind = .defaultValue(c.raw_expr.map { expression($0) } ?? SQLExpression(text: "NULL"))
        case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY: kind = .identity(string(c.generated_when) == "a" ? .always : .byDefault)
        case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: kind = .generated(c.raw_expr.map { expression($0) } ?? SQLExpression(text: ""))
        default: kind = .null
        }
        var fkColumns = strings(c.n_fk_attrs, c.fk_attrs)
        if fkColumns.isEmpty, let column { fkColumns = [column] }
        var definition = ConstraintDefinition(
            kind: kind, name: optionalString(c.conname),
            columns: c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? fkColumns : columns,
            location: location(c.location))
        definition.include = strings(c.n_including, c.including)
        definition.deferrable = c.deferrable != 0
        definition.initiallyDeferred = c.initdeferred != 0
        definition.notValid = c.skip_validation != 0
        definition.usingIndex = optionalString(c.indexname)
        definition.nullsNotDistinct = c.nulls_not_distinct != 0
        return definition
    }

    // MARK: - Types

    func typeName(_ pointer: UnsafeMutablePointer<PgQuery__TypeName>?) -> TypeReference? {
        guard let pointer else { return nil }
        let type = pointer.pointee
        let names = strings(type.n_names, type.names)
        let modifiers = nodes(type.n_typmods, type.typmods).compactMap { node -> String? in
            if node.pointee.node_case == PG_QUERY__NODE__NODE_A_CONST { return constantText(node) }
            if node.pointee.node_case == PG_QUERY__NODE__NODE_COLUMN_REF { return listStringsOfFields(node) }
            return nil
        }
        return TypeNames.canonical(names: names, modifiers: modifiers, arrayDimensions: type.n_array_bounds,
                                   percentType: type.pct_type != 0)
    }

    func typeNameNode(_ node: NodePointer) -> TypeReference? {
        node.pointee.node_case == PG_QUERY__NODE__NODE_TYPE_NAME ? typeName(node.pointee.type_name) : nil
    }

    func listStringsOfFields(_ node: NodePointer) -> String {
        strings(node.pointee.column_ref.pointee.n_fields, node.pointee.column_ref.pointee.fields).joined(separator: ".")
    }

    // MARK: - ALTER TABLE

    func alterTable(_ pointer: UnsafeMutablePointer<PgQuery__AlterTableStmt>) -> Statement {
        let stmt = pointer.pointee
        var commands: [AlterTableCommand] = []
        for node in nodes(stmt.n_cmds, stmt.cmds) where node.pointee.node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD {
            commands.append(alterTableCommand(node.pointee.alter_table_cmd))
        }
        let isIndex = stmt.objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX
        let isTable = stmt.objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || isIndex
        if !isTable { return .other("AlterTableStmt") }
        return .alterTable(AlterTableStatement(
            table: rangeVar(stmt.relation), isIndex: isIndex, ifExists: stmt.missing_ok != 0,
            only: stmt.relation.map { $0.pointee.inh == 0 } ?? false, commands: commands))
    }

    func alterTableCommand(_ pointer: UnsafeMutablePointer<PgQuery__AlterTableCmd>) -> AlterTableCommand {
        let cmd = pointer.pointee
        let name = string(cmd.name)
        let cascade = cmd.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE
        switch cmd.subtype {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn, PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
            guard let def = cmd.def, def.pointee.node_case == PG_QUERY__NODE__NODE_COLUMN_DEF else { return .other("AddColumn") }
            return .addColumn(columnDefinition(def.pointee.column_def), ifNotExists: cmd.missing_ok != 0)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn, PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
            return .dropColumn(name, ifExists: cmd.missing_ok != 0, cascade: cascade)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
            guard let def = cmd.def, def.pointee.node_case == PG_QUERY__NODE__NODE_COLUMN_DEF,
                  let type = typeName(def.pointee.column_def.pointee.type_name) else { return .other("AlterColumnType") }
            let columnDef = def.pointee.column_def.pointee
            return .alterColumnType(name, type,
                                    collation: columnDef.coll_clause.map { collationName($0.pointee.n_collname, $0.pointee.collname) },
                                    using: columnDef.raw_default.map { expression($0) })
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
            return .setDefault(name, cmd.def.map { expression($0) })
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
            return .setNotNull(name)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
            return .dropNotNull(name)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint, PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
            guard let def = cmd.def, def.pointee.node_case == PG_QUERY__NODE__NODE_CONSTRAINT else { return .other("AddConstraint") }
            return .addConstraint(constraint(def.pointee.constraint, column: nil))
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint, PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
            return .dropConstraint(name, ifExists: cmd.missing_ok != 0, cascade: cascade)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint, PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse:
            return .validateConstraint(name)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
            guard let def = cmd.def, def.pointee.node_case == PG_QUERY__NODE__NODE_CONSTRAINT else { return .other("AddIdentity") }
            return .addIdentity(name, string(def.pointee.constraint.pointee.generated_when) == "a" ? .always : .byDefault)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
            return .dropIdentity(name, ifExists: cmd.missing_ok != 0)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
            return .dropExpression(name)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity: return .rowLevelSecurity(enabled: true)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity: return .rowLevelSecurity(enabled: false)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity: return .forceRowLevelSecurity(true)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity: return .forceRowLevelSecurity(false)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged: return .setLogged(true)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged: return .setLogged(false)
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition, PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
            guard let def = cmd.def, def.pointee.node_case == PG_QUERY__NODE__NODE_PARTITION_CMD else { return .other("Partition") }
            let partition = def.pointee.partition_cmd.pointee
            if cmd.subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition {
                return .attachPartition(rangeVar(partition.name), bound: partition.bound.map { partitionBound($0) } ?? "")
            }
            return .detachPartition(rangeVar(partition.name), concurrently: partition.concurrent != 0)
        default:
            return .other(alterTableTypeName(cmd.subtype))
        }
    }

    func alterTableTypeName(_ subtype: PgQuery__AlterTableType) -> String {
        guard let value = withUnsafePointer(to: pg_query__alter_table_type__descriptor, { protobuf_c_enum_descriptor_get_value($0, Int32(subtype.rawValue)) }) else { return "Unknown" }
        return String(cString: value.pointee.name)
    }

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
            method: optionalString(stmt.access_method) ?? "btree", isUnique: stmt.unique != 0, keys: keys, include: include,
            predicate: stmt.where_clause.map { expression($0) }, concurrently: stmt.concurrent != 0,
            ifNotExists: stmt.if_not_exists != 0, nullsNotDistinct: stmt.nulls_not_distinct != 0,
            only: stmt.relation.map { $0.pointee.inh == 0 } ?? false)
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
            opclass: opclass.isEmpty ? nil : opclass.joined(separator: "."),
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
        return CreateFunctionStatement(
            name: objectName(strings(stmt.n_funcname, stmt.funcname)), argumentTypes: arguments, returnType: returnType,
            language: options["language"].flatMap { listStrings($0).first?.lowercased() } ?? "sql",
            volatility: options["volatility"].flatMap { listStrings($0).first?.lowercased() } ?? "volatile",
            body: body, isProcedure: stmt.is_procedure != 0, orReplace: stmt.replace != 0)
    }

    func createTrigger(_ pointer: UnsafeMutablePointer<PgQuery__CreateTrigStmt>) -> CreateTriggerStatement {
        let stmt = pointer.pointee
        // Bits of PostgreSQL's TRIGGER_TYPE_* flags.
        let timing = stmt.timing & 64 != 0 ? "INSTEAD OF" : (stmt.timing & 2 != 0 ? "BEFORE" : "AFTER")
        var events: [String] = []
        if stmt.events & 4 != 0 { events.append("INSERT") }
        if stmt.events & 16 != 0 { events.append("UPDATE") }
        if stmt.events & 8 != 0 { events.append("DELETE") }
        if stmt.events & 32 != 0 { events.append("TRUNCATE") }
        return CreateTriggerStatement(
            name: string(stmt.trigname), table: rangeVar(stmt.relation),
            function: objectName(strings(stmt.n_funcname, stmt.funcname)), timing: timing, events: events,
            updateColumns: strings(stmt.n_columns, stmt.columns), forEachRow: stmt.row != 0, orReplace: stmt.replace != 0)
    }

    // MARK: - Expressions

    /// The deparsed text of a statement node (a view's query, a SQL-standard function body).
    func deparse(statement node: NodePointer?) -> String? {
        guard let node, let text = strata_deparse_node_as_statement(node) else { return nil }
        defer { free(text) }
        return String(cString: text)
    }

    func expression(_ node: NodePointer) -> SQLExpression {
        var result = SQLExpression(text: canonicalText(node))
        var columns: [String] = []
        var functions: [String] = []
        collect(node, columns: &columns, functions: &functions)
        result.referencedColumns = columns
        result.functionNames = functions
        result.isConstant = isConstant(node)
        analyzeShape(node, into: &result)
        return result
    }

    /// The one expression of `SELECT <expression>`.
    func selectedExpression(_ node: NodePointer?) -> SQLExpression? {
        guard let node, node.pointee.node_case == PG_QUERY__NODE__NODE_SELECT_STMT else { return nil }
        let select = node.pointee.select_stmt.pointee
        let targets = nodes(select.n_target_list, select.target_list)
        guard targets.count == 1, targets[0].pointee.node_case == PG_QUERY__NODE__NODE_RES_TARGET,
              let value = targets[0].pointee.res_target.pointee.val else { return nil }
        return expression(value)
    }

    func deparsedExpression(_ node: NodePointer) -> String {
        guard let text = strata_deparse_expression(node) else { return "?" }
        defer { free(text) }
        return String(cString: text)
    }

    /// Every default, CHECK and index predicate in a statement whose canonical text, parsed
    /// again, prints differently (expected: none; the catalog side depends on it).
    func canonicalRoundTripMismatches(_ node: NodePointer) -> [String] {
        var expressions: [NodePointer] = []
        func constraintExpressions(_ list: [NodePointer]) {
            for item in list where item.pointee.node_case == PG_QUERY__NODE__NODE_CONSTRAINT {
                if let expr = item.pointee.constraint.pointee.raw_expr { expressions.append(expr) }
            }
        }
        switch node.pointee.node_case {
        case PG_QUERY__NODE__NODE_CREATE_STMT:
            let stmt = node.pointee.create_stmt.pointee
            for element in nodes(stmt.n_table_elts, stmt.table_elts) {
                if element.pointee.node_case == PG_QUERY__NODE__NODE_COLUMN_DEF {
                    let def = element.pointee.column_def.pointee
                    if let raw = def.raw_default { expressions.append(raw) }
                    constraintExpressions(nodes(def.n_constraints, def.constraints))
                } else {
                    constraintExpressions([element])
                }
            }
        case PG_QUERY__NODE__NODE_INDEX_STMT:
            if let predicate = node.pointee.index_stmt.pointee.where_clause { expressions.append(predicate) }
        case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
            let stmt = node.pointee.alter_table_stmt.pointee
            for cmd in nodes(stmt.n_cmds, stmt.cmds) where cmd.pointee.node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD {
                if let def = cmd.pointee.alter_table_cmd.pointee.def { constraintExpressions([def]) }
            }
        default:
            break
        }
        return expressions.compactMap { expression in
            let first = canonicalText(expression)
            guard let again = PostgresParser.expressions([first]).first, let second = again?.text else {
                return "`\(first)` does not parse"
            }
            return first == second ? nil : "`\(first)` prints again as `\(second)`"
        }
    }

    func isConstant(_ node: NodePointer) -> Bool {
        switch node.pointee.node_case {
        case PG_QUERY__NODE__NODE_A_CONST: return true
        case PG_QUERY__NODE__NODE_TYPE_CAST: return node.pointee.type_cast.pointee.arg.map { isConstant($0) } ?? false
        default: return false
        }
    }

    /// The text of a constant (for SET search_path, typmods and IN lists).
    func constantText(_ node: NodePointer) -> String? {
        switch node.pointee.node_case {
        case PG_QUERY__NODE__NODE_A_CONST:
            let constant = node.pointee.a_const.pointee
            switch constant.val_case {
            case PG_QUERY__A__CONST__VAL_IVAL: return String(constant.ival.pointee.ival)
            case PG_QUERY__A__CONST__VAL_SVAL: return string(constant.sval.pointee.sval)
            case PG_QUERY__A__CONST__VAL_FVAL: return string(constant.fval.pointee.fval)
            case PG_QUERY__A__CONST__VAL_BOOLVAL: return constant.boolval.pointee.boolval != 0 ? "true" : "false"
            default: return nil
            }
        case PG_QUERY__NODE__NODE_TYPE_CAST:
            return node.pointee.type_cast.pointee.arg.flatMap { constantText($0) }
        case PG_QUERY__NODE__NODE_STRING:
            return string(node.pointee.string.pointee.sval)
        default:
            return nil
        }
    }

    /// Walks an expression collecting column references and function names.
    func collect(_ node: NodePointer?, columns: inout [String], functions: inout [String]) {
        guard let node else { return }
        let n = node.pointee
        switch n.node_case {
        case PG_QUERY__NODE__NODE_COLUMN_REF:
            if let name = strings(n.column_ref.pointee.n_fields, n.column_ref.pointee.fields).last, !columns.contains(name) {
                columns.append(name)
            }
        case PG_QUERY__NODE__NODE_FUNC_CALL:
            let call = n.func_call.pointee
            if let name = strings(call.n_funcname, call.funcname).last { functions.append(name.lowercased()) }
            for arg in nodes(call.n_args, call.args) { collect(arg, columns: &columns, functions: &functions) }
        case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
            functions.append(sqlValueFunctionName(n.sqlvalue_function.pointee.op))
        case PG_QUERY__NODE__NODE_A_EXPR:
            collect(n.a_expr.pointee.lexpr, columns: &columns, functions: &functions)
            collect(n.a_expr.pointee.rexpr, columns: &columns, functions: &functions)
        case PG_QUERY__NODE__NODE_BOOL_EXPR:
            for arg in nodes(n.bool_expr.pointee.n_args, n.bool_expr.pointee.args) { collect(arg, columns: &columns, functions: &functions) }
        case PG_QUERY__NODE__NODE_TYPE_CAST:
            collect(n.type_cast.pointee.arg, columns: &columns, functions: &functions)
        case PG_QUERY__NODE__NODE_NULL_TEST:
            collect(n.null_test.pointee.arg, columns: &columns, functions: &functions)
        case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
            collect(n.boolean_test.pointee.arg, columns: &columns, functions: &functions)
        case PG_QUERY__NODE__NODE_LIST:
            for item in nodes(n.list.pointee.n_items, n.list.pointee.items) { collect(item, columns: &columns, functions: &functions) }
        case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
            for item in nodes(n.a_array_expr.pointee.n_elements, n.a_array_expr.pointee.elements) { collect(item, columns: &columns, functions: &functions) }
        case PG_QUERY__NODE__NODE_COALESCE_EXPR:
            for item in nodes(n.coalesce_expr.pointee.n_args, n.coalesce_expr.pointee.args) { collect(item, columns: &columns, functions: &functions) }
        case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
            for item in nodes(n.min_max_expr.pointee.n_args, n.min_max_expr.pointee.args) { collect(item, columns: &columns, functions: &functions) }
        case PG_QUERY__NODE__NODE_CASE_EXPR:
            let caseExpr = n.case_expr.pointee
            collect(caseExpr.arg, columns: &columns, functions: &functions)
            for when in nodes(caseExpr.n_args, caseExpr.args) where when.pointee.node_case == PG_QUERY__NODE__NODE_CASE_WHEN {
                collect(when.pointee.case_when.pointee.expr, columns: &columns, functions: &functions)
                collect(when.pointee.case_when.pointee.result, columns: &columns, functions: &functions)
            }
            collect(caseExpr.defresult, columns: &columns, functions: &functions)
        case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
            collect(n.collate_clause.pointee.arg, columns: &columns, functions: &functions)
        case PG_QUERY__NODE__NODE_ROW_EXPR:
            for item in nodes(n.row_expr.pointee.n_args, n.row_expr.pointee.args) { collect(item, columns: &columns, functions: &functions) }
        case PG_QUERY__NODE__NODE_A_INDIRECTION:
            collect(n.a_indirection.pointee.arg, columns: &columns, functions: &functions)
        default:
            break
        }
    }

    func sqlValueFunctionName(_ op: PgQuery__SQLValueFunctionOp) -> String {
        guard let value = withUnsafePointer(to: pg_query__sqlvalue_function_op__descriptor, { protobuf_c_enum_descriptor_get_value($0, Int32(op.rawValue)) }) else { return "sqlvaluefunction" }
        // SVFOP_CURRENT_TIMESTAMP -> current_timestamp
        return String(String(cString: value.pointee.name).dropFirst("SVFOP_".count)).lowercased()
    }

    /// Recognises `col IN (...)`, `col = ANY (ARRAY[...])` and `col IS NOT NULL`.
    func analyzeShape(_ node: NodePointer, into result: inout SQLExpression) {
        let n = node.pointee
        if n.node_case == PG_QUERY__NODE__NODE_NULL_TEST, n.null_test.pointee.nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL,
           let arg = n.null_test.pointee.arg, arg.pointee.node_case == PG_QUERY__NODE__NODE_COLUMN_REF {
            result.notNullColumn = listStringsOfFields(arg).split(separator: ".").last.map(String.init)
        }
        guard n.node_case == PG_QUERY__NODE__NODE_A_EXPR else { return }
        let expr = n.a_expr.pointee
        guard let left = expr.lexpr, let column = columnName(unwrappingCasts: left), let right = expr.rexpr else { return }
        var items: [NodePointer] = []
        if expr.kind == PG_QUERY__A__EXPR__KIND__AEXPR_IN, right.pointee.node_case == PG_QUERY__NODE__NODE_LIST {
            items = nodes(right.pointee.list.pointee.n_items, right.pointee.list.pointee.items)
        } else if expr.kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY, strings(expr.n_name, expr.name) == ["="] {
            var array = right
            while array.pointee.node_case == PG_QUERY__NODE__NODE_TYPE_CAST, let inner = array.pointee.type_cast.pointee.arg { array = inner }
            if array.pointee.node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR {
                items = nodes(array.pointee.a_array_expr.pointee.n_elements, array.pointee.a_array_expr.pointee.elements)
            }
        } else {
            return
        }
        let values = items.compactMap { constantText($0) }
        if !values.isEmpty, values.count == items.count {
            result.inList = .init(column: column, values: values)
        }
    }

    func columnName(unwrappingCasts node: NodePointer) -> String? {
        var current = node
        while current.pointee.node_case == PG_QUERY__NODE__NODE_TYPE_CAST, let inner = current.pointee.type_cast.pointee.arg { current = inner }
        guard current.pointee.node_case == PG_QUERY__NODE__NODE_COLUMN_REF else { return nil }
        return strings(current.pointee.column_ref.pointee.n_fields, current.pointee.column_ref.pointee.fields).last
    }

    // MARK: - SELECT *

    /// Whether a query's output (or a subquery or CTE it reads) uses `*`.
    func selectsStar(_ node: NodePointer?) -> Bool {
        guard let node else { return false }
        switch node.pointee.node_case {
        case PG_QUERY__NODE__NODE_SELECT_STMT:
            return selectsStar(select: node.pointee.select_stmt)
        case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
            return selectsStar(node.pointee.range_subselect.pointee.subquery)
        case PG_QUERY__NODE__NODE_JOIN_EXPR:
            return selectsStar(node.pointee.join_expr.pointee.larg) || selectsStar(node.pointee.join_expr.pointee.rarg)
        case PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR:
            return selectsStar(node.pointee.common_table_expr.pointee.ctequery)
        default:
            return false
        }
    }

    func selectsStar(select pointer: UnsafeMutablePointer<PgQuery__SelectStmt>?) -> Bool {
        guard let pointer else { return false }
        let select = pointer.pointee
        for target in nodes(select.n_target_list, select.target_list) where target.pointee.node_case == PG_QUERY__NODE__NODE_RES_TARGET {
            if let value = target.pointee.res_target.pointee.val, value.pointee.node_case == PG_QUERY__NODE__NODE_COLUMN_REF {
                let ref = value.pointee.column_ref.pointee
                if nodes(ref.n_fields, ref.fields).contains(where: { $0.pointee.node_case == PG_QUERY__NODE__NODE_A_STAR }) { return true }
            }
        }
        if selectsStar(select: select.larg) || selectsStar(select: select.rarg) { return true }
        if nodes(select.n_from_clause, select.from_clause).contains(where: { selectsStar($0) }) { return true }
        if let with = select.with_clause, nodes(with.pointee.n_ctes, with.pointee.ctes).contains(where: { selectsStar($0) }) { return true }
        return false
    }

}
