/// A function declared IMMUTABLE whose result depends on settings, time or data.
struct MisdeclaredImmutableFunctionRule: SchemaRule {
    static let description = RuleDescription(
        id: "misdeclared-immutable-function", severity: .warning,
        summary: "A function declared IMMUTABLE depends on the time zone, the clock, a setting or a table",
        rationale: "PostgreSQL trusts IMMUTABLE: an index or a generated column stores the function's result once, and a query is answered from it. A text-to-timestamptz cast or to_char of a timestamptz depends on the session's TimeZone, now() on the clock, a SELECT on data: the stored result then goes stale or differs by session, so the index returns wrong rows, silently. A warning where an index or generated column uses the function, info elsewhere.",
        howToFix: "Make the function really immutable (give the zone explicitly: `AT TIME ZONE 'UTC'`, `timezone('UTC', ...)`), or declare it STABLE and stop using it in indexes and generated columns; then REINDEX the indexes that used it.",
        triggeringExamples: [
            "↓CREATE FUNCTION day_of(t text) RETURNS date LANGUAGE sql IMMUTABLE AS $$ SELECT t::timestamptz::date $$; CREATE TABLE events (id bigint PRIMARY KEY, at text); CREATE INDEX events_day ON events (day_of(at));",
        ],
        nonTriggeringExamples: [
            "CREATE FUNCTION day_of(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$ SELECT (t AT TIME ZONE 'UTC')::date $$;",
            "CREATE FUNCTION label(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;",
        ])

    /// Pieces of a body whose value depends on more than the arguments.
    static let dependencies: [(pattern: String, what: String)] = [
        ("::timestamptz", "a cast to timestamptz (depends on TimeZone)"),
        ("::timestamp with time zone", "a cast to timestamptz (depends on TimeZone)"),
        ("now()", "now()"), ("current_timestamp", "current_timestamp"), ("current_date", "current_date"),
        ("clock_timestamp(", "clock_timestamp()"), ("localtimestamp", "localtimestamp"), ("random(", "random()"),
        ("nextval(", "nextval()"), ("current_setting(", "current_setting()"), ("to_char(", "to_char (depends on settings)"),
        ("current_user", "current_user"), ("session_user", "session_user"),
    ]

    static func dependency(of body: String) -> String? {
        let text = body.lowercased()
        if let found = dependencies.first(where: { text.contains($0.pattern) }) { return found.what }
        // A SELECT that reads a table: FROM followed by something other than a function call.
        if let range = text.range(of: #"\bfrom\s+[a-z_"][a-z0-9_."]*\s*($|[^(a-z0-9_."])"#, options: .regularExpression),
           !text[range].contains("from generate_series") { return "a read of a table" }
        return nil
    }

    func check(_ context: ReviewContext) -> [Finding] {
        let users: [String: [String]] = context.tables.reduce(into: [:]) { uses, table in
            for index in context.indexes(on: table) {
                for name in index.keys.compactMap(\.expression).flatMap(\.functionNames) + (index.predicate?.functionNames ?? []) {
                    uses[name.lowercased(), default: []].append("index \(index.name.name)")
                }
            }
            for column in table.columns {
                for name in column.generated?.functionNames ?? [] { uses[name.lowercased(), default: []].append("generated column \(table.name).\(column.name)") }
            }
        }
        return context.schema.functions.values.sorted { $0.name.description < $1.name.description }.compactMap { function -> Finding? in
            guard function.volatility == .immutable, let body = function.body, let dependency = Self.dependency(of: body) else { return nil }
            let usedBy = users[function.name.name.lowercased()] ?? []
            var finding = Self.description.finding(
                "function \(function.name) is declared IMMUTABLE but uses \(dependency)"
                    + (usedBy.isEmpty ? "" : "; \(SchemaFacts.listed(usedBy, limit: 4)) store\(usedBy.count == 1 ? "s" : "") its result, which can go stale"),
                at: function.location, object: function.name.description)
            if usedBy.isEmpty { finding.severity = .info }
            return finding
        }
    }
}
