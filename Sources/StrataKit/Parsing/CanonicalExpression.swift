internal import CPgQuery

/// Prints expressions in Strata's canonical form, the one text the model keeps for a default,
/// CHECK, index expression or predicate, whether it came from a SQL file or from `pg_get_expr`.
///
/// PostgreSQL stores expressions analysed: it adds the casts it inferred (`'x'::text`,
/// `(0)::numeric`, `(status)::text`), turns `IN (...)` into `= ANY (ARRAY[...])`, `LIKE` into
/// `~~`, `BETWEEN` into two comparisons, and parenthesizes everything. The canonical form undoes
/// exactly those differences, so that the model read from the catalog after loading a file equals
/// the model built from the file:
/// - casts on literals, on arrays of literals, and implicit-looking casts on columns are dropped;
/// - `= ANY (ARRAY[literals])` prints as `IN (...)`, `<> ALL (...)` as `NOT IN (...)`;
/// - `~~` and friends print as `LIKE`, `NOT LIKE`, `ILIKE`, `NOT ILIKE`;
/// - `BETWEEN` prints as the two comparisons PostgreSQL stores;
/// - nested `AND`s (and `OR`s) are flattened; operands that are not atoms are parenthesized;
/// - `pg_catalog.` is dropped from function names.
/// Anything the printer does not know is printed by libpg_query's deparser.
extension TreeDecoder {
    struct Printed {
        var text: String
        /// Prints without parentheses as an operand.
        var isAtom: Bool
    }

    /// Casts PostgreSQL inserts on columns of other types: dropping them on both sides loses nothing
    /// a review needs.
    static let implicitCastTargets: Set<String> = [
        "text", "character varying", "character", "bpchar", "varchar", "name", "numeric", "bigint", "integer",
        "smallint", "double precision", "real",
    ]
    static let numericTypes: Set<String> = ["integer", "bigint", "smallint", "numeric", "real", "double precision"]

    func canonicalText(_ node: NodePointer) -> String { printed(node).text }

