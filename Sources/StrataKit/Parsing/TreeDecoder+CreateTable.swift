internal import CPgQuery

/// CREATE TABLE: columns, constraints, partitions; and type names.
extension TreeDecoder {
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
        var create = CreateTableStatement(
            name: rangeVar(stmt.relation), columns: columns, constraints: constraints,
            inherits: partitionOf == nil ? inherits : [], partitionBy: partitionBy, partitionOf: partitionOf,
            likeTables: likes, ifNotExists: stmt.if_not_exists != 0,
            isUnlogged: persistence == "u", isTemporary: persistence == "t")
        create.storage = storageParameters(stmt.n_options, stmt.options)
        return create
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
            // `REFERENCES t DEFERRABLE INITIALLY DEFERRED` in a column: the attributes arrive as
            // constraints of their own and belong to the constraint before them.
            switch node.pointee.constraint.pointee.contype {
            case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE, PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE,
                 PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED, PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
                guard !column.constraints.isEmpty else { continue }
                let type = node.pointee.constraint.pointee.contype
                let last = column.constraints.count - 1
                if type == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE { column.constraints[last].deferrable = true }
                if type == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE { column.constraints[last].deferrable = false }
                if type == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED { column.constraints[last].initiallyDeferred = true; column.constraints[last].deferrable = true }
                if type == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE { column.constraints[last].initiallyDeferred = false }
                continue
            default: break
            }
            let definition = constraint(node.pointee.constraint, column: name)
            switch definition.kind {
            case .notNull: column.isNotNull = true
            case .null: column.isNotNull = false
            case .defaultValue(let expression): column.defaultExpression = expression
            case .identity(let kind):
                column.identity = kind
                column.isNotNull = true
                let identity = node.pointee.constraint.pointee
                column.identityOptions = sequenceOptions(identity.n_options, identity.options)
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
            kind = .exclusion(method: IndexMethod(optionalString(c.access_method) ?? "gist"), elements: elements,
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
}
