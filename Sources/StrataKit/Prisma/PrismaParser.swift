/// Reads the Prisma Schema Language into ``PrismaFile``.
///
/// Written by hand: no Swift package parses PSL (Prisma's own parser is the Rust `psl` crate of
/// prisma-engines), and the grammar is small: blocks of lines, each a field, a property, an enum
/// value or a block attribute, with attributes whose arguments are strings, numbers, constants,
/// function calls and lists.
package struct PrismaParser {
    private var tokens: [Token]
    private var index = 0
    private let path: String

    package static func parse(path: String, text: String) throws(PrismaSchemaError) -> PrismaFile {
        var parser = PrismaParser(tokens: try Lexer(path: path, text: text).tokens(), path: path)
        return try parser.file()
    }

    private init(tokens: [Token], path: String) {
        self.tokens = tokens
        self.path = path
    }

    // MARK: Grammar

    private mutating func file() throws(PrismaSchemaError) -> PrismaFile {
        var blocks: [PrismaBlock] = []
        while true {
            let documentation = skipNewlines()
            guard let token = peek else { break }
            guard token.kind == .identifier, let kind = PrismaBlock.Kind(rawValue: token.text) else {
                throw error(at: token, "expected `model`, `enum`, `view`, `type`, `datasource` or `generator`, found \(token.display)")
            }
            index += 1
            let name = try expect(.identifier, "a \(kind.rawValue) name")
            try expect(.openBrace, "`{` after \(kind.rawValue) \(name.text)")
            var block = PrismaBlock(kind: kind, name: name.text, location: token.location, documentation: documentation)
            try body(of: &block)
            blocks.append(block)
        }
        return PrismaFile(path: path, blocks: blocks)
    }

    private mutating func body(of block: inout PrismaBlock) throws(PrismaSchemaError) {
        while true {
            let documentation = skipNewlines()
            guard let token = peek else { throw error(at: tokens.last, "\(block.kind.rawValue) \(block.name) is not closed: `}` expected") }
            if token.kind == .closeBrace { index += 1; return }
            if token.kind == .blockAttribute {
                block.attributes.append(try attribute())
                try endOfLine()
                continue
            }
            guard token.kind == .identifier else { throw error(at: token, "expected a field, found \(token.display)") }
            index += 1
            switch block.kind {
            case .datasource, .generator:
                try expect(.equals, "`=` after \(token.text)")
                block.properties.append(PrismaProperty(key: token.text, value: try value(), location: token.location))
            case .enumeration:
                var value = PrismaEnumValue(name: token.text, location: token.location)
                while peek?.kind == .fieldAttribute { value.attributes.append(try attribute()) }
                block.values.append(value)
            case .model, .view, .type:
                block.fields.append(try field(named: token, documentation: documentation))
            }
            try endOfLine()
        }
    }

    private mutating func field(named name: Token, documentation: [String]) throws(PrismaSchemaError) -> PrismaField {
        guard let typeToken = peek, typeToken.kind == .identifier else {
            throw error(at: peek ?? name, "field \(name.text) has no type")
        }
        index += 1
        var field = PrismaField(name: name.text, type: typeToken.text, location: name.location, documentation: documentation)
        if typeToken.text == "Unsupported" {
            try expect(.openParen, "`(` after Unsupported")
            let text = try expect(.string, "the database type of Unsupported, as a string")
            try expect(.closeParen, "`)`")
            field.unsupportedType = text.text
        }
        if peek?.kind == .openBracket {
            index += 1
            try expect(.closeBracket, "`]` of a list type")
            field.isList = true
        }
        if peek?.kind == .question { index += 1; field.isOptional = true }
        while peek?.kind == .fieldAttribute { field.attributes.append(try attribute()) }
        return field
    }

    private mutating func attribute() throws(PrismaSchemaError) -> PrismaAttribute {
        let start = tokens[index]
        index += 1
        var name = try expect(.identifier, "an attribute name after \(start.text)").text
        while peek?.kind == .dot {
            index += 1
            name += "." + (try expect(.identifier, "a name after `.`").text)
        }
        var attribute = PrismaAttribute(name: name, location: start.location)
        if peek?.kind == .openParen { attribute.arguments = try arguments() }
        return attribute
    }

    private mutating func arguments() throws(PrismaSchemaError) -> [PrismaArgument] {
        try expect(.openParen, "`(`")
        var arguments: [PrismaArgument] = []
        _ = skipNewlines()
        while peek?.kind != .closeParen {
            var name: String?
            if peek?.kind == .identifier, tokens.indices.contains(index + 1), tokens[index + 1].kind == .colon {
                name = tokens[index].text
                index += 2
            }
            arguments.append(PrismaArgument(name: name, value: try value()))
            _ = skipNewlines()
            if peek?.kind == .comma { index += 1; _ = skipNewlines() } else { break }
        }
        try expect(.closeParen, "`)` or `,` in the arguments")
        return arguments
    }

    private mutating func value() throws(PrismaSchemaError) -> PrismaValue {
        guard let token = peek else { throw error(at: tokens.last, "a value expected") }
        index += 1
        switch token.kind {
        case .string: return .string(token.text)
        case .number: return .number(token.text)
        case .openBracket:
            var values: [PrismaValue] = []
            _ = skipNewlines()
            while peek?.kind != .closeBracket {
                values.append(try value())
                _ = skipNewlines()
                if peek?.kind == .comma { index += 1; _ = skipNewlines() } else { break }
            }
            try expect(.closeBracket, "`]` or `,` in the list")
            return .array(values)
        case .identifier:
            var name = token.text
            while peek?.kind == .dot {
                index += 1
                name += "." + (try expect(.identifier, "a name after `.`").text)
            }
            if peek?.kind == .openParen { return .function(name, try arguments()) }
            return .constant(name)
        default:
            throw error(at: token, "expected a value, found \(token.display)")
        }
    }

    // MARK: Tokens

    private var peek: Token? { index < tokens.count ? tokens[index] : nil }

    /// Skips blank lines and returns the `///` lines among them (documentation of what follows).
    private mutating func skipNewlines() -> [String] {
        var documentation: [String] = []
        while let token = peek, token.kind == .newline || token.kind == .documentation {
            if token.kind == .documentation { documentation.append(token.text) }
            index += 1
        }
        return documentation
    }

    private mutating func endOfLine() throws(PrismaSchemaError) {
        guard let token = peek else { return }
        if token.kind == .newline || token.kind == .documentation || token.kind == .closeBrace { return }
        throw error(at: token, "unexpected \(token.display): one field or attribute a line")
    }

    @discardableResult
    private mutating func expect(_ kind: Token.Kind, _ what: String) throws(PrismaSchemaError) -> Token {
        guard let token = peek, token.kind == kind else { throw error(at: peek ?? tokens.last, "expected \(what), found \(peek?.display ?? "the end of the file")") }
        index += 1
        return token
    }

    private func error(at token: Token?, _ message: String) -> PrismaSchemaError {
        PrismaSchemaError(location: token?.location ?? SourceLocation(file: path, line: 1, column: 1), message: message)
    }
}

