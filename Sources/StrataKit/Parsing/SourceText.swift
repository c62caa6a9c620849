/// The bytes of one SQL file and a line index, to turn libpg_query's byte offsets into
/// `file:line:column` (1-based; columns count characters, not bytes).
package struct SourceText: Sendable {
    package let path: String
    package let bytes: [UInt8]
    private let lineStarts: [Int]

    package init(path: String, text: String) {
        self.path = path
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    package var lineCount: Int { lineStarts.count }

    /// The 1-based line holding `offset`.
    package func line(at offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    package func location(at offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let line = line(at: clamped)
        let start = lineStarts[line - 1]
        // Count characters: every byte that does not continue a UTF-8 sequence starts one.
        var column = 1
        var index = start
        while index < clamped {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        if clamped < bytes.count, bytes[clamped] & 0xC0 == 0x80 { column -= 1 }
        return SourceLocation(file: path, line: line, column: max(1, column))
    }

    package func text(_ range: Range<Int>) -> String {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
