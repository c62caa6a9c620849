internal import CPgQuery

/// PostgreSQL's keyword categories, read from its own keyword table rather than a copied list.
package enum KeywordCategory: Sendable {
    case none, unreserved, columnName, typeOrFunctionName, reserved
}

package enum Keywords {
    /// A lookup in PostgreSQL's own keyword table (a perfect hash inside libpg_query).
    package static func category(of word: String) -> KeywordCategory {
        switch strata_keyword_category(word) {
        case 0: .unreserved
        case 1: .columnName
        case 2: .typeOrFunctionName
        case 3: .reserved
        default: .none
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
