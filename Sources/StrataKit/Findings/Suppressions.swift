/// `-- strata:ignore rule-id[, rule-id] reason` on or just above a statement, and
/// `-- strata:ignore-file rule-id` anywhere in a file.
package struct Suppressions: Sendable {
    struct Scope: Sendable {
        var file: String
        var lines: ClosedRange<Int>
        var rules: Set<String>
    }

    private var scopes: [Scope] = []
    /// Ignores that name rules Strata does not have: reported, so typos do not silently ignore nothing.
    package private(set) var unknownRuleFindings: [Finding] = []

    package init(files: [ParsedFile], knownRules: Set<String>) {
        for file in files { collect(file, knownRules: knownRules) }
    }

    /// `// strata:ignore rule-id reason` in a `.prisma` file: on a field's line, or alone on the
    /// line above a field, model or block attribute; `// strata:ignore-file rule-id` anywhere.
    package mutating func collectPrisma(path: String, text: String, knownRules: Set<String>) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            guard let range = line.range(of: "// strata:ignore") else { continue }
            var body = line[range.upperBound...]
            let isFileWide = body.hasPrefix("-file")
            if isFileWide { body = body.dropFirst("-file".count) }
            let rules = ruleList(String(body))
            let location = SourceLocation(file: path, line: index + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            for rule in rules where !knownRules.contains(rule) {
                unknownRuleFindings.append(EngineRules.unknownSuppression.finding(
                    "`strata:ignore` names unknown rule '\(rule)'; it suppresses nothing (see `strata rules`)", at: location))
            }
            let standsAlone = line[..<range.lowerBound].allSatisfy(\.isWhitespace)
            let covered = isFileWide ? 1...max(1, lines.count) : standsAlone ? (index + 1)...(index + 2) : (index + 1)...(index + 1)
            scopes.append(Scope(file: path, lines: covered, rules: Set(rules)))
        }
    }

    private mutating func collect(_ file: ParsedFile, knownRules: Set<String>) {
        for comment in file.comments {
            var body = comment.text.dropFirst(2).drop { $0 == " " || $0 == "\t" }
            let isFileWide: Bool
            if body.hasPrefix("strata:ignore-file") {
                isFileWide = true
                body = body.dropFirst("strata:ignore-file".count)
            } else if body.hasPrefix("strata:ignore") {
                isFileWide = false
                body = body.dropFirst("strata:ignore".count)
            } else {
                continue
            }
            let rules = ruleList(String(body))
            let location = file.source.location(at: comment.range.lowerBound)
            for rule in rules where !knownRules.contains(rule) {
                unknownRuleFindings.append(EngineRules.unknownSuppression.finding(
                    "`strata:ignore` names unknown rule '\(rule)'; it suppresses nothing (see `strata rules`)", at: location))
            }
            let lines: ClosedRange<Int>
            if isFileWide {
                lines = 1...max(1, file.source.lineCount)
            } else if let statement = statement(coveringCommentAt: comment.range.lowerBound, in: file) {
                lines = statement.location.line...statement.endLine
            } else {
                continue
            }
            scopes.append(Scope(file: file.source.path, lines: lines, rules: Set(rules)))
        }
    }

    /// Rule ids are the leading comma-separated words; the rest of the comment is the reason.
    private func ruleList(_ text: String) -> [String] {
        var rules: [String] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "," }
            let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            guard !word.isEmpty else { break }
            rules.append(String(word))
            rest = rest.dropFirst(word.count)
            let separator = rest.prefix { $0 == " " || $0 == "\t" }
            if rest.dropFirst(separator.count).first != "," { break }
        }
        return rules
    }

    /// The statement the comment sits in, or the one that starts next with nothing but comments between.
    private func statement(coveringCommentAt offset: Int, in file: ParsedFile) -> ParsedStatement? {
        if let inside = file.statements.first(where: { $0.range.contains(offset) }) { return inside }
        guard let next = file.statements.first(where: { $0.range.lowerBound > offset }) else { return nil }
        let commentLine = file.source.line(at: offset)
        let previousEnd = file.statements.last(where: { $0.range.upperBound <= offset })?.range.upperBound ?? 0
        // On the same line as the end of the previous statement: it belongs to that one.
        if previousEnd > 0, file.source.line(at: previousEnd - 1) == commentLine,
           let previous = file.statements.last(where: { $0.range.upperBound <= offset }) {
            return previous
        }
        return next
    }

    package func isSuppressed(_ finding: Finding) -> Bool {
        guard let location = finding.location else { return false }
        return scopes.contains { scope in
            scope.file == location.file && scope.lines.contains(location.line) && scope.rules.contains(finding.rule)
        }
    }
}
