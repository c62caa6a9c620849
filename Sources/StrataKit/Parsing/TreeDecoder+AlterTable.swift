internal import CPgQuery

/// ALTER TABLE and its subcommands.
extension TreeDecoder {
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
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions, PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
            guard let def = cmd.def, def.pointee.node_case == PG_QUERY__NODE__NODE_LIST else { return .other("RelOptions") }
            let list = def.pointee.list.pointee
            let parameters = storageParameters(list.n_items, list.items)
            if cmd.subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions { return .setStorage(parameters) }
            return .resetStorage(parameters.map(storageParameterName))
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
}