    func printed(_ node: NodePointer) -> Printed {
        let n = node.pointee
        switch n.node_case {
        case PG_QUERY__NODE__NODE_A_CONST:
            if let text = literalText(n.a_const.pointee) { return Printed(text: text, isAtom: true) }
        case PG_QUERY__NODE__NODE_COLUMN_REF:
            let parts = nodes(n.column_ref.pointee.n_fields, n.column_ref.pointee.fields).map { field in
                field.pointee.node_case == PG_QUERY__NODE__NODE_A_STAR ? "*" : quoteIdentifierIfNeeded(string(field.pointee.string.pointee.sval))
            }
            return Printed(text: parts.joined(separator: "."), isAtom: true)
        case PG_QUERY__NODE__NODE_PARAM_REF:
            return Printed(text: "$\(n.param_ref.pointee.number)", isAtom: true)
        case PG_QUERY__NODE__NODE_TYPE_CAST:
            return typeCast(n.type_cast.pointee)
        case PG_QUERY__NODE__NODE_FUNC_CALL:
            if let text = functionCall(n.func_call.pointee) { return Printed(text: text, isAtom: true) }
        case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
            let function = n.sqlvalue_function.pointee
            var name = sqlValueFunctionName(function.op).uppercased()
            if name.hasSuffix("_N") { name = String(name.dropLast(2)) + "(\(function.typmod))" }
            return Printed(text: name, isAtom: true)
        case PG_QUERY__NODE__NODE_A_EXPR:
            if let result = operatorExpression(n.a_expr.pointee) { return result }
        case PG_QUERY__NODE__NODE_BOOL_EXPR:
            let expr = n.bool_expr.pointee
            let args = nodes(expr.n_args, expr.args)
            switch expr.boolop {
            case PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR:
                guard let arg = args.first else { break }
                return Printed(text: "NOT " + operand(arg), isAtom: false)
            case PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR:
                return Printed(text: junctionTerms(args, and: true).joined(separator: " AND "), isAtom: false)
            case PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR:
                return Printed(text: junctionTerms(args, and: false).joined(separator: " OR "), isAtom: false)
            default: break
            }
        case PG_QUERY__NODE__NODE_NULL_TEST:
            let test = n.null_test.pointee
            guard let arg = test.arg else { break }
            let suffix = test.nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL ? "IS NOT NULL" : "IS NULL"
            return Printed(text: "\(operand(arg)) \(suffix)", isAtom: false)
        case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
            let test = n.boolean_test.pointee
            guard let arg = test.arg else { break }
            let suffix = switch test.booltesttype {
            case PG_QUERY__BOOL_TEST_TYPE__IS_TRUE: "IS TRUE"
            case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_TRUE: "IS NOT TRUE"
            case PG_QUERY__BOOL_TEST_TYPE__IS_FALSE: "IS FALSE"
            case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_FALSE: "IS NOT FALSE"
            case PG_QUERY__BOOL_TEST_TYPE__IS_UNKNOWN: "IS UNKNOWN"
            default: "IS NOT UNKNOWN"
            }
            return Printed(text: "\(operand(arg)) \(suffix)", isAtom: false)
        case PG_QUERY__NODE__NODE_COALESCE_EXPR:
            let expr = n.coalesce_expr.pointee
            return Printed(text: "COALESCE(\(list(nodes(expr.n_args, expr.args))))", isAtom: true)
        case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
            let expr = n.min_max_expr.pointee
            let name = expr.op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "GREATEST" : "LEAST"
            return Printed(text: "\(name)(\(list(nodes(expr.n_args, expr.args))))", isAtom: true)
        case PG_QUERY__NODE__NODE_CASE_EXPR:
            let expr = n.case_expr.pointee
            var text = "CASE"
            if let arg = expr.arg { text += " " + operand(arg) }
            for when in nodes(expr.n_args, expr.args) where when.pointee.node_case == PG_QUERY__NODE__NODE_CASE_WHEN {
                let clause = when.pointee.case_when.pointee
                guard let condition = clause.expr, let result = clause.result else { continue }
                text += " WHEN \(printed(condition).text) THEN \(printed(result).text)"
            }
            if let otherwise = expr.defresult { text += " ELSE \(printed(otherwise).text)" }
            return Printed(text: text + " END", isAtom: true)
        case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
            let expr = n.a_array_expr.pointee
            let elements = nodes(expr.n_elements, expr.elements)
            // `ARRAY['a'::mood]` (the catalog's spelling) and `ARRAY['a']::mood[]` (a file's) are
            // one canonical text, which keeps the cast a literal of an enum or domain needs.
            if let first = elements.first, first.pointee.node_case == PG_QUERY__NODE__NODE_TYPE_CAST,
               let type = userDefinedType(first.pointee.type_cast.pointee.type_name),
               elements.allSatisfy({ element in
                   element.pointee.node_case == PG_QUERY__NODE__NODE_TYPE_CAST && isConstant(element)
                       && userDefinedType(element.pointee.type_cast.pointee.type_name) == type
               }) {
                let constants = elements.compactMap { $0.pointee.type_cast.pointee.arg }
                return Printed(text: "ARRAY[\(list(constants))]::\(type)[]", isAtom: true)
            }
            return Printed(text: "ARRAY[\(list(elements))]", isAtom: true)
        case PG_QUERY__NODE__NODE_ROW_EXPR:
            let expr = n.row_expr.pointee
            return Printed(text: "ROW(\(list(nodes(expr.n_args, expr.args))))", isAtom: true)
        case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
            let clause = n.collate_clause.pointee
            guard let arg = clause.arg else { break }
            return Printed(text: "\(operand(arg)) COLLATE \(collationName(clause.n_collname, clause.collname))", isAtom: false)
        case PG_QUERY__NODE__NODE_A_INDIRECTION:
            if let text = indirection(n.a_indirection.pointee) { return Printed(text: text, isAtom: true) }
        case PG_QUERY__NODE__NODE_SUB_LINK:
            // The deparser writes sub-selects in their own parentheses.
            return Printed(text: deparsedExpression(node), isAtom: true)
        default:
            break
        }
        return Printed(text: deparsedExpression(node), isAtom: false)
    }

    /// An operand: parenthesized unless it is an atom.
    func operand(_ node: NodePointer) -> String {
        let result = printed(node)
        return result.isAtom ? result.text : "(\(result.text))"
    }

