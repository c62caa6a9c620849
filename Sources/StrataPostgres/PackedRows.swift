/// The rows of a packed catalog query (`CatalogReader.packedRows`): one text, its field
/// boundaries found in one pass, values made only when read (numbers and flags straight from the
/// bytes, without a `String` in between).
struct PackedRows: RandomAccessCollection {
    private let bytes: [UInt8]
    /// Where each field starts, row after row, then one past the end of the text plus one.
    private let starts: [Int]
    let fieldCount: Int

    /// nil when a row does not have `fieldCount` fields (a value held a separator).
    init?(_ bytes: [UInt8], fieldCount: Int) {
        self.bytes = bytes
        self.fieldCount = fieldCount
        guard !bytes.isEmpty else {
            starts = [1]
            return
        }
        var starts = [0]
        starts.reserveCapacity(bytes.count / 8)
        var fieldsInRow = 1
        for (offset, byte) in bytes.enumerated() where byte == 0x1F || byte == 0x1E {
            if byte == 0x1E {
                guard fieldsInRow == fieldCount else { return nil }
                fieldsInRow = 0
            }
            starts.append(offset + 1)
            fieldsInRow += 1
        }
        guard fieldsInRow == fieldCount else { return nil }
        starts.append(bytes.count + 1)
        self.starts = starts
    }

    var startIndex: Int { 0 }
    var endIndex: Int { (starts.count - 1) / fieldCount }
    subscript(row: Int) -> Row { Row(rows: self, row: row) }

    struct Row {
        fileprivate let rows: PackedRows
        fileprivate let row: Int

        private func bounds(_ field: Int) -> Range<Int> {
            let index = row * rows.fieldCount + field
            return rows.starts[index]..<(rows.starts[index + 1] - 1)
        }

        func isNull(_ field: Int) -> Bool {
            let range = bounds(field)
            return range.count == 1 && rows.bytes[range.lowerBound] == 0x01
        }

        /// nil for NULL.
        func string(_ field: Int) -> String? {
            isNull(field) ? nil : String(decoding: rows.bytes[bounds(field)], as: UTF8.self)
        }

        /// "" for NULL.
        func text(_ field: Int) -> String { string(field) ?? "" }

        /// `true` as a boolean prints in text.
        func bool(_ field: Int) -> Bool {
            let range = bounds(field)
            return range.count == 4 && rows.bytes[range.lowerBound] == UInt8(ascii: "t")
        }

        /// 0 for NULL or a value that is not a decimal integer.
        func integer<Number: FixedWidthInteger>(_ field: Int, as type: Number.Type = Number.self) -> Number {
            Self.integer(rows.bytes[bounds(field)]) ?? 0
        }

        /// Integers separated by `separator` (a space in int2vector and oidvector, U+001D from `array_to_string`).
        func integers<Number: FixedWidthInteger>(_ field: Int, separator: UInt8, as type: Number.Type = Number.self) -> [Number] {
            guard !isNull(field) else { return [] }
            return rows.bytes[bounds(field)].split(separator: separator).compactMap { Self.integer($0) }
        }

        /// `array_to_string` output: elements split by U+001D.
        func elements(_ field: Int) -> [String] {
            guard !isNull(field) else { return [] }
            let range = bounds(field)
            guard !range.isEmpty else { return [] }
            return rows.bytes[range].split(separator: 0x1D, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }

        private static func integer<Number: FixedWidthInteger>(_ digits: ArraySlice<UInt8>) -> Number? {
            var value: Number = 0
            var negative = false
            var sawDigit = false
            for (position, byte) in zip(digits.indices, digits) {
                if position == digits.startIndex, byte == UInt8(ascii: "-") {
                    negative = true
                    continue
                }
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = shifted.addingReportingOverflow(Number(byte - UInt8(ascii: "0")))
                guard !overflow, !overflow2 else { return nil }
                value = sum
                sawDigit = true
            }
            guard sawDigit, !negative || Number.isSigned else { return nil }
            return negative ? 0 - value : value
        }
    }
}
