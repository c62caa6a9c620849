internal import CPgQuery
import Foundation

/// The DDL inside a `DO` block, read with PostgreSQL's own PL/pgSQL parser (libpg_query's
/// `pg_query_parse_plpgsql`): what migrations folders wrap in `DO` to make a statement rerunnable.
/// Understood: plain statements, `IF ... THEN` wrappers (the THEN branch, as on a database where
/// the object is missing), nested blocks (an `EXCEPTION WHEN duplicate_object` handler is how
/// `CREATE TYPE` is made rerunnable: the block's body is what runs), and `EXECUTE` of a string
/// literal. Anything else that may run SQL (loops, `EXECUTE` of a computed string, another
/// language) is reported, never silently skipped.
package enum DoBlock {
    package struct Extracted: Sendable, Equatable {
        /// The statements the block runs, with their line in the block's body (1 = the body's first line).
        package var statements: [(sql: String, line: Int)]
        /// What Strata could not follow, with its line in the body.
        package var notUnderstood: [(reason: String, line: Int)]

        package static func == (left: Extracted, right: Extracted) -> Bool {
            left.statements.map(\.sql) == right.statements.map(\.sql) && left.statements.map(\.line) == right.statements.map(\.line)
                && left.notUnderstood.map(\.reason) == right.notUnderstood.map(\.reason)
        }
    }

    /// Reads `DO [LANGUAGE plpgsql] '<body>'` (either order, any quoting of the body).
    package static func extract(_ statement: String) -> Extracted {
        var result = Extracted(statements: [], notUnderstood: [])
        guard let tokens = try? PostgresParser.scan(statement) else {
            result.notUnderstood.append(("the DO statement does not scan", 1))
            return result
        }
        let bytes = Array(statement.utf8)
        let words = tokens.filter { !$0.isComment }.map { String(decoding: bytes[$0.range], as: UTF8.self) }
        if let language = words.firstIndex(where: { $0.lowercased() == "language" }), language + 1 < words.count {
            let name = words[language + 1].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            guard name == "plpgsql" else {
                result.notUnderstood.append(("a DO block in \(name), not PL/pgSQL", 1))
                return result
            }
        }
        guard let body = words.first(where: { $0.hasPrefix("$") || $0.hasPrefix("'") || $0.lowercased().hasPrefix("e'") }) else {
            result.notUnderstood.append(("a DO block without a body", 1))
            return result
        }
        let function = "CREATE FUNCTION strata_do_block() RETURNS void LANGUAGE plpgsql AS \(body)"
        let parsed = pg_query_parse_plpgsql(function)
        defer { pg_query_free_plpgsql_parse_result(parsed) }
        if let error = parsed.error {
            result.notUnderstood.append(("PL/pgSQL does not parse: \(String(cString: error.pointee.message))", max(1, Int(error.pointee.lineno))))
            return result
        }
        guard let json = parsed.plpgsql_funcs, let tree = try? JSONSerialization.jsonObject(with: Data(String(cString: json).utf8)) as? [Any],
              let function = (tree.first as? [String: Any])?["PLpgSQL_function"] as? [String: Any],
              let action = function["action"] as? [String: Any] else {
            result.notUnderstood.append(("the PL/pgSQL tree cannot be read", 1))
            return result
        }
        walk([action], into: &result)
        return result
    }

    /// Statements that run no SQL of their own, or only reads: nothing for the model.
    static let harmless: Set<String> = [
        "PLpgSQL_stmt_perform", "PLpgSQL_stmt_raise", "PLpgSQL_stmt_return", "PLpgSQL_stmt_assign", "PLpgSQL_stmt_getdiag",
        "PLpgSQL_stmt_assert", "PLpgSQL_stmt_exit", "PLpgSQL_stmt_return_next", "PLpgSQL_stmt_return_query", "PLpgSQL_stmt_call",
    ]

    static func walk(_ statements: [Any], into result: inout Extracted) {
        for case let node as [String: Any] in statements {
            guard let (kind, value) = node.first, let fields = value as? [String: Any] else { continue }
            let line = fields["lineno"] as? Int ?? 1
            switch kind {
            case "PLpgSQL_stmt_block":
                walk(fields["body"] as? [Any] ?? [], into: &result)
            case "PLpgSQL_stmt_if":
                walk(fields["then_body"] as? [Any] ?? [], into: &result)
            case "PLpgSQL_stmt_execsql":
                if let query = expression(fields["sqlstmt"]) { result.statements.append((query, line)) }
            case "PLpgSQL_stmt_dynexecute":
                if let query = expression(fields["query"]), let literal = literal(query) {
                    result.statements.append((literal, line))
                } else {
                    result.notUnderstood.append(("EXECUTE of a computed string", line))
                }
            case _ where harmless.contains(kind):
                break
            default:
                let name = kind.replacingOccurrences(of: "PLpgSQL_stmt_", with: "").uppercased()
                result.notUnderstood.append(("a \(name) statement", line))
            }
        }
    }

    static func expression(_ value: Any?) -> String? {
        ((value as? [String: Any])?["PLpgSQL_expr"] as? [String: Any])?["query"] as? String
    }

    /// `'CREATE ...'` (quotes doubled inside) or `$x$CREATE ...$x$` as the text it stands for;
    /// nil for anything computed (`'...' || name`, format(), a variable).
    static func literal(_ expression: String) -> String? {
        let text = expression.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let tokens = try? PostgresParser.scan(text), tokens.filter({ !$0.isComment }).count == 1 else { return nil }
        if text.hasPrefix("'"), text.hasSuffix("'"), text.count >= 2 {
            return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        if text.hasPrefix("$"), let close = text.dropFirst().firstIndex(of: "$") {
            let tag = text[...close]
            guard text.hasSuffix(tag), text.count >= 2 * tag.count else { return nil }
            return String(text.dropFirst(tag.count).dropLast(tag.count))
        }
        return nil
    }
}
