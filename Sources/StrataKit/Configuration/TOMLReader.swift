/// Reads TOML 1.0 (https://toml.io/en/v1.0.0) into plain values: what `strata.toml` is written in.
///
/// Hand-written because `strata.toml` is read strictly: a misspelt key is an error at its line and
/// column, and TOMLKit (toml++ underneath) reports positions only for syntax errors, not for the
/// keys of a document it read. This reader records where each key was written
/// (`parseDocument`) and covers the whole format: tables, arrays of tables, dotted and quoted keys,
/// inline tables, every string form and escape, integers in four bases, floats, booleans; dates
/// and times are kept as written (`strata.toml` has none). Errors name the line and column.
package enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    /// An offset or local date-time, date or time, as written.
    case dateTime(String)
    case array([TOMLValue])
    case table([String: TOMLValue])

    package var string: String? { if case .string(let text) = self { text } else { nil } }
    package var array: [TOMLValue]? { if case .array(let items) = self { items } else { nil } }
    package var table: [String: TOMLValue]? { if case .table(let members) = self { members } else { nil } }
}

/// TOML that breaks the grammar or defines a key twice, at a 1-based line and column.
package struct TOMLError: Error, Sendable, Equatable {
    package var line: Int
    package var column: Int
    package var message: String
}

package struct TOMLReader {
    /// A table while the document is read: tables are shared (a header reopens the table it names).
    final class Node {
        enum Kind { case implicit, header, dotted, inline }
        var kind: Kind
        var members: [String: Member] = [:]
        init(_ kind: Kind) { self.kind = kind }

        enum Member {
            case value(TOMLValue)
            case table(Node)
            case tables([Node])
        }

        var value: TOMLValue {
            .table(members.mapValues { member in
                switch member {
                case .value(let value): value
                case .table(let node): node.value
                case .tables(let nodes): .array(nodes.map(\.value))
                }
            })
        }
    }

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var lineStart = 0

    private init(_ text: String) { bytes = Array(text.utf8) }

    /// The document's root table.
    package static func parse(_ text: String) throws(TOMLError) -> [String: TOMLValue] {
        try parseDocument(text).root
    }

    /// A document and where each key was written: `["rules", "disable"]` -> line and column, for
    /// keys of header tables and dotted keys (not those inside inline tables).
    package struct Document: Sendable {
        package var root: [String: TOMLValue]
        package var keyPositions: [[String]: (line: Int, column: Int)]
    }

    package static func parseDocument(_ text: String) throws(TOMLError) -> Document {
        var reader = TOMLReader(text)
        let root = Node(.header)
        var current = root
        var currentPath: [String] = []
        var positions: [[String]: (line: Int, column: Int)] = [:]
        if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.position = 3 }
        while reader.position < reader.bytes.count {
            reader.skipWhitespace()
            guard let byte = reader.peek() else { break }
            switch byte {
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "["):
                let header = try reader.readHeader(root: root)
                current = header.node
                currentPath = header.path
                positions[header.path] = positions[header.path] ?? header.position
            default:
                let written = try reader.readKeyValue(into: current)
                positions[currentPath + written.key] = written.position
            }
            try reader.endOfLine()
        }
        return Document(root: root.value.table ?? [:], keyPositions: positions)
    }

    // MARK: lines

    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private func error(_ message: String) -> TOMLError {
        TOMLError(line: line, column: position - lineStart + 1, message: message)
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
    }

    /// A comment, then the line break (or the end of the text).
    private mutating func endOfLine() throws(TOMLError) {
        skipWhitespace()
        if peek() == UInt8(ascii: "#") {
            while let byte = peek(), byte != UInt8(ascii: "\n") {
                if byte < 0x20, byte != UInt8(ascii: "\t"), !(byte == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n")) {
                    throw error("control character in a comment")
                }
                position += 1
            }
        }
        guard let byte = peek() else { return }
        if byte == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { position += 1 }
        guard peek() == UInt8(ascii: "\n") else { throw error("expected the end of the line") }
        newline()
    }

    private mutating func newline() {
        position += 1
        line += 1
        lineStart = position
    }

    /// Blank space, line breaks and comments inside an array.
    private mutating func skipBlankLines() throws(TOMLError) {
        while true {
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): try endOfLine()
            default: return
            }
        }
    }

    // MARK: tables

    private mutating func readHeader(root: Node) throws(TOMLError) -> (node: Node, path: [String], position: (line: Int, column: Int)) {
        let isArray = peek(1) == UInt8(ascii: "[")
        position += isArray ? 2 : 1
        skipWhitespace()
        let keyStart = (line, position - lineStart + 1)
        let key = try readKey()
        skipWhitespace()
        let close: [UInt8] = isArray ? [UInt8(ascii: "]"), UInt8(ascii: "]")] : [UInt8(ascii: "]")]
        guard bytes[position...].starts(with: close) else { throw error("expected \(isArray ? "]]" : "]") after the table name") }
        position += close.count
        let redefined = TOMLError(line: keyStart.0, column: keyStart.1, message: "table [\(key.joined(separator: "."))] is defined twice")
        var node = root
        for (index, part) in key.enumerated() {
            let isLast = index == key.count - 1
            switch node.members[part] {
            case nil:
                if isLast, isArray {
                    let table = Node(.header)
                    node.members[part] = .tables([table])
                    return (table, key, keyStart)
                }
                let table = Node(isLast ? .header : .implicit)
                node.members[part] = .table(table)
                node = table
            case .table(let table)?:
                if isLast {
                    guard !isArray, table.kind == .implicit else { throw redefined }
                    table.kind = .header
                } else if table.kind == .inline {
                    throw redefined
                }
                node = table
            case .tables(let tables)?:
                if isLast {
                    guard isArray else { throw redefined }
                    let table = Node(.header)
                    node.members[part] = .tables(tables + [table])
                    return (table, key, keyStart)
                }
                node = tables[tables.count - 1]
            case .value?:
                throw redefined
            }
        }
        return (node, key, keyStart)
    }

    @discardableResult
    private mutating func readKeyValue(into table: Node) throws(TOMLError) -> (key: [String], position: (line: Int, column: Int)) {
        let keyStart = (line, position - lineStart + 1)
        let key = try readKey()
        skipWhitespace()
        guard peek() == UInt8(ascii: "=") else { throw error("expected = after the key") }
        position += 1
        skipWhitespace()
        let value = try readValue()
        let duplicate = TOMLError(line: keyStart.0, column: keyStart.1, message: "key \(key.joined(separator: ".")) is defined twice")
        var node = table
        for part in key.dropLast() {
            switch node.members[part] {
            case nil:
                let child = Node(.dotted)
                node.members[part] = .table(child)
                node = child
            case .table(let child)? where child.kind == .dotted || child.kind == .implicit:
                node = child
            default:
                throw duplicate
            }
        }
        guard node.members[key[key.count - 1]] == nil else { throw duplicate }
        node.members[key[key.count - 1]] = value
        return (key, keyStart)
    }

    /// A key: bare or quoted parts joined by dots.
    private mutating func readKey() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: "\"")?:
                if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") { throw error("a key cannot be a multi-line string") }
                parts.append(try readBasicString())
            case UInt8(ascii: "'")?:
                if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") { throw error("a key cannot be a multi-line string") }
                parts.append(try readLiteralString())
            default:
                let start = position
                while let byte = peek(), Self.isBareKey(byte) { position += 1 }
                guard position > start else { throw error("expected a key") }
                parts.append(String(decoding: bytes[start..<position], as: UTF8.self))
            }
            skipWhitespace()
            guard peek() == UInt8(ascii: ".") else { return parts }
            position += 1
        }
    }

    private static func isBareKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }

    // MARK: values

    private mutating func readValue() throws(TOMLError) -> Node.Member {
        guard let byte = peek() else { throw error("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") { return .value(.string(try readMultilineString(literal: false))) }
            return .value(.string(try readBasicString()))
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") { return .value(.string(try readMultilineString(literal: true))) }
            return .value(.string(try readLiteralString()))
        case UInt8(ascii: "["):
            return .value(try readArray())
        case UInt8(ascii: "{"):
            return .table(try readInlineTable())
        default:
            return .value(try readScalar())
        }
    }

    private mutating func readArray() throws(TOMLError) -> TOMLValue {
        position += 1
        var items: [TOMLValue] = []
        while true {
            try skipBlankLines()
            if peek() == UInt8(ascii: "]") { position += 1; return .array(items) }
            switch try readValue() {
            case .value(let value): items.append(value)
            case .table(let node): items.append(node.value)
            case .tables: throw error("expected a value")
            }
            try skipBlankLines()
            switch peek() {
            case UInt8(ascii: ",")?: position += 1
            case UInt8(ascii: "]")?: position += 1; return .array(items)
            default: throw error("expected , or ] in the array")
            }
        }
    }

    private mutating func readInlineTable() throws(TOMLError) -> Node {
        position += 1
        let table = Node(.inline)
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { position += 1; return table }
        while true {
            skipWhitespace()
            try readKeyValue(into: table)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ",")?: position += 1
            case UInt8(ascii: "}")?:
                position += 1
                seal(table)
                return table
            default: throw error("expected , or } in the inline table (it must fit on one line)")
            }
        }
    }

    /// Tables made by dotted keys inside an inline table are closed with it.
    private func seal(_ node: Node) {
        node.kind = .inline
        for case .table(let child) in node.members.values { seal(child) }
    }

    /// Booleans, numbers, dates and times: a run of characters up to the next delimiter.
    private mutating func readScalar() throws(TOMLError) -> TOMLValue {
        let start = position
        let startColumn = position - lineStart + 1
        while let byte = peek() {
            if byte == UInt8(ascii: " "), Self.isDate(bytes[start..<position]), let next = peek(1), Self.isDigit(next) {
                position += 1  // `1979-05-27 07:32:00`: a space may separate date and time
                continue
            }
            if [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"),
                UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(byte) { break }
            position += 1
        }
        let token = String(decoding: bytes[start..<position], as: UTF8.self)
        let invalid = TOMLError(line: line, column: startColumn, message: token.isEmpty ? "expected a value" : "not a TOML value: \(token)")
        switch token {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let utf8 = Array(token.utf8)
        if Self.isDate(utf8[...]) || (utf8.count >= 5 && utf8[2] == UInt8(ascii: ":") && Self.isDigit(utf8[0]) && Self.isDigit(utf8[1])) {
            return .dateTime(token)
        }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
            guard let digits = Self.digits(token.dropFirst(2)), let number = Int64(digits, radix: radix) else { throw invalid }
            return .integer(number)
        }
        let unsigned = token.hasPrefix("+") || token.hasPrefix("-") ? token.dropFirst() : Substring(token)
        guard let digits = Self.digits(unsigned) else { throw invalid }
        let sign = token.hasPrefix("-") ? "-" : ""
        if digits.allSatisfy(Self.isDigit) {
            guard digits == "0" || !digits.hasPrefix("0"), let number = Int64(sign + digits) else { throw invalid }
            return .integer(number)
        }
        // A float: an integer part, then a fraction, an exponent or both.
        let integerPart = digits.prefix { Self.isDigit($0) }
        guard !integerPart.isEmpty, integerPart == "0" || !integerPart.hasPrefix("0") else { throw invalid }
        var rest = digits.dropFirst(integerPart.count)
        if rest.first == "." {
            let fraction = rest.dropFirst().prefix { Self.isDigit($0) }
            guard !fraction.isEmpty else { throw invalid }
            rest = rest.dropFirst(1 + fraction.count)
        }
        if rest.first == "e" || rest.first == "E" {
            var exponent = rest.dropFirst()
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy(Self.isDigit) else { throw invalid }
            rest = ""
        }
        guard rest.isEmpty, let number = Double(sign + digits) else { throw invalid }
        return .float(number)
    }

    /// The digits with their `_` separators removed; nil when a `_` is not between two digits.
    private static func digits(_ text: Substring) -> String? {
        let characters = Array(text.utf8)
        for (index, byte) in characters.enumerated() where byte == UInt8(ascii: "_") {
            guard index > 0, index < characters.count - 1, isHexDigit(characters[index - 1]), isHexDigit(characters[index + 1]) else { return nil }
        }
        return String(decoding: characters.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isDigit(_ character: Character) -> Bool { character.isASCII && character.isNumber }
    private static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f")) }

    /// `YYYY-MM-DD` at the start.
    private static func isDate(_ token: ArraySlice<UInt8>) -> Bool {
        let token = Array(token)
        guard token.count >= 10 else { return false }
        return token[4] == UInt8(ascii: "-") && token[7] == UInt8(ascii: "-")
            && [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { isDigit(token[$0]) }
    }

    // MARK: strings

    private mutating func readLiteralString() throws(TOMLError) -> String {
        position += 1
        let start = position
        while let byte = peek(), byte != UInt8(ascii: "'") {
            if byte == UInt8(ascii: "\n") || (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F {
                throw error("unterminated or invalid literal string")
            }
            position += 1
        }
        guard peek() == UInt8(ascii: "'") else { throw error("unterminated literal string") }
        position += 1
        return String(decoding: bytes[start..<(position - 1)], as: UTF8.self)
    }

    private mutating func readBasicString() throws(TOMLError) -> String {
        position += 1
        var text: [UInt8] = []
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n") else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try readEscape(into: &text)
            default:
                if (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F { throw error("control character in a string (escape it)") }
                text.append(byte)
                position += 1
            }
        }
    }

    /// `"""` or `'''` strings: a line break right after the opening is dropped; in basic ones a
    /// backslash at the end of a line joins it to the next non-blank text.
    private mutating func readMultilineString(literal: Bool) throws(TOMLError) -> String {
        let quote = literal ? UInt8(ascii: "'") : UInt8(ascii: "\"")
        position += 3
        if peek() == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { position += 1 }
        if peek() == UInt8(ascii: "\n") { newline() }
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("unterminated multi-line string") }
            if byte == quote, peek(1) == quote, peek(2) == quote {
                // Up to two more quotes belong to the text: `""""a""""` is `"a"`.
                var run = 3
                while peek(run) == quote { run += 1 }
                guard run <= 5 else { throw error("too many quotes closing the string") }
                text.append(contentsOf: repeatElement(quote, count: run - 3))
                position += run
                return String(decoding: text, as: UTF8.self)
            }
            switch byte {
            case UInt8(ascii: "\n"):
                text.append(byte)
                newline()
            case UInt8(ascii: "\\") where !literal:
                var lookahead = position + 1
                while lookahead < bytes.count, bytes[lookahead] == UInt8(ascii: " ") || bytes[lookahead] == UInt8(ascii: "\t") { lookahead += 1 }
                if lookahead < bytes.count, bytes[lookahead] == UInt8(ascii: "\n") || bytes[lookahead] == UInt8(ascii: "\r") {
                    position = lookahead
                    while let next = peek(), [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains(next) {
                        if next == UInt8(ascii: "\n") { newline() } else { position += 1 }
                    }
                } else {
                    try readEscape(into: &text)
                }
            default:
                if byte < 0x20, byte != UInt8(ascii: "\t"), byte != UInt8(ascii: "\r") || peek(1) != UInt8(ascii: "\n") {
                    throw error("control character in a string (escape it)")
                }
                if byte == 0x7F { throw error("control character in a string (escape it)") }
                text.append(byte)
                position += 1
            }
        }
    }

    private mutating func readEscape(into text: inout [UInt8]) throws(TOMLError) {
        position += 1
        guard let code = peek() else { throw error("unterminated string") }
        position += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "b"): 0x08, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "r"): 0x0D, UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C,
        ]
        if let byte = simple[code] { text.append(byte); return }
        let length = code == UInt8(ascii: "u") ? 4 : code == UInt8(ascii: "U") ? 8 : 0
        guard length > 0 else { position -= 2; throw error("unknown escape \\\(Character(Unicode.Scalar(code)))") }
        guard position + length <= bytes.count,
              let value = UInt32(String(decoding: bytes[position..<(position + length)], as: UTF8.self), radix: 16),
              let scalar = Unicode.Scalar(value) else {
            position -= 2
            throw error("invalid Unicode escape")
        }
        position += length
        text.append(contentsOf: String(Character(scalar)).utf8)
    }
}
