/// The same read, with the same constants, again and again in one session.
struct RepeatedIdenticalQueryRule: QueryRule {
    static let readsSessionOrder = true
    static let description = RuleDescription(
        id: "repeated-identical-query", severity: .info, category: .query,
        summary: "A session runs the same SELECT with the same parameters many times",
        rationale: "Asking the database the same question `repeated-min` (10) or more times in one session is work done for nothing: the answer was already in the application's hands. It is a cache or a hoisting opportunity (a lookup inside a loop that belongs before it).",
        howToFix: "Keep the result for the request (a memoized lookup, the ORM's identity map), or move the query out of the loop.",
        triggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                SELECT id, rate FROM currencies WHERE code = 'EUR'
                SELECT id, rate FROM currencies WHERE code = 'EUR'
                SELECT id, rate FROM currencies WHERE code = 'EUR'
                SELECT id, rate FROM currencies WHERE code = 'EUR'
                SELECT id, rate FROM currencies WHERE code = 'EUR'
                SELECT id, rate FROM currencies WHERE code = 'EUR'
                SELECT id, rate FROM currencies WHERE code = 'EUR'
                SELECT id, rate FROM currencies WHERE code = 'EUR'
                SELECT id, rate FROM currencies WHERE code = 'EUR'
                ↓SELECT id, rate FROM currencies WHERE code = 'EUR'
                """)),
        ],
        nonTriggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                SELECT id, rate FROM currencies WHERE code = 'EUR'
                SELECT id, rate FROM currencies WHERE code = 'USD'
                SELECT id, rate FROM currencies WHERE code = 'GBP'
                SELECT 1
                SELECT 1
                SELECT 1
                SELECT 1
                SELECT 1
                SELECT 1
                SELECT 1
                SELECT 1
                SELECT 1
                SELECT 1
                """)),
        ])

    func check(_ context: QueryContext) -> [Finding] {
        context.profile.repeated.sorted { $0.executions > $1.executions }.map { pattern in
            let group = context.profile.groups[pattern.group]
            let sessions = pattern.sessions == 1 ? "one session" : "\(QueryContext.count(pattern.sessions)) sessions"
            let message = "`\(context.brief(group))` asked the same thing up to \(QueryContext.count(pattern.mostInOneSession)) times in one session (\(QueryContext.count(pattern.executions)) executions in \(sessions); here a session reached \(context.settings.repeatedMinimum)); keep the result instead of asking again"
            return Self.description.finding(message, at: pattern.location, object: context.userTables(group.analysis).first?.description)
        }
    }
}

extension RepeatedIdenticalQueryRule {
    /// The definition of a repeated read, applied to one session's SELECTs as the log is read: the
    /// same statement with the same constants, `repeated-min` times or more. `QueryCollector`
    /// keeps one counter per session.
    struct Counter: Sendable {
        /// Distinct (statement, constants) pairs remembered per session: memory stays bounded on
        /// sessions that never repeat anything.
        static let limit = 4_096

        private var repeats: [UInt64: Int] = [:]

        /// A SELECT ran: how many times this session has now asked exactly this, once that
        /// reaches `repeated-min`; nil before.
        mutating func read(group: Int, values: UInt64, settings: QuerySettings) -> Int? {
            let key = values &+ UInt64(group) &* 0x9E37_79B9_7F4A_7C15
            if repeats.count >= Self.limit, repeats[key] == nil { repeats.removeAll(keepingCapacity: true) }
            let count = repeats[key, default: 0] + 1
            repeats[key] = count
            return count >= settings.repeatedMinimum ? count : nil
        }
    }
}
