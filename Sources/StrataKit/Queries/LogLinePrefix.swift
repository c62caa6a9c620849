/// A `log_line_prefix`, compiled into literal text and escapes, that finds the session, time and
/// transaction of a stderr log line. The escapes are PostgreSQL's own (`%m %p %c %l %x %v %u %d ...`).
///
/// ```swift
/// let prefix = try LogLinePrefix("%m [%p] %q%u@%d ")
/// ```
package struct LogLinePrefix: Sendable, Equatable, CustomStringConvertible {
    package enum Field: Sendable, Equatable {
        case literal([UInt8])
        /// `%m` (milliseconds), `%t` (seconds), `%s` (session start): a date, a time and a zone.
        case timestamp(isSessionStart: Bool)
        /// `%n`: seconds since the epoch with milliseconds.
        case epoch
        case processID, sessionID, lineNumber, transactionID, virtualTransactionID
        case user, database, application, host, hostAndPort, commandTag, sqlState, backendType, queryID, leaderPID
        /// `%q`: background processes stop the prefix here.
        case stopForNonSessions
    }

    package let format: String
    let fields: [Field]

    package var description: String { format }

    /// Compiles a `log_line_prefix` value; unknown escapes are an error.
    package init(_ format: String) throws(QueryInputError) {
        self.format = format
        var fields: [Field] = []
        var literal: [UInt8] = []
        var bytes = Array(format.utf8)[...]
        func flush() { if !literal.isEmpty { fields.append(.literal(literal)); literal = [] } }
        while let byte = bytes.popFirst() {
            guard byte == UInt8(ascii: "%") else { literal.append(byte); continue }
            // `%-10u` style padding: the width is ignored when reading.
            while let next = bytes.first, next == UInt8(ascii: "-") || (next >= 0x30 && next <= 0x39) { bytes.removeFirst() }
            guard let escape = bytes.popFirst() else { throw QueryInputError(message: "log_line_prefix '\(format)' ends with a lone %") }
            let field: Field
            switch Character(UnicodeScalar(escape)) {
            case "%": literal.append(escape); continue
            case "m", "t": field = .timestamp(isSessionStart: false)
            case "s": field = .timestamp(isSessionStart: true)
            case "n": field = .epoch
            case "p": field = .processID
            case "c": field = .sessionID
            case "l": field = .lineNumber
            case "x": field = .transactionID
            case "v": field = .virtualTransactionID
            case "u": field = .user
            case "d": field = .database
            case "a": field = .application
            case "h": field = .host
            case "r": field = .hostAndPort
            case "i": field = .commandTag
            case "e": field = .sqlState
            case "b": field = .backendType
            case "Q": field = .queryID
            case "P": field = .leaderPID
            case "q": field = .stopForNonSessions
            default:
                throw QueryInputError(message: "log_line_prefix '\(format)' has an unknown escape %\(Character(UnicodeScalar(escape))) (PostgreSQL's are %a %u %d %r %h %b %p %P %t %m %n %i %e %c %l %s %v %x %q %Q %%)")
            }
            flush()
            fields.append(field)
        }
        flush()
        self.fields = fields
    }

    /// What a line's prefix says. Ranges are byte offsets into the line.
    package struct Match {
        package var end: Int
        package var timestamp: Range<Int>?
        package var epoch: Range<Int>?
        package var processID: Range<Int>?
        package var sessionID: Range<Int>?
        package var transactionID: Range<Int>?
        package var virtualTransactionID: Range<Int>?
        package var user: Range<Int>?
        package var database: Range<Int>?
    }

    /// Matches the prefix at the start of `line`; nil when the line does not start with it.
    package func match(_ line: UnsafeBufferPointer<UInt8>) -> Match? {
        var position = 0
        var result = Match(end: 0)
        // At %q: what a background process's line would have matched.
        var stopPoint: Match?
        let count = line.count
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte >= 0x61 && byte <= 0x66) }
        func scan(_ accept: (UInt8) -> Bool) -> Range<Int> {
            let start = position
            while position < count, accept(line[position]) { position += 1 }
            return start..<position
        }
        for (index, field) in fields.enumerated() {
            let start = position
            switch field {
            case .literal(let bytes):
                guard position + bytes.count <= count else { return stopPoint }
                for (offset, byte) in bytes.enumerated() where line[position + offset] != byte {
                    return stopPoint
                }
                position += bytes.count
            case .stopForNonSessions:
                stopPoint = result
                stopPoint?.end = position
            case .timestamp(let isSessionStart):
                // 2026-12-01 10:00:00[.123] ZONE
                guard position + 19 <= count, isDigit(line[position]), line[position + 4] == UInt8(ascii: "-"),
                      line[position + 10] == UInt8(ascii: " "), line[position + 13] == UInt8(ascii: ":") else { return stopPoint }
                position += 19
                if position < count, line[position] == UInt8(ascii: ".") { position += 1; _ = scan(isDigit) }
                if position + 1 < count, line[position] == UInt8(ascii: " "), !LogRecordLevel.startsLevel(line, at: position + 1) {
                    position += 1
                    // A zone name or offset: UTC, CET, +01, America/New_York.
                    _ = scan { byte in
                        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || isDigit(byte)
                            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_")
                    }
                }
                if !isSessionStart { result.timestamp = start..<position }
            case .epoch:
                _ = scan { isDigit($0) || $0 == UInt8(ascii: ".") }
                result.epoch = start..<position
            case .processID, .lineNumber, .leaderPID:
                let digits = scan(isDigit)
                if field == .processID { result.processID = digits }
            case .transactionID:
                result.transactionID = scan(isDigit)
            case .queryID:
                _ = scan { isDigit($0) || $0 == UInt8(ascii: "-") }
            case .sessionID:
                result.sessionID = scan { isHex($0) || $0 == UInt8(ascii: ".") }
            case .virtualTransactionID:
                result.virtualTransactionID = scan { isDigit($0) || $0 == UInt8(ascii: "/") }
            case .user, .database, .application, .host, .hostAndPort, .commandTag, .sqlState, .backendType:
                // Free text up to the next literal's first byte (or a space when none follows).
                var terminator = UInt8(ascii: " ")
                if index + 1 < fields.count, case .literal(let next) = fields[index + 1], let first = next.first { terminator = first }
                let value = scan { $0 != terminator }
                if field == .user { result.user = value }
                if field == .database { result.database = value }
            }
            if position > count { return nil }
        }
        result.end = position
        return result
    }

    /// Prefixes in common use, the richest first: PostgreSQL's default, Debian's, pgBadger's advice.
    static let wellKnown = [
        "%m [%p] %q%u@%d ",
        "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
        "%m [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
        "%t [%p]: user=%u,db=%d,app=%a,client=%h ",
        "%m [%p]: user=%u,db=%d,app=%a,client=%h ",
        "%m [%p] %q[user=%u,db=%d,app=%a] ",
        "%t [%p-%l] %q%u@%d ",
        "%m [%p-%l] %q%u@%d ",
        "%m %c %x %v %q%u@%d ",
        "%m [%p] %c %q%u@%d ",
        "%m [%p] ",
        "%t [%p] ",
        "%m [%p]: ",
        "%t [%p]: ",
        "%t ",
        "%m ",
        "",
    ]

    /// The prefix that fits the most of `lines` (those with a level tag like `LOG:`), if one fits
    /// at least half of them. The sample is a log's first lines.
    package static func infer(from lines: [UnsafeBufferPointer<UInt8>]) -> LogLinePrefix? {
        let tagged = lines.filter { LogRecordLevel.findLevel(in: $0) != nil }
        guard !tagged.isEmpty else { return nil }
        var best: (prefix: LogLinePrefix, score: Int)?
        let guessed = tagged.prefix(3).compactMap(guess)
        for format in wellKnown + guessed {
            guard let prefix = try? LogLinePrefix(format) else { continue }
            let score = tagged.filter { line in
                guard let match = prefix.match(line) else { return false }
                return LogRecordLevel.startsLevel(line, at: match.end)
            }.count
            if score > (best?.score ?? 0) { best = (prefix, score) }
        }
        guard let best, best.score * 2 >= tagged.count else { return nil }
        return best.prefix
    }
}

