/// A SQL file as psql would send it to the server.
///
/// psql meta-commands (`\set`, `\connect`, `\i`, and `\gset` at the end of a query) and the
/// data lines of `COPY ... FROM stdin` never reach the server, so the parser must not see
/// them either. They are blanked out byte for byte, so every offset libpg_query reports
/// still points into the original file. Comments are collected on the way: they carry the
/// `-- strata:ignore` suppressions.
package struct PsqlScript: Sendable {
    /// A psql meta-command that was removed, with its byte offset.
    package struct MetaCommand: Sendable, Equatable {
        package var offset: Int
        package var text: String
    }

    /// A `--` comment or `/* */` comment, with its byte range.
    package struct Comment: Sendable, Equatable {
        package var range: Range<Int>
        package var text: String
    }

    /// The file's bytes with meta-commands and COPY data replaced by spaces.
    package var serverBytes: [UInt8]
    package var metaCommands: [MetaCommand] = []
    package var comments: [Comment] = []
    /// Offsets of every `;` outside quotes and comments, whatever the parenthesis depth.
    package var semicolons: [Int] = []

    package init(_ source: SourceText) {
        var lexer = Lexer(bytes: source.bytes)
        lexer.run()
        self.serverBytes = lexer.output
        self.metaCommands = lexer.metaCommands
        self.comments = lexer.comments
        self.semicolons = lexer.semicolons
    }

    /// The text psql would send: meta-commands and COPY data blanked.
    package static func serverText(_ text: String) -> String {
        String(decoding: PsqlScript(SourceText(path: "", text: text)).serverBytes, as: UTF8.self)
    }
}

private struct Lexer {
    let bytes: [UInt8]
    var output: [UInt8]
    var metaCommands: [PsqlScript.MetaCommand] = []
    var comments: [PsqlScript.Comment] = []
    var semicolons: [Int] = []
    var statementStart = 0
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // A NUL would end the C string early; PostgreSQL rejects it anyway.
        self.output = bytes.map { $0 == 0 ? UInt8(ascii: " ") : $0 }
    }

    private func byte(_ at: Int) -> UInt8? { at < bytes.count ? bytes[at] : nil }

    mutating func run() {
        while index < bytes.count {
            let c = bytes[index]
            switch c {
            case UInt8(ascii: "-") where byte(index + 1) == UInt8(ascii: "-"):
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                comments.append(.init(range: start..<index, text: String(decoding: bytes[start..<index], as: UTF8.self)))
            case UInt8(ascii: "/") where byte(index + 1) == UInt8(ascii: "*"):
                let start = index
                index = SQLBytes.endOfBlockComment(in: bytes, from: index, end: bytes.count)
                comments.append(.init(range: start..<index, text: String(decoding: bytes[start..<index], as: UTF8.self)))
            case UInt8(ascii: "'"):
                let escapes = index > 0 && (bytes[index - 1] == UInt8(ascii: "E") || bytes[index - 1] == UInt8(ascii: "e"))
                    && (index < 2 || !SQLBytes.isIdentifier(bytes[index - 2]))
                skipQuoted(quote: c, backslashEscapes: escapes)
            case UInt8(ascii: "\""):
                skipQuoted(quote: c, backslashEscapes: false)
            case UInt8(ascii: "$"):
                if index > 0, SQLBytes.isIdentifier(bytes[index - 1]) { index += 1; break }
                skipDollarQuoted()
            case UInt8(ascii: ";"):
                semicolons.append(index)
                index += 1
                endStatement(at: index)
            case UInt8(ascii: "\\"):
                metaCommand()
            default:
                index += 1
            }
        }
    }

    private mutating func skipQuoted(quote: UInt8, backslashEscapes: Bool) {
        index += 1
        while index < bytes.count {
            let c = bytes[index]
            if backslashEscapes, c == UInt8(ascii: "\\") { index += 2; continue }
            index += 1
            if c == quote {
                if byte(index) == quote { index += 1; continue }
                return
            }
        }
    }

    private mutating func skipDollarQuoted() {
        // A dollar quote is $tag$ ... $tag$ where tag is empty or an identifier not starting with a digit.
        var end = index + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "$") {
            let c = bytes[end]
            let ok = SQLBytes.isIdentifier(c) && c != UInt8(ascii: "$") && !(end == index + 1 && c >= 0x30 && c <= 0x39)
            if !ok { index += 1; return }
            end += 1
        }
        guard end < bytes.count else { index += 1; return }
        let tag = Array(bytes[index...end])
        index = end + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), index + tag.count <= bytes.count,
               Array(bytes[index..<(index + tag.count)]) == tag {
                index += tag.count
                return
            }
            index += 1
        }
    }

    /// psql reads a backslash outside quotes as a meta-command up to the end of the line.
    /// The `\g` family also sends the query buffer, as a `;` would.
    private mutating func metaCommand() {
        let start = index
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        let word = text.dropFirst().prefix { !$0.isWhitespace }
        metaCommands.append(.init(offset: start, text: text.trimmingTrailingWhitespace()))
        for position in start..<end { output[position] = UInt8(ascii: " ") }
        index = end
        let sendsBuffer = word.hasPrefix("g") || word == ";" || word == "crosstabview" || word == "watch"
        if sendsBuffer {
            output[start] = UInt8(ascii: ";")
            endStatement(at: start + 1)
        } else if word == "." {
            endStatement(at: end)
        }
    }

    /// After a statement ends, a `COPY ... FROM stdin` is followed by data lines up to `\.`.
    private mutating func endStatement(at offset: Int) {
        defer { statementStart = offset }
        guard isCopyFromStdin(statementStart..<offset) else { return }
        // Data starts on the next line.
        var position = offset
        while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
        position += 1
        while position < bytes.count {
            var lineEnd = position
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let isTerminator = lineEnd - position >= 2 && bytes[position] == UInt8(ascii: "\\")
                && bytes[position + 1] == UInt8(ascii: ".")
            for blank in position..<lineEnd { output[blank] = UInt8(ascii: " ") }
            position = lineEnd + 1
            if isTerminator { break }
        }
        index = min(position, bytes.count)
        statementStart = index
    }

    /// Whether the statement that just ended is `COPY ... FROM stdin`. Checked on bytes: this
    /// runs at every `;`, so it must not build strings for statements that are not COPY.
    private func isCopyFromStdin(_ range: Range<Int>) -> Bool {
        let start = PostgresParser.firstTokenOffset(in: output, range: range)
        guard SQLBytes.matchesWord("copy", in: output, at: start, end: range.upperBound) else { return false }
        // The last `from` of the statement, followed by `stdin`.
        var index = range.upperBound - 4
        while index > start {
            if SQLBytes.matches("from", in: output, at: index), !SQLBytes.isIdentifier(output[index - 1]) {
                var next = index + 4
                while next < range.upperBound, output[next] == 0x20 || output[next] == 0x09 || output[next] == 0x0A || output[next] == 0x0D { next += 1 }
                return SQLBytes.matchesWord("stdin", in: output, at: next, end: range.upperBound)
            }
            index -= 1
        }
        return false
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var result = self
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }
}
