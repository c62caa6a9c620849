/// Tables carry `created_at` and `updated_at` (names configurable).
struct MissingTimestampsRule: SchemaRule {
    static let description = RuleDescription(
        id: "missing-timestamps", severity: .warning,
        summary: "Table lacks created_at / updated_at columns",
        rationale: "When a row appeared and last changed is the first question of every incident, audit and data fix. Adding the columns later leaves history blank for every existing row.",
        triggeringExamples: [
            "↓CREATE TABLE notes (id bigint PRIMARY KEY, body text);",
            "↓CREATE TABLE notes (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE notes (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        let created = context.configuration.createdAtColumn, updated = context.configuration.updatedAtColumn
        return context.tables.compactMap { table -> Finding? in
            guard SchemaFacts.ownsStructure(table) else { return nil }
            let missing = [created, updated].filter { table.column(named: $0) == nil }
            guard !missing.isEmpty else { return nil }
            return Self.description.finding(
                "table \(table.name) has no \(missing.joined(separator: " or ")) column",
                at: table.location, object: context.object(table),
                fix: (missing.map { "ALTER TABLE \(table.name.sql) ADD COLUMN \(quoteIdentifierIfNeeded($0)) timestamptz NOT NULL DEFAULT now();" }
                      + (missing.contains(updated) ? [UpdatedAtWithoutTriggerRule.triggerSQL(table: table.name, column: updated)] : []))
                    .joined(separator: "\n"))
        }
    }
}
