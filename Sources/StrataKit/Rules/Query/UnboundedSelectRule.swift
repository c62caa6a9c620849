/// A SELECT whose result grows with its table.
struct UnboundedSelectRule: QueryRule {
    static let description = RuleDescription(
        id: "unbounded-select", severity: .warning, category: .query,
        summary: "A SELECT has no LIMIT and no equality on a unique key",
        rationale: "Without a LIMIT or a unique key, the query returns every matching row: fast while the table is small, then slower, heavier on memory and on the network as it grows, until a page times out. Tables that cannot grow (lookup tables) are listed in `[queries] bounded-tables`.",
        howToFix: "Add a LIMIT and page with a keyset (`WHERE id > $last ORDER BY id LIMIT 50`), or look rows up by a unique key.",
        triggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                ↓SELECT id, total FROM orders WHERE status = 'open'
                """), setup: "CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL, total numeric(12,2));"),
        ],
        nonTriggeringExamples: [
            RuleExample(QueryExampleLog.stderr("""
                SELECT id, total FROM orders WHERE status = 'open' ORDER BY id LIMIT 50
                SELECT id, total FROM orders WHERE id = 5
                SELECT count(*) FROM orders WHERE status = 'open'
                SELECT code, name FROM countries
                """), configuration: {
                    var configuration = Configuration()
                    configuration.queries.boundedTables = ["countries"]
                    return configuration
                }(), setup: "CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL, total numeric(12,2)); CREATE TABLE countries (code text PRIMARY KEY, name text);"),
        ])

    func check(_ context: QueryContext) -> [Finding] {
        context.profile.groups.compactMap { group -> Finding? in
            let analysis = group.analysis
            let tables = context.userTables(analysis)
            guard !tables.isEmpty, tables.count == analysis.tables.count, context.isUnbounded(analysis),
                  let growing = tables.first(where: context.canGrow) else { return nil }
            var message = "`\(context.brief(group))` has no LIMIT and no equality on a unique key of \(growing): it returns every matching row however large \(growing.name) grows"
            if group.calls > 1 { message += " (\(QueryContext.count(group.calls)) calls)" }
            message += "; add a LIMIT with keyset pagination"
            let text = QueryContext.withoutTerminator(group.normalized)
            let locks = text.range(of: #"\bFOR\s+(UPDATE|SHARE|NO\s+KEY|KEY)"#, options: [.regularExpression, .caseInsensitive]) != nil
            return Self.description.finding(message, at: group.location, object: growing.description, fix: locks ? nil : text + " LIMIT 100;")
        }
    }
}
