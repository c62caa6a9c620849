/// Looks at SQL bytes before anything is parsed: keywords (ASCII, any case), identifier bytes and
/// nested block comments. Shared by the psql pre-lexer, the statement split and rules that point
/// at a keyword inside a statement.
package enum SQLBytes {
    /// A byte that continues an identifier: letters, digits, `_`, `$`, and any non-ASCII byte.
    static func isIdentifier(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte >= 0x80 || byte == UInt8(ascii: "$")
    }

    /// `word` (lowercase ASCII) at `offset`, in any case.
    static func matches(_ word: StaticString, in bytes: [UInt8], at offset: Int) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset >= 0, offset + count <= bytes.count else { return false }
        for index in 0..<count where bytes[offset + index] | 0x20 != word.utf8Start[index] { return false }
        return true
    }

    /// `word` at `offset` as a whole word: no identifier byte follows it before `end`.
    static func matchesWord(_ word: StaticString, in bytes: [UInt8], at offset: Int, end: Int) -> Bool {
        let after = offset + word.utf8CodeUnitCount
        return after <= end && matches(word, in: bytes, at: offset) && (after == end || !isIdentifier(bytes[after]))
    }

    /// The first offset in `range` where `word` starts, in any case.
    static func firstMatch(_ word: StaticString, in bytes: [UInt8], range: Range<Int>) -> Int? {
        let last = min(range.upperBound, bytes.count) - word.utf8CodeUnitCount
        guard last >= range.lowerBound else { return nil }
        return (range.lowerBound...last).first { matches(word, in: bytes, at: $0) }
    }

    /// The offset just after the `/* ... */` comment starting at `offset` (PostgreSQL's comments
    /// nest), or `end` when it is not closed.
    static func endOfBlockComment(in bytes: [UInt8], from offset: Int, end: Int) -> Int {
        var index = offset
        var depth = 0
        while index < end {
            if bytes[index] == UInt8(ascii: "/"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        return end
    }
}
