import Foundation

/// One query per row of a previous query: the loop an ORM's lazy loading writes.
struct NPlusOneRule: QueryRule {
    static let readsSessionOrder = true
    static let description = RuleDescription(
        id: "n-plus-one", severity: .warning, category: .query,
        summary: "The same SELECT runs once per row of the statement before it (N+1)",
        rationale: "Each round trip costs a network hop, a parse and a plan, so N small queries take far longer than one that fetches the N rows at once, and the cost grows with the data. Found as Sentry's detector defines it: in one session, at least `n-plus-one-min` (5) consecutive executions of one statement with different parameters, right after a different statement.",
        howToFix: "Fetch the children of all parent rows in one query: `WHERE parent_id = ANY($1)` with the parents' keys as an array, or a JOIN with the parent query; in an ORM, eager loading (`includes`, `select_related`, `include`).",
        triggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                SELECT id, title FROM posts WHERE author_id = 7
                ↓SELECT id, body FROM comments WHERE post_id = 1
                SELECT id, body FROM comments WHERE post_id = 2
                SELECT id, body FROM comments WHERE post_id = 3
                SELECT id, body FROM comments WHERE post_id = 4
                SELECT id, body FROM comments WHERE post_id = 5
                SELECT id, body FROM comments WHERE post_id = 6
                """), setup: "CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint, title text); CREATE TABLE comments (id bigint PRIMARY KEY, post_id bigint REFERENCES posts, body text);"),
        ],
        nonTriggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                SELECT id, title FROM posts WHERE author_id = 7
                SELECT id, post_id, body FROM comments WHERE post_id = ANY('{1,2,3,4,5,6}')
                """)),
            // Four are not a loop worth a finding.
            RuleExample(QueryExampleLog.stderr("""
                SELECT id, title FROM posts WHERE author_id = 7
                SELECT id, body FROM comments WHERE post_id = 1
                SELECT id, body FROM comments WHERE post_id = 2
                SELECT id, body FROM comments WHERE post_id = 3
                SELECT id, body FROM comments WHERE post_id = 4
                """)),
            // The same parameters each time is a repeated query, not N+1; other sessions do not count.
            RuleExample(QueryExampleLog.stderr("""
                SELECT id, title FROM posts WHERE author_id = 7
                SELECT id, body FROM comments WHERE post_id = 1
                #2 SELECT id, body FROM comments WHERE post_id = 2
                #3 SELECT id, body FROM comments WHERE post_id = 3
                #4 SELECT id, body FROM comments WHERE post_id = 4
                #5 SELECT id, body FROM comments WHERE post_id = 5
                #6 SELECT id, body FROM comments WHERE post_id = 6
                """)),
        ])

    func check(_ context: QueryContext) -> [Finding] {
        context.profile.nPlusOne.sorted { $0.time > $1.time }.map { pattern in
            let child = context.profile.groups[pattern.group], parent = context.profile.groups[pattern.parent]
            let runs = pattern.runs == 1 ? "once" : "\(QueryContext.count(pattern.runs)) times"
            let message = "N+1: `\(context.brief(child))` ran \(QueryContext.count(pattern.executions)) times in loops of up to \(pattern.longestRun), right after `\(context.brief(parent, limit: 60))` (\(runs), \(QueryContext.milliseconds(pattern.time)) in all); fetch the rows for all parents in one query"
            return Self.description.finding(message, at: pattern.location, object: context.userTables(child.analysis).first?.description,
                                            fix: Self.batched(child))
        }
    }

    /// The child query with its equality on a parameter turned into `= ANY($n)`: one query for
    /// every parent key at once.
    static func batched(_ group: QueryGroup) -> String? {
        guard let predicate = group.analysis.predicates.first(where: { $0.kind == .equality && $0.column != nil && ($0.constant?.hasPrefix("$") ?? false) }),
              let column = predicate.column, let parameter = predicate.constant else { return nil }
        let qualifier = predicate.qualifier.map { NSRegularExpression.escapedPattern(for: $0) + "\\s*\\.\\s*" } ?? "(?:[A-Za-z_][A-Za-z_0-9]*\\s*\\.\\s*)?"
        let pattern = "(\(qualifier)\"?\(NSRegularExpression.escapedPattern(for: column))\"?)\\s*=\\s*\(NSRegularExpression.escapedPattern(for: parameter))(?![0-9])"
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return nil }
        let text = QueryContext.withoutTerminator(group.normalized)
        let range = NSRange(text.startIndex..., in: text)
        guard let match = expression.firstMatch(in: text, range: range), let whole = Range(match.range, in: text),
              let left = Range(match.range(at: 1), in: text) else { return nil }
        var rewritten = text.replacingCharacters(in: whole, with: "\(text[left]) = ANY(\(parameter))")
        // Each row must say which parent it belongs to: the key goes into the select list.
        let key = String(text[left])
        if let select = rewritten.range(of: #"^\s*SELECT\s+(DISTINCT\s+)?"#, options: [.regularExpression, .caseInsensitive]),
           let from = rewritten.range(of: #"\sFROM\s"#, options: [.regularExpression, .caseInsensitive], range: select.upperBound..<rewritten.endIndex) {
            let list = rewritten[select.upperBound..<from.lowerBound]
            let bare = column.lowercased()
            let listed = list.trimmingCharacters(in: .whitespaces) == "*"
                || list.split(separator: ",").contains { item in
                    let word = item.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "\"", with: "")
                    return word == bare || word.hasSuffix("." + bare) || word.hasSuffix(".*")
                }
            if !listed { rewritten.insert(contentsOf: key + ", ", at: select.upperBound) }
        }
        return "-- one query for all parent rows; \(parameter) is the array of their \(column) values, each row names its parent\n\(rewritten);"
    }
}

extension NPlusOneRule {
    /// A run of one statement, executed again and again in one session.
    struct Loop: Sendable {
        var group: Int
        /// The different statement right before the run: the query whose rows the loop walks.
        var parent: Int?
        var count: Int
        var time: Double
        var values: UInt64
        /// Some execution had other parameters than the first.
        var varied: Bool
        var line: Int
    }

    /// The definition of an N+1, applied to one session's statements in order as the log is
    /// read: at least `n-plus-one-min` consecutive executions of one SELECT, not all with the same
    /// parameters, right after a different statement. `QueryCollector` keeps one watch per
    /// session and tallies the loops it reports.
    struct Watch: Sendable {
        private var run: Loop?
        private var previousGroup: Int?

        /// A SELECT on tables ran: the loop it ends, when that loop is an N+1.
        mutating func read(group: Int, values: UInt64, duration: Double?, line: Int, settings: QuerySettings) -> Loop? {
            defer { previousGroup = group }
            if var current = run, current.group == group {
                current.count += 1
                current.time += duration ?? 0
                if current.values != values { current.varied = true }
                run = current
                return nil
            }
            let ended = close(settings: settings)
            run = Loop(group: group, parent: previousGroup, count: 1, time: duration ?? 0, values: values, varied: false, line: line)
            return ended
        }

        /// A write ran: it ends a loop, and is the parent of the next one.
        mutating func write(group: Int, settings: QuerySettings) -> Loop? {
            defer { previousGroup = group }
            return close(settings: settings)
        }

        /// The session ended (or the log did): the loop still open, when it is an N+1.
        mutating func close(settings: QuerySettings) -> Loop? {
            guard let loop = run else { return nil }
            run = nil
            guard loop.count >= settings.nPlusOneMinimumRun, loop.varied, let parent = loop.parent, parent != loop.group else { return nil }
            return loop
        }
    }
}
