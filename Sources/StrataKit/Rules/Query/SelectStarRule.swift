import Foundation

/// `SELECT *` in what the application sends.
struct SelectStarRule: QueryRule {
    static let description = RuleDescription(
        id: "select-star", severity: .warning, category: .query,
        summary: "The application selects * from a table",
        rationale: "`*` reads and sends every column, including the large ones the code never uses, keeps index-only scans from serving the query, and changes what the application receives whenever a column is added. Naming the columns says what the code depends on.",
        howToFix: "List the columns the code reads.",
        triggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                ↓SELECT * FROM orders WHERE customer_id = 42 LIMIT 20
                """), setup: "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric(12,2));"),
            RuleExample(QueryExampleLog.stderr("""
                ↓SELECT o.*, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = 5
                """)),
        ],
        nonTriggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                SELECT id, total FROM orders WHERE customer_id = 42 LIMIT 20
                SELECT count(*) FROM orders
                SELECT EXISTS (SELECT * FROM orders WHERE customer_id = 42)
                """)),
        ])

    func check(_ context: QueryContext) -> [Finding] {
        context.profile.groups.compactMap { group -> Finding? in
            let tables = group.analysis.starTables.filter { !context.isSystem($0) }
            guard group.analysis.kind == .select, let first = tables.first else { return nil }
            let names = tables.map(\.description).joined(separator: ", ")
            var message = "`\(context.brief(group))` selects * from \(names)"
            if group.calls > 1 { message += " (\(QueryContext.count(group.calls)) calls)" }
            var fix: String?
            if tables.count == 1, let columns = context.columns(of: first) {
                message += "; name the columns the code reads of \(columns.joined(separator: ", "))"
                fix = Self.named(group.normalized, columns: columns)
            } else {
                message += "; name the columns the code reads"
            }
            return Self.description.finding(message, at: group.location, object: first.description, fix: fix)
        }
    }

    /// `SELECT * FROM t ...` with the columns written out (only for that plain form).
    static func named(_ query: String, columns: [String]) -> String? {
        guard let expression = try? NSRegularExpression(pattern: "^\\s*SELECT\\s+\\*\\s+FROM\\s", options: [.caseInsensitive]) else { return nil }
        let text = QueryContext.withoutTerminator(query)
        guard let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range, in: text) else { return nil }
        let list = columns.map(quoteIdentifierIfNeeded).joined(separator: ", ")
        return text.replacingCharacters(in: range, with: "SELECT \(list) FROM ") + ";"
    }
}