    func list(_ items: [NodePointer]) -> String { items.map { printed($0).text }.joined(separator: ", ") }

    func literalText(_ constant: PgQuery__AConst) -> String? {
        if constant.isnull != 0 { return "NULL" }
        switch constant.val_case {
        case PG_QUERY__A__CONST__VAL_IVAL: return String(constant.ival.pointee.ival)
        case PG_QUERY__A__CONST__VAL_FVAL: return string(constant.fval.pointee.fval)
        case PG_QUERY__A__CONST__VAL_SVAL: return quoteLiteral(string(constant.sval.pointee.sval))
        case PG_QUERY__A__CONST__VAL_BOOLVAL: return constant.boolval.pointee.boolval != 0 ? "true" : "false"
        case PG_QUERY__A__CONST__VAL_BSVAL:
            // PostgreSQL stores B'0101' and X'5' as bit strings and prints them '0101'::"bit".
            let bits = string(constant.bsval.pointee.bsval)
            guard let kind = bits.first else { return nil }
            if kind == "b" || kind == "B" { return quoteLiteral(String(bits.dropFirst())) }
            let binary = bits.dropFirst().compactMap { $0.hexDigitValue }.map { digit -> String in
                let text = String(digit, radix: 2)
                return String(repeating: "0", count: 4 - text.count) + text
            }.joined()
            return quoteLiteral(binary)
        default: return nil
        }
    }

    func typeCast(_ cast: PgQuery__TypeCast) -> Printed {
        guard let arg = cast.arg else { return Printed(text: "NULL", isAtom: true) }
        let target = typeName(cast.type_name)
        let targetName = target.map { $0.arrayDimensions == 0 ? $0.name : "" } ?? ""
        let baseTarget = targetName.split(separator: "(").first.map(String.init) ?? targetName
        switch arg.pointee.node_case {
        case PG_QUERY__NODE__NODE_A_CONST:
            // '-1'::integer is how PostgreSQL stores -1: print the number.
            let constant = arg.pointee.a_const.pointee
            if constant.val_case == PG_QUERY__A__CONST__VAL_SVAL, Self.numericTypes.contains(baseTarget) {
                let value = string(constant.sval.pointee.sval)
                if Self.isNumber(value) { return Printed(text: value, isAtom: true) }
            }
            return printed(arg)
        case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
            let elements = nodes(arg.pointee.a_array_expr.pointee.n_elements, arg.pointee.a_array_expr.pointee.elements)
            // An empty ARRAY[] has no type without its cast (and is no valid SQL without it).
            if !elements.isEmpty, elements.allSatisfy(isConstant) {
                guard let target, target.arrayDimensions == 1, let type = userDefinedType(cast.type_name) else { return printed(arg) }
                let constants = elements.map { element in
                    element.pointee.node_case == PG_QUERY__NODE__NODE_TYPE_CAST ? element.pointee.type_cast.pointee.arg ?? element : element
                }
                return Printed(text: "ARRAY[\(list(constants))]::\(type)[]", isAtom: true)
            }
        case PG_QUERY__NODE__NODE_TYPE_CAST:
            if isConstant(arg) { return printed(arg) }
        case PG_QUERY__NODE__NODE_COLUMN_REF:
            if Self.implicitCastTargets.contains(baseTarget) { return printed(arg) }
        default:
            break
        }
        guard let target else { return printed(arg) }
        return Printed(text: "\(operand(arg))::\(target.displayName)", isAtom: true)
    }

