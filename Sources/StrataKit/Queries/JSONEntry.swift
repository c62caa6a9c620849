import Foundation

/// An entry of a jsonlog (PostgreSQL 15 and later): one JSON object per line.
enum JSONEntry {
    static func read(_ entry: UnsafeBufferPointer<UInt8>, line: Int, path: String,
                     _ body: (LogRecord) throws(QueryInputError) -> Void) throws(QueryInputError) {
        guard entry.contains(where: { $0 != UInt8(ascii: " ") }) else { return }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(buffer: entry)) as? [String: Any] else {
                throw QueryInputError(path: path, line: line, message: "not a jsonlog line: not a JSON object")
            }
            object = parsed
        } catch let error as QueryInputError {
            throw error
        } catch {
            throw QueryInputError(path: path, line: line, message: "not a jsonlog line: \(error.localizedDescription)")
        }
        func text(_ key: String) -> String? {
            switch object[key] {
            case let value as String: value
            case let value as NSNumber: value.stringValue
            default: nil
            }
        }
        let severity = text("error_severity") ?? ""
        let level: LogRecordLevel = severity == "LOG" ? .log : ["ERROR", "FATAL", "PANIC"].contains(severity) ? .error : .other
        var time: Double?
        var session: UInt64 = 0
        var transaction: UInt64 = 0
        if let value = text("timestamp") { time = Array(value.utf8).withUnsafeBufferPointer { LogBytes.timestamp($0) } }
        if let value = text("session_id") {
            session = Array(value.utf8).withUnsafeBufferPointer { LogBytes.hash($0) }
        } else if let value = text("pid"), let pid = UInt64(value) {
            session = pid | (1 << 63)
        }
        if let value = text("vxid") {
            transaction = Array(value.utf8).withUnsafeBufferPointer { LogBytes.virtualTransaction($0) }
        }
        if transaction == 0, let value = text("txid"), let xid = UInt64(value) {
            transaction = xid
        }
        let message = Array((text("message") ?? "").utf8)
        let detail = text("detail").map { Array($0.utf8) }
        let user = Array((text("user") ?? "").utf8)
        let database = Array((text("dbname") ?? "").utf8)
        var failure: QueryInputError?
        message.withUnsafeBufferPointer { messageBytes in
            user.withUnsafeBufferPointer { userBytes in
                database.withUnsafeBufferPointer { databaseBytes in
                    func emit(_ detailBytes: UnsafeBufferPointer<UInt8>?) {
                        let record = LogRecord(line: line, level: level, time: time, session: session, transaction: transaction,
                                               user: userBytes, database: databaseBytes, message: messageBytes, detail: detailBytes)
                        do throws(QueryInputError) { try body(record) } catch { failure = error }
                    }
                    if let detail { detail.withUnsafeBufferPointer { emit($0) } } else { emit(nil) }
                }
            }
        }
        if let failure { throw failure }
    }
}
