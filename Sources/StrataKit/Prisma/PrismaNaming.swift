import Foundation

/// Prisma's names and spellings: identifiers, cases, scalars, actions.
package enum PrismaNaming {
    /// The scalar and `@db` attribute of a PostgreSQL type as `format_type` prints it; nil for
    /// types Prisma has no scalar for (written as `Unsupported`).
    package static func scalar(for type: String) -> (scalar: String, native: String?)? {
        func precision(_ prefix: String, _ suffix: String) -> String? {
            guard type.hasPrefix(prefix + "("), type.hasSuffix(")" + suffix) else { return nil }
            return String(type.dropFirst(prefix.count + 1).dropLast(suffix.count + 1))
        }
        switch type {
        case "text": return ("String", nil)
        case "boolean": return ("Boolean", nil)
        case "integer": return ("Int", nil)
        case "bigint": return ("BigInt", nil)
        case "double precision": return ("Float", nil)
        case "numeric(65,30)": return ("Decimal", nil)
        case "timestamp(3) without time zone": return ("DateTime", nil)
        case "jsonb": return ("Json", nil)
        case "bytea": return ("Bytes", nil)
        case "smallint": return ("Int", "SmallInt")
        case "oid": return ("Int", "Oid")
        case "real": return ("Float", "Real")
        case "numeric": return ("Decimal", "Decimal")
        case "money": return ("Decimal", "Money")
        case "uuid": return ("String", "Uuid")
        case "citext": return ("String", "Citext")
        case "inet": return ("String", "Inet")
        case "xml": return ("String", "Xml")
        case "character varying": return ("String", "VarChar")
        case "json": return ("Json", "Json")
        case "date": return ("DateTime", "Date")
        case "timestamp without time zone": return ("DateTime", "Timestamp")
        case "timestamp with time zone": return ("DateTime", "Timestamptz")
        case "time without time zone": return ("DateTime", "Time")
        case "time with time zone": return ("DateTime", "Timetz")
        default: break
        }
        if let n = precision("character varying", "") { return ("String", "VarChar(\(n))") }
        if let n = precision("character", "") { return ("String", "Char(\(n))") }
        if let n = precision("bit varying", "") { return ("String", "VarBit(\(n))") }
        if let n = precision("bit", "") { return ("String", "Bit(\(n))") }
        if let n = precision("numeric", "") { return ("Decimal", "Decimal(\(n))") }
        if let n = precision("timestamp", " without time zone") { return ("DateTime", "Timestamp(\(n))") }
        if let n = precision("timestamp", " with time zone") { return ("DateTime", "Timestamptz(\(n))") }
        if let n = precision("time", " without time zone") { return ("DateTime", "Time(\(n))") }
        if let n = precision("time", " with time zone") { return ("DateTime", "Timetz(\(n))") }
        return nil
    }

    /// Why an index cannot be an `@@index` / `@@unique`, or nil when it can.
    static func inexpressible(_ index: IndexInfo) -> String? {
        if index.predicate != nil { return "partial index" }
        if case .other(let method) = index.method { return "index using \(method)" }
        if index.keys.contains(where: { $0.column == nil }) { return "expression index" }
        if !index.include.isEmpty { return "index with INCLUDE" }
        if index.nullsNotDistinct { return "NULLS NOT DISTINCT index" }
        if index.keys.contains(where: { $0.collation != nil || $0.nullsFirst != nil }) { return "index with COLLATE or NULLS ordering" }
        if index.isUnique && (index.method != .btree || index.keys.contains { $0.descending || $0.opclass != nil }) { return "unique index with a method, order or operator class" }
        return nil
    }

    static func indexType(_ method: IndexMethod) -> String {
        switch method {
        case .hash: "Hash"
        case .gist: "Gist"
        case .gin: "Gin"
        case .spgist: "SpGist"
        case .brin: "Brin"
        case .btree, .other: "BTree"
        }
    }

    static func action(_ action: ForeignKeyAction) -> String {
        switch action {
        case .noAction: "NoAction"
        case .restrict: "Restrict"
        case .cascade: "Cascade"
        case .setNull: "SetNull"
        case .setDefault: "SetDefault"
        }
    }

    /// A PSL string literal.
    static func string(_ text: String) -> String {
        "\"" + text.escaping(["\"": "\\\"", "\\": "\\\\", "\n": "\\n"]) + "\""
    }

    /// `ARRAY['a', 'b']::text[]` -> `'a'`, `'b'`; nil when the expression is not an array of constants.
    static func arrayElements(_ expression: String) -> [String]? {
        guard expression.hasPrefix("ARRAY[") else { return nil }
        var elements: [String] = [], current = "", inString = false
        for character in expression.dropFirst(6) {
            if inString {
                current.append(character)
                if character == "'" { inString = false }
                continue
            }
            switch character {
            case "'": inString = true; current.append(character)
            case ",": elements.append(current.trimmingCharacters(in: .whitespaces)); current = ""
            case "]":
                let last = current.trimmingCharacters(in: .whitespaces)
                if !last.isEmpty { elements.append(last) }
                return elements
            case "[", "(": return nil
            default: current.append(character)
            }
        }
        return nil
    }

    /// `'it''s'` -> `it's`; nil when the expression is not one string literal.
    static func stringLiteral(_ expression: String) -> String? {
        guard expression.count >= 2, expression.hasPrefix("'"), expression.hasSuffix("'") else { return nil }
        let body = expression.dropFirst().dropLast()
        // A quote inside must be doubled; anything else (`'a' || 'b'`) is no single literal.
        var result = "", pendingQuote = false
        for character in body {
            if pendingQuote {
                guard character == "'" else { return nil }
                result.append("'")
                pendingQuote = false
            } else if character == "'" {
                pendingQuote = true
            } else {
                result.append(character)
            }
        }
        return pendingQuote ? nil : result
    }

    static func unquotedTypeName(_ type: String) -> String {
        type.replacingOccurrences(of: "\"", with: "")
    }

    /// A valid PSL identifier from any name: letters, digits and `_`, starting with a letter.
    static func identifier(_ name: String) -> String {
        var result = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if result.first.map({ !$0.isLetter }) ?? true { result = "V" + result }
        return result
    }

    static func words(_ name: String) -> [String] {
        name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// `order_items` -> `OrderItem`; a name already in PascalCase stays.
    static func typeName(_ table: String, singular: Bool) -> String {
        let parts = words(table)
        guard !parts.isEmpty else { return identifier(table) }
        var pieces = parts.map(upperFirst)
        if singular, let last = pieces.popLast() { pieces.append(singularize(last)) }
        return identifier(pieces.joined())
    }

    static func pascalCase(_ text: String) -> String { words(text).map(upperFirst).joined() }

    /// `created_at` -> `createdAt`; camelCase stays.
    static func fieldName(_ column: String) -> String {
        let parts = words(column)
        guard let first = parts.first else { return identifier(column) }
        let head = first == first.uppercased() && first.count > 1 ? first.lowercased() : lowerFirst(first)
        return identifier(head + parts.dropFirst().map(upperFirst).joined())
    }

    /// `authorId` -> `author`; nil when the column does not name its target.
    static func relationFieldName(forColumnField field: String) -> String? {
        for suffix in ["Id", "ID", "_id"] where field.hasSuffix(suffix) && field.count > suffix.count {
            return String(field.dropLast(suffix.count))
        }
        return nil
    }

    static func upperFirst(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
    static func lowerFirst(_ text: String) -> String { text.prefix(1).lowercased() + text.dropFirst() }

    static func singularize(_ word: String) -> String {
        let lower = word.lowercased()
        if lower.hasSuffix("ies"), word.count > 3 { return String(word.dropLast(3)) + "y" }
        if lower.hasSuffix("sses") || lower.hasSuffix("xes") || lower.hasSuffix("ches") || lower.hasSuffix("shes") { return String(word.dropLast(2)) }
        if lower.hasSuffix("ss") || lower.hasSuffix("us") || lower.hasSuffix("is") { return word }
        if lower.hasSuffix("s"), word.count > 1 { return String(word.dropLast()) }
        return word
    }

    static func plural(_ word: String) -> String {
        let lower = word.lowercased()
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) { return String(word.dropLast()) + "ies" }
        if lower.hasSuffix("s") || lower.hasSuffix("x") || lower.hasSuffix("ch") || lower.hasSuffix("sh") { return word + "es" }
        return word + "s"
    }

    /// Lines of a block with their columns aligned, as `prisma format` writes them.
    static func aligned(_ lines: [[String]]) -> String {
        var widths: [Int] = []
        for line in lines where line.count > 1 {
            for (index, cell) in line.prefix(2).enumerated() {
                if widths.count <= index { widths.append(0) }
                widths[index] = max(widths[index], cell.count)
            }
        }
        return lines.map { line in
            var text = "  "
            for (index, cell) in line.enumerated() {
                let last = index == line.count - 1
                text += cell
                if !last { text += index < 2 && index < widths.count ? String(repeating: " ", count: widths[index] - cell.count + 1) : " " }
            }
            return text + "\n"
        }.joined()
    }
}
