/// ADD PRIMARY KEY builds its index (and may check NOT NULL) under ACCESS EXCLUSIVE.
struct AddPrimaryKeyRule: MigrationRule {
    static let description = RuleDescription(
        id: "add-primary-key", severity: .error, category: .migration,
        summary: "ADD PRIMARY KEY on an existing table without USING INDEX",
        rationale: "ADD PRIMARY KEY builds a unique index (and checks the columns for NULLs) while holding ACCESS EXCLUSIVE. Build the unique index CONCURRENTLY, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX.",
        triggeringExamples: [RuleExample("ALTER TABLE events ADD ↓PRIMARY KEY (id);", setup: "CREATE TABLE events (id bigint NOT NULL, name text);")],
        nonTriggeringExamples: [
            RuleExample("ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx;", setup: "CREATE TABLE events (id bigint NOT NULL); CREATE UNIQUE INDEX events_id_idx ON events (id);"),
            "CREATE TABLE events (id bigint NOT NULL);\nALTER TABLE events ADD PRIMARY KEY (id);",
        ])

    func check(_ context: borrowing MigrationStatement) -> [Finding] {
        context.addedConstraints.compactMap { table, constraint -> Finding? in
            guard case .primaryKey = constraint.kind, constraint.usingIndex == nil else { return nil }
            return AddUniqueConstraintRule.usingIndexFinding(Self.description, table: table, constraint: constraint, kind: "PRIMARY KEY",
                                                         label: "pkey", fact: LockFacts.addPrimaryKey, at: constraint.location)
        }
    }
}