struct Token: Sendable {
    enum Kind: Sendable {
        case identifier, string, number
        case openBrace, closeBrace, openParen, closeParen, openBracket, closeBracket
        case comma, colon, equals, question, dot
        /// `@`, `@@`.
        case fieldAttribute, blockAttribute
        case newline
        /// A `///` line.
        case documentation
    }
    var kind: Kind
    var text: String
    var location: SourceLocation

    var display: String {
        switch kind {
        case .newline: "the end of the line"
        case .string: "\"\(text)\""
        case .documentation: "a comment"
        default: "`\(text)`"
        }
    }
}

/// Splits PSL text into tokens: line comments (`//`) are dropped, `///` kept as documentation,
/// newlines kept (they end fields).
private struct Lexer {
    let path: String
    let characters: [Character]

    init(path: String, text: String) {
        self.path = path
        self.characters = Array(text)
    }

    func tokens() throws(PrismaSchemaError) -> [Token] {
        var tokens: [Token] = []
        var position = 0, line = 1, lineStart = 0
        func location(_ offset: Int) -> SourceLocation { SourceLocation(file: path, line: line, column: offset - lineStart + 1) }
        while position < characters.count {
            let character = characters[position]
            let start = position
            func add(_ kind: Token.Kind, _ text: String, length: Int) {
                tokens.append(Token(kind: kind, text: text, location: location(start)))
                position += length
            }
            switch character {
            case "\n", "\r\n":
                add(.newline, "\n", length: 1)
                line += 1
                lineStart = position
            case " ", "\t", "\r":
                position += 1
            case "/" where position + 1 < characters.count && characters[position + 1] == "/":
                var end = position
                while end < characters.count, !characters[end].isNewline { end += 1 }
                let text = String(characters[position..<end])
                if text.hasPrefix("///") {
                    let body = text.dropFirst(3)
                    add(.documentation, String(body.hasPrefix(" ") ? body.dropFirst() : body), length: end - position)
                } else {
                    position = end
                }
            case "\"":
                var end = position + 1
                var text = ""
                while end < characters.count, characters[end] != "\"" {
                    if characters[end].isNewline { throw PrismaSchemaError(location: location(start), message: "this string is not closed on its line") }
                    if characters[end] == "\\", end + 1 < characters.count {
                        end += 1
                        switch characters[end] {
                        case "n": text.append("\n")
                        case "t": text.append("\t")
                        default: text.append(characters[end])
                        }
                    } else {
                        text.append(characters[end])
                    }
                    end += 1
                }
                guard end < characters.count else { throw PrismaSchemaError(location: location(start), message: "this string is not closed") }
                add(.string, text, length: end + 1 - position)
            case "@":
                if position + 1 < characters.count, characters[position + 1] == "@" { add(.blockAttribute, "@@", length: 2) } else { add(.fieldAttribute, "@", length: 1) }
            case "{": add(.openBrace, "{", length: 1)
            case "}": add(.closeBrace, "}", length: 1)
            case "(": add(.openParen, "(", length: 1)
            case ")": add(.closeParen, ")", length: 1)
            case "[": add(.openBracket, "[", length: 1)
            case "]": add(.closeBracket, "]", length: 1)
            case ",": add(.comma, ",", length: 1)
            case ":": add(.colon, ":", length: 1)
            case "=": add(.equals, "=", length: 1)
            case "?": add(.question, "?", length: 1)
            case ".": add(.dot, ".", length: 1)
            default:
                if character.isNumber || (character == "-" && position + 1 < characters.count && characters[position + 1].isNumber) {
                    var end = position + 1
                    while end < characters.count, characters[end].isNumber || characters[end] == "." { end += 1 }
                    add(.number, String(characters[position..<end]), length: end - position)
                } else if character.isLetter || character == "_" {
                    var end = position + 1
                    while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" || characters[end] == "-" { end += 1 }
                    add(.identifier, String(characters[position..<end]), length: end - position)
                } else {
                    throw PrismaSchemaError(location: location(start), message: "unexpected character `\(character)`")
                }
            }
        }
        return tokens
    }
}
