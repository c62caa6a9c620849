/// Tables carry `created_at` and `updated_at` (names configurable).
struct MissingTimestampsRule: SchemaRule {
    static let description = RuleDescription(
        id: "missing-timestamps", severity: .warning,
        summary: "An entity table records no time at all, while the schema keeps created_at / updated_at elsewhere",
        rationale: """
            When a row appeared and last changed is the first question of every incident, audit and data fix, and adding the columns later leaves history blank for every existing row.             Not flagged: a table that records time under its own names (`published_at`, `ctime`/`mtime`, `*_ts`, `expire`, `started`/`ended`, any timestamp or date column, an epoch integer named as a moment),             and tables whose role needs none: lookups (a small referenced list the schema script fills, or named `*_type`, `*_status`), join tables, version markers, single-row settings (`CHECK (id = 1)`),             and ephemeral tables (sessions, caches, locks, queues, unlogged). A warning only where the schema keeps the convention on other tables;             a schema that keeps no timestamps anywhere gets one info finding for the convention, not one per table.
            """,
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL); ↓CREATE TABLE notes (id bigint PRIMARY KEY, body text);",
            // No convention in the schema: info.
            "↓CREATE TABLE notes (id bigint PRIMARY KEY, body text);",
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

    func check(_ context: ReviewContext) -> [Finding] {
        let created = context.configuration.createdAtColumn, updated = context.configuration.updatedAtColumn
        let judged = context.tables.filter { table in
            SchemaFacts.ownsStructure(table) && [.entity, .appendOnly].contains(TableRole.of(table, in: context))
        }
        let keepsBoth = { (table: TableInfo) in
            (table.column(named: created) != nil || Self.hasSynonym(table, words: Self.creationWords))
                && (table.column(named: updated) != nil || Self.hasSynonym(table, words: Self.modificationWords))
        }
        let timeless = judged.filter { !Self.recordsTime($0) }
        guard !timeless.isEmpty else { return [] }
        // The convention is the schema's when other tables keep both columns.
        let conventionKept = context.schema.tables.values.contains(where: keepsBoth)
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
                    + (conventionKept ? " while other tables keep \(created) and \(updated)" : "")
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
