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

/// Always quotes: `"Order"`, `"a""b"`. Quotes are doubled by code point, not by `Character`: a
/// quote followed by a combining mark is one grapheme in Swift, and must still be doubled.
package func quoteIdentifier(_ name: String) -> String {
    "\"" + name.escaping(["\"": "\"\""]) + "\""
}

/// A SQL string literal: `'it''s'`. Quotes are doubled by code point; a backslash stays as it is,
/// as `standard_conforming_strings` (on by default since PostgreSQL 9.1, and in every script pg_dump
/// writes) reads it.
package func quoteLiteral(_ value: String) -> String {
    "'" + value.escaping(["'": "''"]) + "'"
}

/// A dollar-quoted string: `body` between `tag`s, the tag lengthened (`$f8$`) while the body
/// holds it, so that no text (a table name inside a function body included) can end it early.
package func dollarQuote(_ body: String, preferring tag: String = "$$") -> String {
    var tag = tag
    while body.contains(tag) { tag = "$f\(tag.count)$" }
    return tag + body + tag
}

/// Text for a `--` comment line: a line break in a name would end the comment and put the rest
/// of the name on a line of its own, as SQL.
package func commentText(_ text: String) -> String {
    text.escaping(["\n": " ", "\r": " ", "\u{2028}": " ", "\u{2029}": " ", "\u{0B}": " ", "\u{0C}": " "])
}

/// A role as a `TO`/`GRANT` clause names it: `PUBLIC` and the `CURRENT_USER`-style keywords as
/// keywords, any other role as a quoted-if-needed identifier. The model keeps `public` for PUBLIC
/// (PostgreSQL reserves that role name) and `current_user`, `session_user`, `current_role` for
/// the keywords read from files.
package func roleSQL(_ role: String) -> String {
    switch role {
    case "public": "PUBLIC"
    case "current_user", "session_user", "current_role": role.uppercased()
    default: quoteIdentifierIfNeeded(role)
    }
}
