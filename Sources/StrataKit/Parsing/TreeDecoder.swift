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
                    ifNotExists: stmt.if_not_exists != 0, storage: storageParameters(into.pointee.n_options, into.pointee.options)))
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
            var create = CreateSequenceStatement(
                name: rangeVar(stmt.sequence), dataType: options["as"].flatMap { typeNameNode($0)?.displayName },
                ownedBy: options["owned_by"].map { listStrings($0) }, ifNotExists: stmt.if_not_exists != 0)
            create.options = sequenceOptions(stmt.n_options, stmt.options)
            return .createSequence(create)
        case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
            let stmt = n.alter_seq_stmt.pointee
            let options = definitionOptions(stmt.n_options, stmt.options)
            return .alterSequence(name: rangeVar(stmt.sequence), ownedBy: options["owned_by"].map { listStrings($0) },
                                  dataType: options["as"].flatMap { typeNameNode($0)?.displayName }, options: sequenceOptions(stmt.n_options, stmt.options))
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
                switch role.roletype {
                case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC: return "public"
                case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER: return "current_user"
                case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER: return "session_user"
                case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE: return "current_role"
                default: return string(role.rolename)
                }
            }
            return .createPolicy(CreatePolicyStatement(
                name: string(stmt.policy_name), table: rangeVar(stmt.table), command: PolicyCommand(rawValue: string(stmt.cmd_name)) ?? .all,
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

}
