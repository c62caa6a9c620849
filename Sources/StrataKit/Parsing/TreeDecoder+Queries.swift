internal import CPgQuery

/// Statements as the application sends them, read into ``QueryAnalysis``.
extension TreeDecoder {
    func queryAnalysis(_ node: NodePointer, statementCount: Int) -> QueryAnalysis {
        var analysis = QueryAnalysis(kind: .other, statementCount: statementCount)
        switch node.pointee.node_case {
        case PG_QUERY__NODE__NODE_SELECT_STMT:
            analysis.kind = .select
            read(select: node.pointee.select_stmt, into: &analysis)
        case PG_QUERY__NODE__NODE_INSERT_STMT:
            let insert = node.pointee.insert_stmt.pointee
            analysis.kind = .insert
            addTable(insert.relation, into: &analysis)
            analysis.insertColumns = nodes(insert.n_cols, insert.cols).compactMap { column in
                column.pointee.node_case == PG_QUERY__NODE__NODE_RES_TARGET ? optionalString(column.pointee.res_target.pointee.name) : nil
            }
        case PG_QUERY__NODE__NODE_UPDATE_STMT:
            let update = node.pointee.update_stmt.pointee
            analysis.kind = .update
            addTable(update.relation, into: &analysis)
            for item in nodes(update.n_from_clause, update.from_clause) { addFromItem(item, into: &analysis) }
            if let clause = update.where_clause { analysis.predicates = predicates(clause) }
        case PG_QUERY__NODE__NODE_DELETE_STMT:
            let delete = node.pointee.delete_stmt.pointee
            analysis.kind = .delete
            addTable(delete.relation, into: &analysis)
            for item in nodes(delete.n_using_clause, delete.using_clause) { addFromItem(item, into: &analysis) }
            if let clause = delete.where_clause { analysis.predicates = predicates(clause) }
        case PG_QUERY__NODE__NODE_MERGE_STMT:
            analysis.kind = .merge
            addTable(node.pointee.merge_stmt.pointee.relation, into: &analysis)
        case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
            switch transactionKind(node.pointee.transaction_stmt.pointee.kind) {
            case .begin: analysis.kind = .begin
            case .commit, .rollback: analysis.kind = .end
            case .savepoint, .release, .rollbackTo: analysis.kind = .savepoint
            case .prepare, .commitPrepared, .rollbackPrepared: analysis.kind = .other
            }
        default:
            break
        }
        return analysis
    }

    private func read(select pointer: UnsafeMutablePointer<PgQuery__SelectStmt>, into analysis: inout QueryAnalysis) {
        let select = pointer.pointee
        // UNION and friends: the arms' tables; bounded only by a LIMIT on the whole.
        if let left = select.larg, let right = select.rarg {
            var arms = analysis
            read(select: left, into: &arms)
            read(select: right, into: &arms)
            analysis.tables = arms.tables
            analysis.aliases = arms.aliases
            analysis.bounded = select.limit_count != nil
            return
        }
        for item in nodes(select.n_from_clause, select.from_clause) { addFromItem(item, into: &analysis) }
        if let with = select.with_clause {
            let names = Set(nodes(with.pointee.n_ctes, with.pointee.ctes).compactMap { cte in
                cte.pointee.node_case == PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR ? optionalString(cte.pointee.common_table_expr.pointee.ctename) : nil
            })
            analysis.tables.removeAll { $0.schema == nil && names.contains($0.name) }
        }
        if let clause = select.where_clause { analysis.predicates = predicates(clause) }
        let targets = nodes(select.n_target_list, select.target_list).compactMap { target in
            target.pointee.node_case == PG_QUERY__NODE__NODE_RES_TARGET ? target.pointee.res_target.pointee.val : nil
        }
        for value in targets where value.pointee.node_case == PG_QUERY__NODE__NODE_COLUMN_REF {
            let fields = nodes(value.pointee.column_ref.pointee.n_fields, value.pointee.column_ref.pointee.fields)
            guard fields.last?.pointee.node_case == PG_QUERY__NODE__NODE_A_STAR else { continue }
            let qualifier = strings(value.pointee.column_ref.pointee.n_fields, value.pointee.column_ref.pointee.fields).last
            if let qualifier {
                if let table = analysis.aliases[qualifier] { analysis.starTables.append(table) }
            } else {
                analysis.starTables.append(contentsOf: analysis.tables)
            }
        }
        let plain = targets.compactMap { value -> String? in
            guard value.pointee.node_case == PG_QUERY__NODE__NODE_COLUMN_REF else { return nil }
            let fields = nodes(value.pointee.column_ref.pointee.n_fields, value.pointee.column_ref.pointee.fields)
            guard fields.last?.pointee.node_case == PG_QUERY__NODE__NODE_STRING else { return nil }
            return strings(value.pointee.column_ref.pointee.n_fields, value.pointee.column_ref.pointee.fields).last
        }
        if !targets.isEmpty, plain.count == targets.count { analysis.selectedColumns = plain }
        let aggregates = !targets.isEmpty && targets.allSatisfy(isAggregate)
        analysis.bounded = select.limit_count != nil || (aggregates && select.n_group_clause == 0) || analysis.tables.isEmpty
    }

    /// A FROM item's base tables (joins walked; subqueries and functions contribute none).
    private func addFromItem(_ node: NodePointer, into analysis: inout QueryAnalysis) {
        switch node.pointee.node_case {
        case PG_QUERY__NODE__NODE_RANGE_VAR:
            addTable(node.pointee.range_var, into: &analysis)
        case PG_QUERY__NODE__NODE_JOIN_EXPR:
            if let left = node.pointee.join_expr.pointee.larg { addFromItem(left, into: &analysis) }
            if let right = node.pointee.join_expr.pointee.rarg { addFromItem(right, into: &analysis) }
        default:
            break
        }
    }

    private func addTable(_ pointer: UnsafeMutablePointer<PgQuery__RangeVar>?, into analysis: inout QueryAnalysis) {
        guard let pointer else { return }
        let name = rangeVar(pointer)
        analysis.tables.append(name)
        let alias = pointer.pointee.alias.flatMap { optionalString($0.pointee.aliasname) }
        analysis.aliases[alias ?? name.name] = name
    }

    private static let aggregateNames: Set<String> = [
        "count", "sum", "avg", "min", "max", "array_agg", "string_agg", "bool_and", "bool_or", "every",
        "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "bit_and", "bit_or", "stddev", "variance",
    ]

    private func isAggregate(_ node: NodePointer) -> Bool {
        var current = node
        while current.pointee.node_case == PG_QUERY__NODE__NODE_TYPE_CAST, let inner = current.pointee.type_cast.pointee.arg { current = inner }
        guard current.pointee.node_case == PG_QUERY__NODE__NODE_FUNC_CALL else { return false }
        let call = current.pointee.func_call.pointee
        guard call.over == nil, let name = strings(call.n_funcname, call.funcname).last else { return false }
        return Self.aggregateNames.contains(name.lowercased())
    }
}
