internal import CPgQuery

/// Expressions into canonical SQL text, and whether a query selects `*`.
extension TreeDecoder {
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
