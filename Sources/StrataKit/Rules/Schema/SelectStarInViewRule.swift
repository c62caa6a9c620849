/// Views freeze `*` at creation time.
struct SelectStarInViewRule: SchemaRule {
    static let description = RuleDescription(
        id: "select-star-in-view", severity: .warning,
        summary: "View selects *",
        rationale: "PostgreSQL expands * when the view is created: columns added to the table later do not appear, dropping a column the view captured fails, and readers cannot see what the view promises. List the columns.",
        triggeringExamples: ["CREATE TABLE users (id bigint PRIMARY KEY, name text); ↓CREATE VIEW active_users AS SELECT * FROM users;"],
        nonTriggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, name text); CREATE VIEW active_users AS SELECT id, name FROM users;",
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE VIEW user_count AS SELECT count(*) AS n FROM users;",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.schema.views.values.sorted { $0.name < $1.name }.filter(\.selectsStar).map { view in
            Self.description.finding(
                "\(view.isMaterialized ? "materialized view" : "view") \(view.name) selects *; list the columns it exposes",
                at: view.location, object: "\(view.name.schema).\(view.name.name)")
        }
    }
}
