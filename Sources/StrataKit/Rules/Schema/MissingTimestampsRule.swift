/// Tables carry `created_at` and `updated_at` (names configurable).
struct MissingTimestampsRule: SchemaRule {
    static let description = RuleDescription(
        id: "missing-timestamps", severity: .warning,
        summary: "Table lacks created_at / updated_at columns",
        rationale: "When a row appeared and last changed is the first question of every incident, audit and data fix. Adding the columns later leaves history blank for every existing row.",
        triggeringExamples: [
            "↓CREATE TABLE notes (id bigint PRIMARY KEY, body text);",
            "↓CREATE TABLE notes (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());",
            // Other tables keep a modification time: this one's rows may be written once (info).
            "CREATE TABLE docs (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz); ↓CREATE TABLE attachments (id bigint PRIMARY KEY, created_at timestamptz NOT NULL);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE notes (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());",
            // The same facts under other names: adding created_at would duplicate them.
            "CREATE TABLE notes (id bigint PRIMARY KEY, created timestamp, lastupdated timestamp);",
            "CREATE TABLE hosts (id bigint PRIMARY KEY, creation_ts integer NOT NULL, modification_ts integer NOT NULL);",
            "CREATE TABLE cache_messages (user_id bigint, uid bigint, data text, PRIMARY KEY (user_id, uid));",
            // A join table's rows are inserted and deleted, never updated.
            "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz); CREATE TABLE roles (id bigint PRIMARY KEY, name text, created_at timestamptz, updated_at timestamptz); CREATE TABLE user_roles (user_id bigint REFERENCES users, role_id bigint REFERENCES roles, PRIMARY KEY (user_id, role_id));",
        ])

    /// Column-name words that already record when a row appeared, or last changed.
    static let creationWords = ["creat", "insert", "added", "cdate", "born"]
    static let modificationWords = ["updat", "modif", "changed", "mdate", "edited", "touched"]

    /// A column that records the same fact under another name: a timestamp, date or epoch integer
    /// whose name says creation (or modification).
    static func hasSynonym(_ table: TableInfo, words: [String]) -> Bool {
        table.columns.contains { column in
            let name = column.name.lowercased()
            let timeLike = SchemaFacts.isTimestamp(column) || ["integer", "bigint", "numeric"].contains(column.type)
            return timeLike && words.contains { name.contains($0) }
        }
    }

    /// Sessions and caches hold rows that are recreated rather than kept: their history is not asked for.
    static func isTransient(_ table: TableInfo) -> Bool {
        let words = table.name.name.lowercased().split(separator: "_").map(String.init)
        return words.contains { $0.hasPrefix("cache") || ["session", "sessions", "tmp", "temp"].contains($0) }
    }

    /// A join table: its primary key is made of its foreign key columns.
    static func isJoinTable(_ table: TableInfo) -> Bool {
        guard let key = table.primaryKey, key.columns.count >= 2 else { return false }
        let referencing = Set(table.foreignKeys.flatMap(\.columns))
        return key.columns.allSatisfy { referencing.contains($0) }
    }

    /// Tables missing both columns, at least this many and this share of all, are one convention.
    static let conventionCount = 10
    static let conventionShare = 0.75

    func check(_ context: ReviewContext) -> [Finding] {
        let created = context.configuration.createdAtColumn, updated = context.configuration.updatedAtColumn
        let judged = context.tables.filter { SchemaFacts.ownsStructure($0) && !Self.isJoinTable($0) && !Self.isTransient($0) }
        let missingBoth = judged.filter { table in
            table.column(named: created) == nil && table.column(named: updated) == nil
                && !Self.hasSynonym(table, words: Self.creationWords) && !Self.hasSynonym(table, words: Self.modificationWords)
        }
        // A schema that keeps no timestamps anywhere has a convention, not many omissions: one finding.
        if missingBoth.count >= Self.conventionCount, Double(missingBoth.count) >= Self.conventionShare * Double(judged.count) {
            return [Self.description.finding(
                "\(missingBoth.count) of \(judged.count) tables have neither \(created) nor \(updated) (\(SchemaFacts.listed(missingBoth.map(\.name.description)))): the schema records no row history; adopt the columns (with the \(updated) trigger) as a convention",
                at: missingBoth[0].location, object: context.object(missingBoth[0]))]
        }
        let keepsModification = { (table: TableInfo) in
            table.column(named: updated) != nil || Self.hasSynonym(table, words: Self.modificationWords)
        }
        // Where other tables keep a modification time, one that keeps only its creation time was
        // most likely written once on purpose (attachments, transactions, events).
        let schemaKeepsModification = judged.contains(where: keepsModification)
        return judged.compactMap { table -> Finding? in
            var missing: [String] = []
            if table.column(named: created) == nil, !Self.hasSynonym(table, words: Self.creationWords) { missing.append(created) }
            if !keepsModification(table) { missing.append(updated) }
            guard !missing.isEmpty else { return nil }
            let writtenOnce = missing == [updated] && schemaKeepsModification
            var finding = Self.description.finding(
                "table \(table.name) has no \(missing.joined(separator: " or ")) column"
                    + (writtenOnce ? " while other tables keep one: if its rows are never updated none is needed" : ""),
                at: table.location, object: context.object(table),
                fix: (missing.map { "ALTER TABLE \(table.name.sql) ADD COLUMN \(quoteIdentifierIfNeeded($0)) timestamptz NOT NULL DEFAULT now();" }
                      + (missing.contains(updated) ? [UpdatedAtWithoutTriggerRule.triggerSQL(table: table.name, column: updated)] : []))
                    .joined(separator: "\n"))
            if writtenOnce { finding.severity = .info }
            return finding
        }
    }
}
