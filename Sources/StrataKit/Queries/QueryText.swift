/// A statement's text read byte by byte, as it comes out of a log.
///
/// libpg_query's fingerprint parses the statement, which is too slow to do for each of the
/// millions of statements in a log (benchmarks/RESULTS.md, queries). Statements that differ only
/// in their constants, comments and spacing have the same fingerprint, so this scan hashes the
/// text without them (the shape) and the constants alone (the values): the fingerprint is
/// computed once per shape, and equal values tell a repeated query from an N+1 loop.
package enum QueryText {
    package struct Hashes: Equatable {
        package var shape: UInt64
        package var values: UInt64
    }

    package static func hashes(_ text: UnsafeBufferPointer<UInt8>) -> Hashes {
        var shape: UInt64 = 0xcbf2_9ce4_8422_2325
        var values: UInt64 = 0x8422_2325_cbf2_9ce4
        @inline(__always) func mix(_ hash: inout UInt64, _ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let count = text.count
        var index = 0
        // A run of spacing (comments included) counts as one space, and only between tokens.
        var pendingSpace = false
        var started = false
        while index < count {
            let byte = text[index]
            switch byte {
            case 0x20, 0x09, 0x0a, 0x0d:
                pendingSpace = started
                index += 1
                continue
            case UInt8(ascii: "-") where index + 1 < count && text[index + 1] == UInt8(ascii: "-"):
                while index < count, text[index] != 0x0a { index += 1 }
                pendingSpace = started
                continue
            case UInt8(ascii: "/") where index + 1 < count && text[index + 1] == UInt8(ascii: "*"):
                index += 2
                while index + 1 < count, !(text[index] == UInt8(ascii: "*") && text[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index += 2
                pendingSpace = started
                continue
            default:
                break
            }
            if pendingSpace { mix(&shape, 0x20); pendingSpace = false }
            started = true
            switch byte {
            case UInt8(ascii: "'"):
                // 'text', with '' inside; E'...' also with backslash escapes.
                let escapes = index > 0 && (text[index - 1] == UInt8(ascii: "E") || text[index - 1] == UInt8(ascii: "e"))
                index += 1
                while index < count {
                    let inner = text[index]
                    if escapes, inner == UInt8(ascii: "\\") { mix(&values, inner); index += 2; continue }
                    if inner == UInt8(ascii: "'") {
                        if index + 1 < count, text[index + 1] == UInt8(ascii: "'") { mix(&values, inner); index += 2; continue }
                        break
                    }
                    mix(&values, inner)
                    index += 1
                }
                index += 1
                mix(&values, 0)
                mix(&shape, UInt8(ascii: "?"))
            case UInt8(ascii: "\""):
                // A quoted identifier is part of the shape.
                mix(&shape, byte)
                index += 1
                while index < count, text[index] != UInt8(ascii: "\"") { mix(&shape, text[index]); index += 1 }
                mix(&shape, byte)
                index += 1
            case UInt8(ascii: "$") where index + 1 < count && !isDigit(text[index + 1]) && (index == 0 || !isWord(text[index - 1])):
                // $tag$ ... $tag$: a constant.
                var tagEnd = index + 1
                while tagEnd < count, isWord(text[tagEnd]) { tagEnd += 1 }
                guard tagEnd < count, text[tagEnd] == UInt8(ascii: "$") else { mix(&shape, byte); index += 1; break }
                let tag = index...tagEnd
                var cursor = tagEnd + 1
                var closed = false
                while cursor < count {
                    if text[cursor] == UInt8(ascii: "$"), cursor + tag.count <= count,
                       text[tag].elementsEqual(text[cursor..<(cursor + tag.count)]) {
                        closed = true
                        break
                    }
                    mix(&values, text[cursor])
                    cursor += 1
                }
                index = closed ? cursor + tag.count : count
                mix(&values, 0)
                mix(&shape, UInt8(ascii: "?"))
            default:
                // A digit starting a token (not in a name, not a `$1` parameter's number).
                if isDigit(byte), index == 0 || !(isWord(text[index - 1]) || text[index - 1] == UInt8(ascii: "$")) {
                    // 42, 4.2, 1e10: a constant.
                    while index < count, isDigit(text[index]) || text[index] == UInt8(ascii: ".") || text[index] == UInt8(ascii: "e")
                            || text[index] == UInt8(ascii: "E") || ((text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-"))
                                && (text[index - 1] == UInt8(ascii: "e") || text[index - 1] == UInt8(ascii: "E"))) {
                        mix(&values, text[index])
                        index += 1
                    }
                    mix(&values, 0)
                    mix(&shape, UInt8(ascii: "?"))
                } else {
                    mix(&shape, byte)
                    index += 1
                }
            }
        }
        return Hashes(shape: shape, values: values)
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) static func isWord(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    /// The text as a string, with the tab PostgreSQL's stderr log puts after each newline removed.
    package static func string(_ text: UnsafeBufferPointer<UInt8>) -> String {
        guard text.contains(0x0a) else { return String(decoding: text, as: UTF8.self) }
        var copy: [UInt8] = []
        copy.reserveCapacity(text.count)
        for (index, byte) in text.enumerated() where !(byte == 0x09 && index > 0 && text[index - 1] == 0x0a) { copy.append(byte) }
        return String(decoding: copy, as: UTF8.self)
    }
}
