import Foundation

/// One entry of a PostgreSQL log, as a reader hands it over. Its byte views point into the
/// reader's buffer and are valid only during the callback that receives the record.
package struct LogRecord {
    /// The line the entry starts on (1-based).
    package var line: Int
    package var level: LogRecordLevel
    /// Seconds in the log's own time zone (from `%m`, `%t` or `%n`), nil when the prefix has none.
    package var time: Double?
    /// Tells sessions apart: `%c` when logged, else the process id; 0 when neither is.
    package var session: UInt64
    /// Tells transactions apart: the virtual transaction id (`%v`, the CSV and JSON `vxid`),
    /// else a non-zero `%x`; 0 when unknown.
    package var transaction: UInt64
    package var user: UnsafeBufferPointer<UInt8>?
    package var database: UnsafeBufferPointer<UInt8>?
    package var message: UnsafeBufferPointer<UInt8>
    /// The DETAIL of the same entry (CSV and JSON logs); stderr logs write it as an entry of its own.
    package var detail: UnsafeBufferPointer<UInt8>?
}

/// The log formats PostgreSQL writes (`log_destination`).
package enum LogFormat: String, Sendable, CaseIterable {
    case stderr, csv, json

    /// From the file name, else from the first line's shape.
    package static func detect(path: String, firstLine: [UInt8]) -> LogFormat {
        let name = path.hasSuffix(".gz") ? String(path.dropLast(3)) : path
        if name.hasSuffix(".csv") { return .csv }
        if name.hasSuffix(".json") { return .json }
        if firstLine.first == UInt8(ascii: "{") { return .json }
        // csvlog: `2026-12-01 10:00:00.123 UTC,"user",...`
        if let comma = firstLine.firstIndex(of: UInt8(ascii: ",")), comma < 40, comma >= 19,
           firstLine.prefix(comma).allSatisfy({ $0 != UInt8(ascii: "[") }), firstLine[0] >= 0x30 && firstLine[0] <= 0x39 {
            return .csv
        }
        return .stderr
    }
}

/// Small byte helpers the log readers share.
package enum LogBytes {
    /// FNV-1a: a cheap 64-bit hash of bytes (sessions, transactions, statement texts).
    @inline(__always)
    /// A virtual transaction id (`3/1842`) as a transaction's identity; `N/0` is no transaction
    /// at all (PostgreSQL logs it for a statement outside one, or after its transaction ended), so
    /// two autocommit statements of one backend are not taken for one transaction: 0.
    package static func virtualTransaction(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return hash(bytes) }
        let local = bytes[(slash + 1)...]
        if local.isEmpty || local.allSatisfy({ $0 == UInt8(ascii: "0") }) { return 0 }
        return hash(bytes)
    }

    package static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var value = seed
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return value
    }

    package static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for byte in bytes where byte >= 0x30 && byte <= 0x39 { value = value &* 10 &+ UInt64(byte - 0x30) }
        return value
    }

    /// `2026-12-01 10:00:00.123` (the zone after it is ignored: a log is read in its own zone) as
    /// seconds since 1970-01-01; nil when the bytes are not such a timestamp.
    package static func timestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard bytes.count >= 19 else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            var value = 0
            for index in from..<(from + length) {
                let byte = bytes[index]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
        var fraction = 0.0
        if bytes.count > 20, bytes[19] == UInt8(ascii: ".") {
            var scale = 0.1
            var index = 20
            while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        return Double(daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second) + fraction
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Whether `bytes` starts with `prefix`.
    @inline(__always)
    package static func starts(_ bytes: UnsafeBufferPointer<UInt8>, with prefix: StaticString, at offset: Int = 0) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let start = prefix.utf8Start
        for index in 0..<count where bytes[offset + index] != start[index] { return false }
        return true
    }

    /// A view of `range` of `bytes`.
    @inline(__always)
    package static func slice(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[range])
    }
}