extension LogLinePrefix {
    /// A prefix written from the shapes in one line's prefix: timestamps, `[pid]`, session ids,
    /// `user@db`, `user=`, `db=`, `app=`, `client=` (the forms PostgreSQL's docs and pgBadger
    /// suggest), anything else as literal text.
    static func guess(_ line: UnsafeBufferPointer<UInt8>) -> String? {
        guard let end = LogRecordLevel.findLevel(in: line), end > 0 else { return nil }
        let text = String(decoding: LogBytes.slice(line, 0..<end), as: UTF8.self)
        let patterns: [(String, String)] = [
            (#"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+( [A-Za-z0-9+/_-]+)?"#, "%m"),
            (#"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d( [A-Za-z0-9+/_-]+)?"#, "%t"),
            (#"^\d{10}\.\d+"#, "%n"),
            (#"^[0-9a-f]+\.[0-9a-f]+"#, "%c"),
            (#"^\d+/\d+"#, "%v"),
            (#"^(user|usr)=[^,\] ]*"#, "$1=%u"),
            (#"^(db|database|dbname)=[^,\] ]*"#, "$1=%d"),
            (#"^(app|application|appname)=[^,\] ]*"#, "$1=%a"),
            (#"^(client|host|remote)=[^,\] ]*"#, "$1=%h"),
            (#"^[A-Za-z_\[][A-Za-z0-9_\]-]*@[A-Za-z_\[][A-Za-z0-9_\]-]*"#, "%u@%d"),
            (#"^\d+"#, "%NUMBER"),
        ]
        var format = ""
        var rest = Substring(text)
        var numbers = 0
        outer: while !rest.isEmpty {
            for (pattern, escape) in patterns {
                guard let range = rest.range(of: pattern, options: .regularExpression) else { continue }
                var replacement = escape
                if escape.hasPrefix("$1=") { replacement = String(rest[range].prefix { $0 != "=" }) + escape.dropFirst(2) }
                if escape == "%NUMBER" {
                    // The first number is the process id; one after it joined by '-' the line number.
                    replacement = numbers == 0 ? "%p" : format.hasSuffix("-") ? "%l" : "%x"
                    numbers += 1
                }
                format += replacement
                rest = rest[range.upperBound...]
                continue outer
            }
            let character = rest.removeFirst()
            format += character == "%" ? "%%" : String(character)
        }
        return format
    }
}

/// The severity word after a stderr line's prefix (`LOG:  `, `DETAIL:  `, ...).
package enum LogRecordLevel: Sendable, Equatable {
    case log, detail, error, statement, other

    static let words: [([UInt8], LogRecordLevel)] = ([
        ("LOG", .log), ("DETAIL", .detail), ("ERROR", .error), ("FATAL", .error), ("PANIC", .error), ("STATEMENT", .statement),
        ("HINT", .other), ("CONTEXT", .other), ("WARNING", .other), ("NOTICE", .other), ("INFO", .other), ("QUERY", .other),
        ("LOCATION", .other), ("DEBUG", .other), ("DEBUG1", .other), ("DEBUG2", .other), ("DEBUG3", .other), ("DEBUG4", .other),
        ("DEBUG5", .other),
    ] as [(String, LogRecordLevel)]).map { (Array($0.0.utf8), $0.1) }

    /// The level word at `offset` and where the message after `:  ` starts.
    static func level(_ line: UnsafeBufferPointer<UInt8>, at offset: Int) -> (level: LogRecordLevel, messageStart: Int)? {
        var end = offset
        while end < line.count, (line[end] >= 0x41 && line[end] <= 0x5A) || (line[end] >= 0x30 && line[end] <= 0x39) { end += 1 }
        guard end > offset, end < line.count, line[end] == UInt8(ascii: ":") else { return nil }
        let level: LogRecordLevel
        // Most records are LOG and DETAIL: those first, without a search.
        if end - offset == 3, line[offset] == UInt8(ascii: "L"), line[offset + 1] == UInt8(ascii: "O"), line[offset + 2] == UInt8(ascii: "G") {
            level = .log
        } else if let entry = words.first(where: { $0.0.elementsEqual(line[offset..<end]) }) {
            level = entry.1
        } else {
            return nil
        }
        var start = end + 1
        while start < line.count, line[start] == UInt8(ascii: " ") { start += 1 }
        return (level, start)
    }

    static func startsLevel(_ line: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool { level(line, at: offset) != nil }

    /// Where a level word follows a space in `line` (for inferring a prefix).
    static func findLevel(in line: UnsafeBufferPointer<UInt8>) -> Int? {
        var offset = 0
        while offset < line.count {
            if offset == 0 || !QueryText.isWord(line[offset - 1]), startsLevel(line, at: offset) { return offset }
            offset += 1
        }
        return nil
    }
}

/// Input that cannot be read as a log: a wrong `--prefix`, an unreadable file, a malformed CSV log.
package struct QueryInputError: StrataError {
    package internal(set) var code: StrataErrorCode = .unreadableInput
    package internal(set) var path: String?
    package internal(set) var line: Int?
    package internal(set) var message: String

    package init(path: String? = nil, line: Int? = nil, message: String, code: StrataErrorCode = .unreadableInput) {
        self.path = path
        self.line = line
        self.message = message
        self.code = code
    }

    package var position: String? {
        switch (path, line) {
        case (let path?, let line?): "\(path):\(line):1"
        case (let path?, nil): path
        default: nil
        }
    }
    package var reason: String { message }
    package var description: String { position.map { "\($0): \(message)" } ?? message }
}
