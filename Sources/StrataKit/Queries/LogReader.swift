import Foundation

/// Reads a PostgreSQL log (stderr with a `log_line_prefix`, csvlog or jsonlog) in chunks and hands
/// over one ``LogRecord`` per entry, multi-line entries joined. Memory stays at a chunk or two
/// whatever the log's size.
package struct LogReader {
    package let path: String
    package let format: LogFormat
    /// The stderr prefix, given or inferred.
    package let prefix: LogLinePrefix?
    private let source: LogByteSource
    private var buffer: [UInt8]

    package static let chunkSize = 4 << 20

    /// Opens `path` (`-` for standard input), detects its format unless given, and infers the
    /// stderr prefix from its first lines unless given.
    package init(path: String, format: LogFormat? = nil, prefix: LogLinePrefix? = nil) throws(QueryInputError) {
        try self.init(source: LogByteSource(path: path), format: format, prefix: prefix)
    }

    /// A log held in memory, named `path` in messages.
    package init(path: String, bytes: [UInt8], format: LogFormat? = nil, prefix: LogLinePrefix? = nil) throws(QueryInputError) {
        try self.init(source: LogByteSource(path: path, bytes: bytes), format: format, prefix: prefix)
    }

    private init(source: LogByteSource, format: LogFormat?, prefix: LogLinePrefix?) throws(QueryInputError) {
        let path = source.path
        self.path = path
        self.source = source
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.chunkSize * 2)
        while buffer.count < 256 * 1024, try source.read(into: &buffer, maximum: Self.chunkSize) > 0 {}
        let firstLine = Array(buffer.prefix { $0 != UInt8(ascii: "\n") })
        let format = format ?? LogFormat.detect(path: path, firstLine: firstLine)
        self.format = format
        if format == .stderr, prefix == nil {
            let sample = buffer.prefix(256 * 1024)
            var inferred: LogLinePrefix?
            sample.withUnsafeBufferPointer { bytes in
                var lines: [UnsafeBufferPointer<UInt8>] = []
                var start = 0
                for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
                    if bytes[start] != UInt8(ascii: "\t") { lines.append(LogBytes.slice(bytes, start..<index)) }
                    start = index + 1
                    if lines.count == 500 { break }
                }
                inferred = LogLinePrefix.infer(from: lines)
            }
            guard let inferred else {
                if buffer.isEmpty { self.prefix = nil; self.buffer = buffer; return }
                let example = String(decoding: firstLine.prefix(120), as: UTF8.self)
                throw QueryInputError(path: path, line: 1, message: "cannot tell this log's log_line_prefix from its lines (e.g. \"\(example)\"): give the server's (SHOW log_line_prefix), for example '%m [%p] '", code: .unknownLogPrefix)
            }
            self.prefix = inferred
        } else {
            self.prefix = prefix
        }
        self.buffer = buffer
    }

    /// Every entry, in order.
    package mutating func forEach(_ body: (LogRecord) throws(QueryInputError) -> Void) throws(QueryInputError) {
        var lineNumber = 1
        var start = 0
        var atEnd = false
        let format = format
        let prefix = prefix
        let path = path
        var stalled = false
        while true {
            // Read on when little is left, or when an entry is longer than what is buffered.
            if !atEnd, stalled || buffer.count - start < Self.chunkSize {
                if start > 0 { buffer.removeSubrange(0..<start); start = 0 }
                atEnd = try source.read(into: &buffer, maximum: Self.chunkSize) == 0
            }
            var consumed = start
            var failure: QueryInputError?
            buffer.withUnsafeBufferPointer { bytes in
                var scanner = RecordScanner(bytes: bytes, position: start, atEnd: atEnd, format: format)
                while let range = scanner.next() {
                    let firstLine = lineNumber
                    lineNumber += scanner.newlines
                    consumed = scanner.position
                    guard !range.isEmpty else { continue }
                    let record = LogBytes.slice(bytes, range)
                    do throws(QueryInputError) {
                        switch format {
                        case .stderr: try StderrEntry.read(record, line: firstLine, prefix: prefix!, body)
                        case .csv: try CSVEntry.read(record, line: firstLine, path: path, body)
                        case .json: try JSONEntry.read(record, line: firstLine, path: path, body)
                        }
                    } catch {
                        failure = error
                        return
                    }
                }
            }
            if let failure { throw failure }
            stalled = consumed == start
            start = consumed
            if atEnd, start >= buffer.count { return }
        }
    }
}

/// Finds where entries end: a newline not followed by a tab (stderr continuation lines start
/// with one), a newline outside quotes (CSV), any newline (JSON).
private struct RecordScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let atEnd: Bool
    let format: LogFormat
    /// Newlines in the last entry handed over (its terminator included).
    var newlines = 0

    mutating func next() -> Range<Int>? {
        let count = bytes.count
        guard position < count else { return nil }
        let start = position
        var index = position
        var lines = 0
        var quoted = false
        while index < count {
            let byte = bytes[index]
            if format == .csv, byte == UInt8(ascii: "\"") { quoted.toggle() }
            if byte == UInt8(ascii: "\n"), !quoted {
                lines += 1
                if format == .stderr {
                    if index + 1 >= count, !atEnd { return nil }
                    if index + 1 < count, bytes[index + 1] == UInt8(ascii: "\t") { index += 1; continue }
                }
                position = index + 1
                newlines = lines
                var end = index
                if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                return start..<end
            }
            index += 1
        }
        guard atEnd else { return nil }
        position = count
        newlines = lines
        return start..<count
    }
}
