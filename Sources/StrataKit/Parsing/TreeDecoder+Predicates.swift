internal import CPgQuery
import Foundation

/// Boolean expressions into ``SQLPredicate`` conjuncts.
extension TreeDecoder {
    func predicates(_ node: NodePointer) -> [SQLPredicate] {
        let n = node.pointee
        if n.node_case == PG_QUERY__NODE__NODE_BOOL_EXPR {
            let bool = n.bool_expr.pointee
            let arguments = nodes(bool.n_args, bool.args)
            if bool.boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR { return arguments.flatMap(predicates) }
            if bool.boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR {
                let arms = arguments.map(predicates)
                let columns = arms.compactMap { arm in arm.count == 1 ? arm[0].column ?? arm[0].expression : nil }
                // `a = 1 OR a = 2` on one column is an IN list; across columns no single index serves it.
                if columns.count == arms.count, Set(columns).count == 1 {
                    var merged = SQLPredicate(kind: .equality, column: arms[0][0].column, text: canonicalText(node))
                    merged.expression = arms[0][0].expression
                    return [merged]
                }
                var result = SQLPredicate(kind: .orAcrossColumns, text: canonicalText(node))
                result.orColumns = Array(Set(columns)).sorted()
                return [result]
            }
            return [SQLPredicate(kind: .other, text: canonicalText(node))]
        }
        if n.node_case == PG_QUERY__NODE__NODE_NULL_TEST, let argument = n.null_test.pointee.arg {
            let kind: SQLPredicate.Kind = n.null_test.pointee.nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NULL ? .isNull : .isNotNull
            var result = SQLPredicate(kind: kind, text: canonicalText(node))
            describe(argument, into: &result)
            return [result]
        }
        guard n.node_case == PG_QUERY__NODE__NODE_A_EXPR, let left = n.a_expr.pointee.lexpr else {
            return [SQLPredicate(kind: .other, text: canonicalText(node))]
        }
        let expr = n.a_expr.pointee
        let name = strings(expr.n_name, expr.name).last ?? ""
        var result = SQLPredicate(kind: .other, text: canonicalText(node))
        describe(left, into: &result)
        let right = expr.rexpr
        if let right, let rightColumn = plainColumn(right), result.column != nil {
            if name == "=" { result.kind = .join; result.otherColumn = rightColumn; result.otherQualifier = qualifier(right) }
            return [result]
        }
        if let right { result.constant = canonicalText(right) }
        switch expr.kind {
        case PG_QUERY__A__EXPR__KIND__AEXPR_IN: result.kind = .equality
        case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY where name == "=": result.kind = .equality
        case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN, PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM: result.kind = .range
        case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE, PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
            result.kind = likeKind(right)
        case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
            switch name {
            case "=": result.kind = .equality
            case "<", "<=", ">", ">=": result.kind = .range
            case "~~", "~~*": result.kind = likeKind(right)
            case "@>", "<@", "&&", "?", "?|", "?&": result.kind = .containment
            default: result.kind = .other
            }
        default: result.kind = .other
        }
        return [result]
    }

    /// `'%abc'` cannot use a B-tree; `'abc%'` can.
    func likeKind(_ node: NodePointer?) -> SQLPredicate.Kind {
        guard let node, let pattern = constantText(node)?.trimmingCharacters(in: CharacterSet(charactersIn: "'")) else { return .other }
        return pattern.hasPrefix("%") || pattern.hasPrefix("_") ? .infixLike : .prefixLike
    }

    /// A column, seeing through casts to text types (PostgreSQL prints `(status)::text` for a
    /// varchar compared with text; an index on status still serves it).
    func plainColumn(_ node: NodePointer) -> String? {
        var current = node
        while current.pointee.node_case == PG_QUERY__NODE__NODE_TYPE_CAST, let inner = current.pointee.type_cast.pointee.arg {
            let target = typeName(current.pointee.type_cast.pointee.type_name)?.name ?? ""
            guard ["text", "varchar", "character varying", "bpchar", "pg_catalog.text", "pg_catalog.varchar"].contains(target) else { return nil }
            current = inner
        }
        guard current.pointee.node_case == PG_QUERY__NODE__NODE_COLUMN_REF else { return nil }
        return listStringsOfFields(current).split(separator: ".").last.map(String.init)
    }

    /// What the left side of a comparison is: a column, a function of one column, or a column
    /// behind a cast that changes its type.
    /// `o` of `o.customer_id` (casts seen through).
    func qualifier(_ node: NodePointer) -> String? {
        var current = node
        while current.pointee.node_case == PG_QUERY__NODE__NODE_TYPE_CAST, let inner = current.pointee.type_cast.pointee.arg { current = inner }
        guard current.pointee.node_case == PG_QUERY__NODE__NODE_COLUMN_REF else { return nil }
        let parts = listStringsOfFields(current).split(separator: ".").map(String.init)
        return parts.count >= 2 ? parts[parts.count - 2] : nil
    }

    func describe(_ node: NodePointer, into result: inout SQLPredicate) {
        if let column = plainColumn(node) { result.column = column; result.qualifier = qualifier(node); return }
        let n = node.pointee
        if n.node_case == PG_QUERY__NODE__NODE_TYPE_CAST, let inner = n.type_cast.pointee.arg, let column = plainColumn(inner) {
            result.castColumn = column
            return
        }
        if n.node_case == PG_QUERY__NODE__NODE_FUNC_CALL {
            let call = n.func_call.pointee
            let arguments = nodes(call.n_args, call.args)
            if arguments.count == 1, plainColumn(arguments[0]) != nil {
                result.expression = canonicalText(node)
            }
        }
    }
}
