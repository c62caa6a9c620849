/// Tables carry `created_at` and `updated_at` (names configurable).
struct MissingTimestampsRule: SchemaRule {
    static let description = RuleDescription(
        id: "missing-timestamps", severity: .warning,
        summary: "An entity table records no time at all, while the schema keeps created_at / updated_at elsewhere",
        rationale: "When a row appeared and last changed is the first question of every incident, audit and data fix, and adding the columns later leaves history blank for every existing row. Not flagged: a table that records time under its own names (`published_at`, `ctime`/`mtime`, `*_ts`, `expire`, `started`/`ended`, any timestamp or date column, an epoch integer named as a moment), and tables whose role needs none: lookups (a small referenced list the schema script fills, or named `*_type`, `*_status`), join tables, version markers, single-row settings (`CHECK (id = 1)`), ephemeral tables (sessions, caches, locks, queues, unlogged), tables the schema script fills, key/value settings, composite-key rows (links, details identified by their parents) and tables of three columns or fewer. A warning only where at least two other tables keep the convention, named as they name it (`t_created`/`t_updated` if that is the schema's way); elsewhere info, and a schema that keeps no timestamps anywhere gets one info finding for the convention, not one per table.",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, name text); CREATE TABLE posts (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, body text); ↓CREATE TABLE notes (id bigint PRIMARY KEY, body text, title text, author text);",
            // No convention in the schema: info.
            "↓CREATE TABLE notes (id bigint PRIMARY KEY, body text, title text, author text);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE notes (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());",
            // The same facts under other names: adding created_at would duplicate them.
            "CREATE TABLE notes (id bigint PRIMARY KEY, created timestamp, lastupdated timestamp);",
            "CREATE TABLE hosts (id bigint PRIMARY KEY, creation_ts integer NOT NULL, modification_ts integer NOT NULL);",
            "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz); CREATE TABLE posts (id bigint PRIMARY KEY, body text, published_at timestamptz);",
            "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz); CREATE TABLE files (id bigint PRIMARY KEY, ctime integer, mtime integer);",
            "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz); CREATE TABLE jobs (id bigint PRIMARY KEY, started timestamp, ended timestamp);",
            "CREATE TABLE cache_messages (user_id bigint, uid bigint, data text, PRIMARY KEY (user_id, uid));",
            // A join table's rows are inserted and deleted, never updated.
            "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz); CREATE TABLE roles (id bigint PRIMARY KEY, name text, created_at timestamptz, updated_at timestamptz); CREATE TABLE user_roles (user_id bigint REFERENCES users, role_id bigint REFERENCES roles, PRIMARY KEY (user_id, role_id));",
            // A lookup the script fills, a version marker, a single-row settings table, an ephemeral table.
            "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz, role_id int REFERENCES roles); CREATE TABLE roles (id int PRIMARY KEY, name text NOT NULL); INSERT INTO roles VALUES (1, 'admin'), (2, 'user');",
            "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz); CREATE TABLE schema_version (version integer NOT NULL);",
            "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz); CREATE TABLE settings (id int PRIMARY KEY CHECK (id = 1), theme text);",
            "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz); CREATE TABLE job_locks (name text PRIMARY KEY, owner text);",
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

    /// Name words that say "a moment" for an integer or text column.
    static let momentWords: Set<String> = ["time", "date", "ts", "timestamp", "stamp", "started", "ended", "expire", "expires", "expiry",
                                           "published", "ctime", "mtime", "atime", "when", "clock"]

    /// The table keeps some point in time, under whatever name: a timestamp or date column, or an
    /// integer named as a moment (`clock`, `expire`, `modification_ts`).
    static func recordsTime(_ table: TableInfo) -> Bool {
        table.columns.contains { column in
            if SchemaFacts.isTimestamp(column) { return true }
            guard SchemaFacts.isInteger(column) || column.type == "numeric" else { return false }
            let words = TableRole.nameWords(column.name)
            return EpochIntegerTimestampRule.namesInstant(column.name) || words.contains(where: momentWords.contains)
                || column.name.lowercased().hasSuffix("_at") || column.name.lowercased().hasSuffix("_on")
        }
    }

