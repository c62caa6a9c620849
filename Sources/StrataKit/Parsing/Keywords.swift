import Synchronization
internal import CPgQuery

/// PostgreSQL's keyword categories, read from its own scanner rather than a copied list.
package enum KeywordCategory: Sendable {
    case none, unreserved, columnName, typeOrFunctionName, reserved
}

package enum Keywords {
    private static let cache = Mutex<[String: KeywordCategory]>([:])

    package static func category(of word: String) -> KeywordCategory {
        let lowered = word.lowercased()
        if let known = cache.withLock({ $0[lowered] }) { return known }
        let category = scanCategory(lowered)
        cache.withLock { $0[lowered] = category }
        return category
    }

    private static func scanCategory(_ word: String) -> KeywordCategory {
        guard !word.isEmpty, word.allSatisfy({ $0.isLetter || $0 == "_" || $0.isNumber }) else { return .none }
        let result = pg_query_scan(word)
        defer { pg_query_free_scan_result(result) }
        guard result.error == nil else { return .none }
        let unpacked = result.pbuf.data.withMemoryRebound(to: UInt8.self, capacity: result.pbuf.len) {
            pg_query__scan_result__unpack(nil, result.pbuf.len, $0)
        }
        guard let unpacked else { return .none }
        defer { pg_query__scan_result__free_unpacked(unpacked, nil) }
        guard unpacked.pointee.n_tokens == 1, let token = unpacked.pointee.tokens[0] else { return .none }
        switch token.pointee.keyword_kind {
        case PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD: return .unreserved
        case PG_QUERY__KEYWORD_KIND__COL_NAME_KEYWORD: return .columnName
        case PG_QUERY__KEYWORD_KIND__TYPE_FUNC_NAME_KEYWORD: return .typeOrFunctionName
        case PG_QUERY__KEYWORD_KIND__RESERVED_KEYWORD: return .reserved
        default: return .none
        }
    }
}

/// Lowercase letters, digits, `_` and `$`, not starting with a digit: needs no quotes unless a keyword.
package func isPlainIdentifier(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
    return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "$" }
}

/// Quotes an identifier the way PostgreSQL's `quote_ident` does: only when needed.
package func quoteIdentifierIfNeeded(_ name: String) -> String {
    if isPlainIdentifier(name) {
        let category = Keywords.category(of: name)
        if category == .none || category == .unreserved { return name }
    }
    return quoteIdentifier(name)
}

/// Always quotes: `"Order"`, `"a""b"`.
package func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingAll("\"", with: "\"\"") + "\""
}

/// A SQL string literal: `'it''s'`.
package func quoteLiteral(_ value: String) -> String {
    "'" + value.replacingAll("'", with: "''") + "'"
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        result.reserveCapacity(count + 2)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
