/// An entry of a stderr log: the `log_line_prefix`, a level word (`LOG:`), then the message, whose
/// further lines each start with a tab.
enum StderrEntry {
    static func read(_ entry: UnsafeBufferPointer<UInt8>, line: Int, prefix: LogLinePrefix,
                     _ body: (LogRecord) throws(QueryInputError) -> Void) throws(QueryInputError) {
        // Lines without the prefix (a crash report, output of archive_command) are not entries.
        guard let match = prefix.match(entry), let (level, messageStart) = LogRecordLevel.level(entry, at: match.end) else { return }
        var record = LogRecord(line: line, level: level, session: 0, transaction: 0,
                               message: LogBytes.slice(entry, messageStart..<entry.count))
        if let range = match.timestamp {
            record.time = LogBytes.timestamp(LogBytes.slice(entry, range))
        } else if let range = match.epoch {
            record.time = Double(String(decoding: LogBytes.slice(entry, range), as: UTF8.self))
        }
        if let range = match.sessionID, !range.isEmpty {
            record.session = LogBytes.hash(LogBytes.slice(entry, range))
        } else if let range = match.processID, !range.isEmpty {
            record.session = LogBytes.integer(LogBytes.slice(entry, range)) | (1 << 63)
        }
        if let range = match.virtualTransactionID, !range.isEmpty, LogBytes.virtualTransaction(LogBytes.slice(entry, range)) != 0 {
            record.transaction = LogBytes.virtualTransaction(LogBytes.slice(entry, range))
        } else if let range = match.transactionID {
            record.transaction = LogBytes.integer(LogBytes.slice(entry, range))
        }
        if let range = match.user { record.user = LogBytes.slice(entry, range) }
        if let range = match.database { record.database = LogBytes.slice(entry, range) }
        try body(record)
    }
}