    /// An enum's or domain's name (unqualified in public, as the catalog prints it); nil for a
    /// built-in type, whose literals need no cast.
    func userDefinedType(_ pointer: UnsafeMutablePointer<PgQuery__TypeName>?) -> String? {
        guard let type = typeName(pointer) else { return nil }
        let name = type.name
        // `timestamp(3) without time zone` is the built-in `timestamp without time zone`.
        let base = name.replacingOccurrences(of: #"\([0-9, ]*\)"#, with: "", options: .regularExpression)
        if type.schema == nil, name.hasPrefix("\"") || TypeNames.unqualifiedBuiltins.contains(base) || TypeNames.builtinSpellings.values.contains(base) {
            return nil
        }
        let schema = type.schema == "public" ? nil : type.schema
        return (schema.map { quoteIdentifierIfNeeded($0) + "." } ?? "") + quoteIdentifierIfNeeded(name)
    }

    static func isNumber(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "-" { body = body.dropFirst() }
        guard let first = body.first, first.isASCII, first.isNumber else { return false }
        var dots = 0
        for character in body {
            if character == "." { dots += 1; continue }
            guard character.isASCII, character.isNumber else { return false }
        }
        return dots <= 1 && body.last != "."
    }

    func functionCall(_ call: PgQuery__FuncCall) -> String? {
        guard call.agg_distinct == 0, call.n_agg_order == 0, call.agg_filter == nil, call.over == nil,
              call.agg_within_group == 0, call.func_variadic == 0 else { return nil }
        var names = strings(call.n_funcname, call.funcname)
        if names.count > 1, names[0] == "pg_catalog" { names.removeFirst() }
        let name = names.map(quoteIdentifierIfNeeded).joined(separator: ".")
        if call.agg_star != 0 { return "\(name)(*)" }
        let args = nodes(call.n_args, call.args).map { arg -> String in
            if arg.pointee.node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR, let value = arg.pointee.named_arg_expr.pointee.arg {
                return "\(quoteIdentifierIfNeeded(string(arg.pointee.named_arg_expr.pointee.name))) => \(printed(value).text)"
            }
            return printed(arg).text
        }
        return "\(name)(\(args.joined(separator: ", ")))"
    }

    func operatorName(_ expr: PgQuery__AExpr) -> String? {
        var names = strings(expr.n_name, expr.name)
        if names.count > 1, names[0] == "pg_catalog" { names.removeFirst() }
        guard let last = names.last else { return nil }
        return names.count == 1 ? last : "OPERATOR(\(names.joined(separator: ".")))"
    }

    static let likeOperators = ["~~": "LIKE", "!~~": "NOT LIKE", "~~*": "ILIKE", "!~~*": "NOT ILIKE"]

    func operatorExpression(_ expr: PgQuery__AExpr) -> Printed? {
        guard let op = operatorName(expr) else { return nil }
        switch expr.kind {
        case PG_QUERY__A__EXPR__KIND__AEXPR_OP, PG_QUERY__A__EXPR__KIND__AEXPR_LIKE, PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE,
             PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR:
            guard let right = expr.rexpr else { return nil }
            let spelled = Self.likeOperators[op] ?? op
            guard let left = expr.lexpr else { return Printed(text: "\(spelled)\(operand(right))", isAtom: false) }
            return Printed(text: "\(operand(left)) \(spelled) \(operand(right))", isAtom: false)
        case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY, PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL:
            guard let left = expr.lexpr, let right = expr.rexpr else { return nil }
            let isAny = expr.kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY
            if (isAny && op == "=") || (!isAny && op == "<>"), let items = constantArrayItems(right) {
                return Printed(text: "\(operand(left)) \(isAny ? "IN" : "NOT IN") (\(list(items)))", isAtom: false)
            }
            return Printed(text: "\(operand(left)) \(op) \(isAny ? "ANY" : "ALL") (\(printed(right).text))", isAtom: false)
        case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
            guard let left = expr.lexpr, let right = expr.rexpr, right.pointee.node_case == PG_QUERY__NODE__NODE_LIST else { return nil }
            let items = nodes(right.pointee.list.pointee.n_items, right.pointee.list.pointee.items)
            return Printed(text: "\(operand(left)) \(op == "<>" ? "NOT IN" : "IN") (\(list(items)))", isAtom: false)
        case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT, PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT:
            guard let left = expr.lexpr, let right = expr.rexpr else { return nil }
            let words = expr.kind == PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM"
            return Printed(text: "\(operand(left)) \(words) \(operand(right))", isAtom: false)
        case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF:
            guard let left = expr.lexpr, let right = expr.rexpr else { return nil }
            return Printed(text: "NULLIF(\(printed(left).text), \(printed(right).text))", isAtom: true)
        case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN, PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
            guard let terms = betweenTerms(expr) else { return nil }
            return Printed(text: terms.joined(separator: " AND "), isAtom: false)
        case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN, PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM:
            guard let terms = betweenTerms(expr) else { return nil }
            return Printed(text: terms.joined(separator: " OR "), isAtom: false)
        default:
            return nil
        }
    }

    /// `x BETWEEN a AND b` as PostgreSQL stores it: `(x >= a) AND (x <= b)`; NOT BETWEEN as
    /// `(x < a) OR (x > b)`; the SYMMETRIC forms as the OR (AND) of both orders.
    func betweenTerms(_ expr: PgQuery__AExpr) -> [String]? {
        guard let left = expr.lexpr, let right = expr.rexpr, right.pointee.node_case == PG_QUERY__NODE__NODE_LIST else { return nil }
        let bounds = nodes(right.pointee.list.pointee.n_items, right.pointee.list.pointee.items)
        guard bounds.count == 2 else { return nil }
        let value = operand(left), low = operand(bounds[0]), high = operand(bounds[1])
        switch expr.kind {
        case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN: return ["(\(value) >= \(low))", "(\(value) <= \(high))"]
        case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN: return ["(\(value) < \(low))", "(\(value) > \(high))"]
        case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
            return ["((\(value) >= \(low)) AND (\(value) <= \(high)))", "((\(value) >= \(high)) AND (\(value) <= \(low)))"]
        default:
            return ["((\(value) < \(low)) OR (\(value) > \(high)))", "((\(value) < \(high)) OR (\(value) > \(low)))"]
        }
    }

    /// The operands of an AND (or OR), nested ones of the same kind flattened, each parenthesized
    /// unless an atom.
    func junctionTerms(_ args: [NodePointer], and: Bool) -> [String] {
        var terms: [String] = []
        let kind = and ? PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR : PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR
        for arg in args {
            if arg.pointee.node_case == PG_QUERY__NODE__NODE_BOOL_EXPR, arg.pointee.bool_expr.pointee.boolop == kind {
                let inner = arg.pointee.bool_expr.pointee
                terms += junctionTerms(nodes(inner.n_args, inner.args), and: and)
                continue
            }
            if arg.pointee.node_case == PG_QUERY__NODE__NODE_A_EXPR {
                let expr = arg.pointee.a_expr.pointee
                let splits = and ? [PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN] : [PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN]
                if splits.contains(expr.kind), let parts = betweenTerms(expr) { terms += parts; continue }
            }
            terms.append(operand(arg))
        }
        return terms
    }

    /// The elements of `ARRAY[literals]` (casts ignored), for `= ANY` printed as `IN`.
    func constantArrayItems(_ node: NodePointer) -> [NodePointer]? {
        var current = node
        while current.pointee.node_case == PG_QUERY__NODE__NODE_TYPE_CAST, let inner = current.pointee.type_cast.pointee.arg { current = inner }
        guard current.pointee.node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR else { return nil }
        let items = nodes(current.pointee.a_array_expr.pointee.n_elements, current.pointee.a_array_expr.pointee.elements)
        return !items.isEmpty && items.allSatisfy(isConstant) ? items : nil
    }

    func indirection(_ expr: PgQuery__AIndirection) -> String? {
        guard let arg = expr.arg else { return nil }
        var text = arg.pointee.node_case == PG_QUERY__NODE__NODE_COLUMN_REF ? printed(arg).text : "(\(printed(arg).text))"
        for step in nodes(expr.n_indirection, expr.indirection) {
            switch step.pointee.node_case {
            case PG_QUERY__NODE__NODE_A_INDICES:
                let indices = step.pointee.a_indices.pointee
                let lower = indices.lidx.map { printed($0).text } ?? ""
                let upper = indices.uidx.map { printed($0).text } ?? ""
                text += indices.is_slice != 0 ? "[\(lower):\(upper)]" : "[\(upper)]"
            case PG_QUERY__NODE__NODE_STRING:
                text += "." + quoteIdentifierIfNeeded(string(step.pointee.string.pointee.sval))
            case PG_QUERY__NODE__NODE_A_STAR:
                text += ".*"
            default:
                return nil
            }
        }
        return text
    }
}
