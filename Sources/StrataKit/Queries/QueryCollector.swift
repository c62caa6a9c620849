/// Turns log entries into executions and executions into a ``QueryProfile``: fingerprints with
/// their durations, and each session's statements in order handed to the session-order rules'
/// watches (``NPlusOneRule/Watch``, ``WritesOutsideTransactionRule/Watch``,
/// ``RepeatedIdenticalQueryRule/Counter``), whose reports it tallies. What a pattern is, the rule
/// file says; the collector only keeps sessions apart and counts.
package final class QueryCollector {
    package private(set) var profile = QueryProfile()
    let settings: QuerySettings
    let filter: QueryLogFilter
    /// Shape hash to group; -1 for a shape whose statements do not parse.
    private var groupByShape: [UInt64: Int] = [:]
    private var sessions: [UInt64: SessionState] = [:]
    private var sessionsSeen: Set<UInt64> = []
    private var nPlusOneIndex: [PairKey: Int] = [:]
    private var writeIndex: [PairKey: Int] = [:]
    private var repeatedIndex: [Int: Int] = [:]
    private var file = ""
    /// Statements read so far, to order sessions by their last one.
    private var order = 0
    /// Statements observed one by one (samples): their numbers stand for lines.
    private var observedCount = 0

    /// Sessions kept at most; the longest idle ones are dropped beyond it, so that memory does not
    /// grow with a log of short sessions that never log their disconnection.
    static let sessionLimit = 20_000
    static let unparsedKept = 20

    package init(settings: QuerySettings = QuerySettings(), filter: QueryLogFilter = QueryLogFilter()) {
        self.settings = settings
        self.filter = filter
        profile.hasSessions = true
    }

    struct PairKey: Hashable {
        var first: Int
        var second: Int
    }

    struct Pending {
        var group: Int
        var values: UInt64
        var duration: Double?
        var line: Int
        var time: Double?
        var transaction: UInt64
        var isExample: Bool
    }

    struct SessionState {
        var pending: Pending?
        var prepareTime = 0.0
        var inTransactionBlock = false
        var loops = NPlusOneRule.Watch()
        var writes = WritesOutsideTransactionRule.Watch()
        var repeats = RepeatedIdenticalQueryRule.Counter()
        /// When its last statement came, in statements read: the idlest sessions are dropped first.
        var order = 0
    }

    // MARK: - Reading logs

    /// Reads a whole log into the profile.
    package func read(_ reader: inout LogReader) throws(QueryInputError) {
        file = reader.path
        profile.sources.append(reader.path)
        try reader.forEach { record in consume(record) }
        for key in Array(sessions.keys) { closeSession(key) }
    }

    package func consume(_ record: LogRecord) {
        let key = record.session
        switch record.level {
        case .log:
            consumeMessage(record, session: key)
        case .detail:
            if LogBytes.starts(record.message, with: "parameters: ") { attachParameters(record.message, session: key) }
        case .error:
            // A statement logged before it ran (log_statement) failed: it is not counted. One
            // logged with its duration had finished; the error is another's.
            if sessions[key]?.pending?.duration == nil { sessions[key]?.pending = nil }
        case .statement, .other:
            break
        }
    }

    private func consumeMessage(_ record: LogRecord, session key: UInt64) {
        let message = record.message
        var offset = 0
        var duration: Double?
        if LogBytes.starts(message, with: "duration: ") {
            offset = 10
            var end = offset
            while end < message.count, message[end] != UInt8(ascii: " ") { end += 1 }
            duration = Double(String(decoding: LogBytes.slice(message, offset..<end), as: UTF8.self))
            offset = end
            if LogBytes.starts(message, with: " ms", at: offset) { offset += 3 }
            while offset < message.count, message[offset] == UInt8(ascii: " ") { offset += 1 }
            if offset >= message.count {
                // log_duration after log_statement: the time of the statement already logged.
                if sessions[key]?.pending?.duration == nil, let duration { sessions[key]?.pending?.duration = duration }
                return
            }
        }
        if LogBytes.starts(message, with: "statement: ", at: offset) {
            statement(LogBytes.slice(message, (offset + 11)..<message.count), record: record, duration: duration)
        } else if LogBytes.starts(message, with: "execute ", at: offset) {
            guard let colon = nameEnd(message, from: offset + 8) else { return }
            let text = LogBytes.slice(message, colon..<message.count)
            statement(text, record: record, duration: duration)
        } else if LogBytes.starts(message, with: "parse ", at: offset) || LogBytes.starts(message, with: "bind ", at: offset) {
            // Preparing is part of the statement's time: added to its execute.
            finish(session: key)
            sessions[key, default: SessionState()].prepareTime += duration ?? 0
        } else if LogBytes.starts(message, with: "disconnection: ", at: offset) {
            closeSession(key)
            // A later session may reuse the process id: it is another session. (Without
            // log_disconnections, the ids seen are what the log's size adds to memory.)
            sessionsSeen.remove(key)
        }
        if let detail = record.detail, LogBytes.starts(detail, with: "parameters: ") { attachParameters(detail, session: key) }
    }

    /// Where the statement starts after `execute <name>: `.
    private func nameEnd(_ message: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + 1 < message.count {
            if message[index] == UInt8(ascii: ":"), message[index + 1] == UInt8(ascii: " ") { return index + 2 }
            index += 1
        }
        return nil
    }

    private func statement(_ text: UnsafeBufferPointer<UInt8>, record: LogRecord, duration: Double?, values: UInt64? = nil) {
        guard filter.accepts(record) else { return }
        let key = record.session
        finish(session: key)
        var hashes = QueryText.hashes(text)
        if let values { hashes.values = values }
        var isExample = false
        let group: Int
        if let known = groupByShape[hashes.shape] {
            guard known >= 0 else { profile.unparsedCount += 1; return }
            group = known
        } else {
            let location = SourceLocation(file: file, line: record.line, column: 1)
            let string = QueryText.string(text)
            guard let created = makeGroup(string, location: location) else {
                groupByShape[hashes.shape] = -1
                return
            }
            groupByShape[hashes.shape] = created.index
            group = created.index
            isExample = created.isNew
        }
        profile.statements += 1
        if let time = record.time {
            if profile.firstTime.map({ time < $0 }) ?? true { profile.firstTime = time }
            if profile.lastTime.map({ time > $0 }) ?? true { profile.lastTime = time }
        }
        var state = sessions.removeValue(forKey: key) ?? SessionState()
        if sessionsSeen.insert(key).inserted { profile.sessions += 1 }
        let total = duration.map { $0 + state.prepareTime }
        state.prepareTime = 0
        state.pending = Pending(group: group, values: hashes.values, duration: total, line: record.line, time: record.time,
                                transaction: record.transaction, isExample: isExample)
        order += 1
        state.order = order
        sessions[key] = state
        if sessions.count > Self.sessionLimit { evictIdleSessions() }
    }

    /// A statement seen some other way than in a log (a sample of pg_stat_activity), in its
    /// session's order. `valuesUnknown`: its parameters were not seen, so it counts as different
    /// from every other execution (never a repeat).
    package func observe(statement text: String, session: UInt64, time: Double?, duration: Double?, transaction: UInt64,
                         valuesUnknown: Bool) {
        observedCount += 1
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { view in
            let record = LogRecord(line: observedCount, level: .log, time: time, session: session, transaction: transaction, message: view)
            statement(view, record: record, duration: duration, values: valuesUnknown ? UInt64(observedCount) &* 0x9E37_79B9_7F4A_7C15 : nil)
        }
    }

    /// Names what ``observe(statement:session:time:duration:transaction:valuesUnknown:)`` reads,
    /// for locations (`pg_stat_activity:12`: the twelfth statement seen).
    package func begin(source: String) {
        file = source
        profile.sources.append(source)
    }

    /// Ends every session: call after the last observed statement.
    package func finishAll() {
        for key in Array(sessions.keys) { closeSession(key) }
    }

    /// A group for a statement text: the fingerprint's if known, else a new one; nil when the
    /// text does not parse.
    private func makeGroup(_ text: String, location: SourceLocation) -> (index: Int, isNew: Bool)? {
        do {
            return try profile.group(for: text, location: location)
        } catch {
            profile.unparsedCount += 1
            if profile.unparsed.count < Self.unparsedKept {
                let message: String = switch error {
                case .syntax(let message, _): message
                }
                profile.unparsed.append(UnparsedStatement(location: location, message: message, text: String(text.prefix(200))))
            }
            return nil
        }
    }

    private func attachParameters(_ detail: UnsafeBufferPointer<UInt8>, session key: UInt64) {
        guard var pending = sessions[key]?.pending else { return }
        let parameters = LogBytes.slice(detail, 12..<detail.count)
        pending.values = LogBytes.hash(parameters, seed: pending.values)
        if pending.isExample, profile.groups[pending.group].exampleParameters == nil {
            profile.groups[pending.group].exampleParameters = QueryText.string(parameters)
        }
        sessions[key]?.pending = pending
    }

    // MARK: - Executions

    /// Counts the session's pending statement: its entry is complete.
    private func finish(session key: UInt64) {
        guard let pending = sessions[key]?.pending else { return }
        sessions[key]?.pending = nil
        let location = SourceLocation(file: file, line: pending.line, column: 1)
        profile.groups[pending.group].calls += 1
        if let duration = pending.duration { profile.groups[pending.group].add(duration: duration, at: location) }
        guard var state = sessions.removeValue(forKey: key) else { return }
        observe(pending, in: &state)
        sessions[key] = state
    }

    private func observe(_ execution: Pending, in state: inout SessionState) {
        let analysis = profile.groups[execution.group].analysis
        switch analysis.kind {
        case .begin:
            state.inTransactionBlock = true
        case .end:
            state.inTransactionBlock = false
            state.writes.transactionEnded()
        case .savepoint, .other:
            break
        case .select where !analysis.tables.isEmpty:
            tally(state.loops.read(group: execution.group, values: execution.values, duration: execution.duration, line: execution.line, settings: settings))
            if let count = state.repeats.read(group: execution.group, values: execution.values, settings: settings) {
                tallyRepeat(group: execution.group, count: count, line: execution.line)
            }
            state.writes.otherStatement()
        case .select:
            state.writes.otherStatement()
        case .insert, .update, .delete, .merge:
            tally(state.loops.write(group: execution.group, settings: settings))
            if let pair = state.writes.write(group: execution.group, time: execution.time, transaction: execution.transaction,
                                             inTransactionBlock: state.inTransactionBlock, statementCount: analysis.statementCount, settings: settings) {
                let key = PairKey(first: pair.first, second: pair.second)
                let index = writeIndex[key] ?? {
                    profile.autocommitWrites.append(AutocommitWritePattern(first: pair.first, second: pair.second,
                                                                           location: SourceLocation(file: file, line: execution.line, column: 1)))
                    writeIndex[key] = profile.autocommitWrites.count - 1
                    return profile.autocommitWrites.count - 1
                }()
                profile.autocommitWrites[index].occurrences += 1
            }
        }
    }

    /// An N+1 loop a session's watch reported, added to its (parent, statement) pattern.
    private func tally(_ loop: NPlusOneRule.Loop?) {
        guard let loop, let parent = loop.parent else { return }
        let key = PairKey(first: parent, second: loop.group)
        let index = nPlusOneIndex[key] ?? {
            profile.nPlusOne.append(NPlusOnePattern(group: loop.group, parent: parent, location: SourceLocation(file: file, line: loop.line, column: 1)))
            nPlusOneIndex[key] = profile.nPlusOne.count - 1
            return profile.nPlusOne.count - 1
        }()
        profile.nPlusOne[index].runs += 1
        profile.nPlusOne[index].executions += loop.count
        profile.nPlusOne[index].longestRun = max(profile.nPlusOne[index].longestRun, loop.count)
        profile.nPlusOne[index].time += loop.time
    }

    /// A session asked the same thing `count` times (at least `repeated-min`).
    private func tallyRepeat(group: Int, count: Int, line: Int) {
        let index = repeatedIndex[group] ?? {
            profile.repeated.append(RepeatedQueryPattern(group: group, location: SourceLocation(file: file, line: line, column: 1)))
            repeatedIndex[group] = profile.repeated.count - 1
            return profile.repeated.count - 1
        }()
        if count == settings.repeatedMinimum {
            profile.repeated[index].sessions += 1
            profile.repeated[index].executions += count
        } else {
            profile.repeated[index].executions += 1
        }
        profile.repeated[index].mostInOneSession = max(profile.repeated[index].mostInOneSession, count)
    }

    private func closeSession(_ key: UInt64) {
        finish(session: key)
        guard var state = sessions.removeValue(forKey: key) else { return }
        tally(state.loops.close(settings: settings))
    }

    private func evictIdleSessions() {
        let oldest = sessions.sorted { $0.value.order < $1.value.order }.prefix(Self.sessionLimit / 2).map(\.key)
        for key in oldest { closeSession(key) }
    }
}

/// Which of a log's statements to read.
package struct QueryLogFilter: Sendable, Equatable {
    /// Seconds in the log's own zone (see ``LogBytes/timestamp(_:)``).
    package var since: Double?
    package var until: Double?
    package var database: String?
    package var user: String?

    package init(since: Double? = nil, until: Double? = nil, database: String? = nil, user: String? = nil) {
        self.since = since
        self.until = until
        self.database = database
        self.user = user
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]` as seconds, read like the log's own timestamps
    /// (so in the log's zone); nil when the text is neither.
    package static func time(_ text: String) -> Double? {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.count == 10 { value += " 00:00:00" }
        if value.count == 16 { value += ":00" }
        guard value.count >= 19 else { return nil }
        return Array(value.utf8).withUnsafeBufferPointer { LogBytes.timestamp($0) }
    }

    func accepts(_ record: LogRecord) -> Bool {
        if let since, let time = record.time, time < since { return false }
        if let until, let time = record.time, time > until { return false }
        if let database, let value = record.database, !value.elementsEqual(database.utf8) { return false }
        if let user, let value = record.user, !value.elementsEqual(user.utf8) { return false }
        return true
    }
}