    /// Tables missing both columns, at least this many and this share of all, are one convention.
    static let conventionCount = 10
    static let conventionShare = 0.75

    /// The creation and modification columns of a table that keeps both, under the configured
    /// names or the schema's own (`t_created`, `t_updated`).
    static func timeColumns(_ table: TableInfo, created: String, updated: String) -> (created: String, updated: String)? {
        func find(_ exact: String, _ words: [String]) -> String? {
            if table.column(named: exact) != nil { return exact }
            return table.columns.first { column in
                let name = column.name.lowercased()
                return SchemaFacts.isTimestamp(column) || ["integer", "bigint", "numeric"].contains(column.type) ? words.contains { name.contains($0) } : false
            }?.name
        }
        guard let creation = find(created, creationWords), let modification = find(updated, modificationWords) else { return nil }
        return (creation, modification)
    }

    /// A table whose rows need no history of their own: a composite key (a link or a detail row
    /// identified by its parents), a key/value setting, or a table of three columns or fewer.
    static func needsNoHistory(_ table: TableInfo) -> Bool {
        if let key = table.primaryKey, key.columns.count >= 2 { return true }
        if table.columns.count <= 3 { return true }
        let names = Set(table.columns.map { $0.name.lowercased() })
        return names.contains { ["value", "val"].contains($0) } && names.contains { ["name", "key", "variable", "preference", "option", "setting", "param"].contains($0) }
    }

    /// Tables keeping both columns, at least this many, make the schema's convention.
    static let conventionTables = 2

    func check(_ context: ReviewContext) -> [Finding] {
        let configuredCreated = context.configuration.createdAtColumn, configuredUpdated = context.configuration.updatedAtColumn
        let judged = context.tables.filter { table in
            SchemaFacts.ownsStructure(table) && [.entity, .appendOnly].contains(TableRole.of(table, in: context))
                && !context.seededTables.contains(table.name) && !Self.needsNoHistory(table)
        }
        let timeless = judged.filter { !Self.recordsTime($0) }
        guard !timeless.isEmpty else { return [] }
        // The schema's convention: the names most tables that keep both columns use.
        let kept = context.schema.sortedTables.compactMap { Self.timeColumns($0, created: configuredCreated, updated: configuredUpdated) }
        let conventionKept = kept.count >= Self.conventionTables
        let mostCommon = { (names: [String]) in
            Dictionary(grouping: names, by: { $0 }).max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key
        }
        let created = conventionKept ? mostCommon(kept.map(\.created)) ?? configuredCreated : configuredCreated
        let updated = conventionKept ? mostCommon(kept.map(\.updated)) ?? configuredUpdated : configuredUpdated
        // A schema that keeps no timestamps anywhere has a convention, not many omissions: one finding.
        if !conventionKept, timeless.count >= Self.conventionCount, Double(timeless.count) >= Self.conventionShare * Double(judged.count) {
            var finding = Self.description.finding(
                "\(timeless.count) of \(judged.count) tables record no time at all (\(SchemaFacts.listed(timeless.map(\.name.description)))): the schema keeps no row history; if it should, adopt \(created) and \(updated) (with the \(updated) trigger) as a convention",
                at: timeless[0].location, object: context.object(timeless[0]))
            finding.severity = .info
            return [finding]
        }
        return timeless.map { table in
            var finding = Self.description.finding(
                "table \(table.name) records no time at all"
                    + (conventionKept ? " while \(kept.count) other tables keep \(created) and \(updated)" : "")
                    + ": when a row appeared and last changed cannot be told",
                at: table.location, object: context.object(table),
                fix: ([created, updated].map { "ALTER TABLE \(table.name.sql) ADD COLUMN \(quoteIdentifierIfNeeded($0)) timestamptz NOT NULL DEFAULT now();" }
                      + [UpdatedAtWithoutTriggerRule.triggerSQL(table: table.name, column: updated)])
                    .joined(separator: "\n"))
            if !conventionKept { finding.severity = .info }
            return finding
        }
    }
}
