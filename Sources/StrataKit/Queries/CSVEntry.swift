/// An entry of a csvlog: PostgreSQL's fixed columns, quoted where needed, with `""` for a quote.
enum CSVEntry {
    // Column positions, the same from PostgreSQL 9.0 to 17.
    static let time = 0, user = 1, database = 2, processID = 3, sessionID = 5, virtualTransaction = 9,
               transactionID = 10, severity = 11, message = 13, detail = 14
    static let needed = 15

    static func read(_ entry: UnsafeBufferPointer<UInt8>, line: Int, path: String,
                     _ body: (LogRecord) throws(QueryInputError) -> Void) throws(QueryInputError) {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(needed)
        var quotedFields: Set<Int> = []
        var index = 0
        let count = entry.count
        while index <= count, fields.count < needed {
            if index < count, entry[index] == UInt8(ascii: "\"") {
                let start = index + 1
                var end = start
                while end < count {
                    if entry[end] == UInt8(ascii: "\"") {
                        if end + 1 < count, entry[end + 1] == UInt8(ascii: "\"") { end += 2; quotedFields.insert(fields.count); continue }
                        break
                    }
                    end += 1
                }
                fields.append(start..<min(end, count))
                index = end + 2
            } else {
                var end = index
                while end < count, entry[end] != UInt8(ascii: ",") { end += 1 }
                fields.append(index..<end)
                index = end + 1
            }
        }
        guard fields.count >= needed else {
            throw QueryInputError(path: path, line: line, message: "not a csvlog line: \(fields.count) of PostgreSQL's columns (give --log-format if the file is another format)")
        }
        func view(_ field: Int) -> UnsafeBufferPointer<UInt8> { LogBytes.slice(entry, fields[field]) }
        let severity = view(severity)
        let level: LogRecordLevel = LogBytes.starts(severity, with: "LOG") ? .log
            : LogBytes.starts(severity, with: "ERROR") || LogBytes.starts(severity, with: "FATAL") ? .error : .other
        // A field with doubled quotes is unescaped into a copy for the callback.
        func withUnescaped(_ field: Int, _ use: (UnsafeBufferPointer<UInt8>) throws(QueryInputError) -> Void) throws(QueryInputError) {
            guard quotedFields.contains(field) else { return try use(view(field)) }
            var copy: [UInt8] = []
            copy.reserveCapacity(fields[field].count)
            var skip = false
            for byte in view(field) {
                if skip { skip = false; continue }
                copy.append(byte)
                if byte == UInt8(ascii: "\"") { skip = true }
            }
            var failure: QueryInputError?
            copy.withUnsafeBufferPointer { bytes in
                do throws(QueryInputError) { try use(bytes) } catch { failure = error }
            }
            if let failure { throw failure }
        }
        var record = LogRecord(line: line, level: level, time: LogBytes.timestamp(view(time)), session: 0, transaction: 0,
                               user: view(user), database: view(database), message: view(message))
        record.session = fields[sessionID].isEmpty ? LogBytes.integer(view(processID)) | (1 << 63) : LogBytes.hash(view(sessionID))
        let vxid = view(virtualTransaction)
        let virtual = vxid.isEmpty ? 0 : LogBytes.virtualTransaction(vxid)
        record.transaction = virtual == 0 ? LogBytes.integer(view(transactionID)) : virtual
        try withUnescaped(message) { (text) throws(QueryInputError) in
            record.message = text
            if fields[detail].isEmpty { return try body(record) }
            try withUnescaped(detail) { (detailText) throws(QueryInputError) in
                record.detail = detailText
                try body(record)
            }
        }
    }
}
