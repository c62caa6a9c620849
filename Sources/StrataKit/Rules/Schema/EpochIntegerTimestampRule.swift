/// Points in time are `timestamptz`, not integers counting seconds since 1970.
struct EpochIntegerTimestampRule: SchemaRule {
    static let description = RuleDescription(
        id: "epoch-integer-timestamp", severity: .warning,
        summary: "A point in time stored as an integer count of seconds (or ms, µs, days) since 1970",
        rationale: "An epoch integer hides its unit (seconds? milliseconds?) and its zone, accepts -5 and 99999999999, cannot use date arithmetic, date_trunc or BRIN-friendly range partitions without conversions, and every reader must convert it. timestamptz stores the same instant in the same 8 bytes and prints itself. A warning when the name states the unit (`_ms`, `_secs`); info when the unit must be read from the values, when the column is part of a unique key (its integers may serve as identities), or when functions compute with it.",
        triggeringExamples: [
            "CREATE TABLE sessions (id bigint PRIMARY KEY, ↓expires_at bigint NOT NULL);",
            "CREATE TABLE events (id bigint PRIMARY KEY, ↓clock integer NOT NULL);",
            "CREATE TABLE users (id bigint PRIMARY KEY, ↓last_login integer DEFAULT extract(epoch FROM now()));",
            "CREATE TABLE domains (id bigint PRIMARY KEY, ↓last_check integer DEFAULT NULL);",
            // A constant default has no timestamp equivalent to choose for it: no fix, the message says what to decide.
            "CREATE TABLE hosts (id bigint PRIMARY KEY, ↓lastaccess integer DEFAULT 0 NOT NULL);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE sessions (id bigint PRIMARY KEY, expires_at timestamptz NOT NULL);",
            // Durations and counters are integers by right.
            "CREATE TABLE queries (id bigint PRIMARY KEY, exec_time integer, response_time bigint, timeout integer, uptime bigint);",
            "CREATE TABLE radacct (id bigint PRIMARY KEY, acctsessiontime bigint, ns integer);",
            "CREATE TABLE active_watchers (id bigint PRIMARY KEY, updated integer NOT NULL, deleted smallint);",
            // Icinga's comments: the moment is expiration_time, expires says whether there is one.
            "CREATE TABLE comments (id bigint PRIMARY KEY, expires integer DEFAULT 0, expiration_time timestamptz);",
        ])

    /// Names that mean an instant on their own. Bare participles (`updated`, `deleted`) are left
    /// out: as integers they are flags or update-cycle markers as often as times (Kamailio).
    static let instantNames: Set<String> = [
        "clock", "timestamp", "ts", "mtime", "ctime", "atime",
        "expires", "expiry", "expiration", "lastupdate", "lastaccess", "lastlogin", "lastlogon", "lastchange", "lastclock",
        "lastseen", "lastcheck", "lastmodified", "nextcheck",
    ]
    /// First words that make `<word>_time`, `<word>_ts`, `<word>_date` an instant rather than a duration.
    static let instantWords: Set<String> = [
        "start", "started", "end", "ended", "stop", "stopped", "create", "created", "creation", "update", "updated",
        "modify", "modified", "modification", "change", "changed", "delete", "deleted", "expire", "expires", "expiry",
        "last", "next", "first", "login", "logout", "access", "accessed", "sent", "send", "receive", "received",
        "publish", "published", "event", "due", "close", "closed", "open", "opened", "check", "checked", "seen",
    ]

    /// Unit words a name may end with (`_ms`, `_millis`, `_secs`).
    static let unitWords: Set<String> = ["ms", "msec", "msecs", "millis", "milliseconds", "us", "usec", "micros", "microseconds",
                                         "s", "sec", "secs", "seconds", "epoch"]

    /// Whether the name says "a moment": `clock`, `expires_at`, `last_login`, `start_time`.
    static func namesInstant(_ written: String) -> Bool {
        let name = written.lowercased()
        if instantNames.contains(name) || name.hasSuffix("_at") { return true }
        var words = TableRole.nameWords(written)
        // `sent_ms`, `expires_at_millis`: a moment with its unit after it.
        if words.count >= 2, let unitWord = words.last, unitWords.contains(unitWord) {
            words.removeLast()
            if words.count == 1, let stem = words.first, instantWords.contains(stem) || instantNames.contains(stem) { return true }
            if namesInstant(words.joined(separator: "_")) { return true }
        }
        guard words.count >= 2, let first = words.first, let last = words.last else { return false }
        if first == "last", ["login", "logon", "seen", "access", "update", "change", "check", "run", "activity"].contains(last) { return true }
        return ["time", "ts", "timestamp", "date", "clock"].contains(last) && instantWords.contains(first)
    }

    /// A default that computes the current epoch: `extract(epoch FROM now())` and its spellings.
    static func isCurrentEpochDefault(_ expression: SQLExpression?) -> Bool {
        guard let expression else { return false }
        let text = expression.text.lowercased()
        return text.contains("epoch") && ["now", "current_timestamp", "clock_timestamp", "statement_timestamp", "transaction_timestamp"]
            .contains { expression.functionNames.contains($0) || text.contains($0) }
    }

    /// `expires integer` beside `expiration_time timestamp`: the moment is kept already, so the
    /// integer is a flag or a count under a similar name.
    static func hasTimestampSibling(_ column: ColumnInfo, in table: TableInfo) -> Bool {
        let stem = column.name.lowercased().prefix(5)
        return stem.count == 5 && table.columns.contains { other in
            other.name != column.name && SchemaFacts.isTimestamp(other) && other.name.lowercased().contains(stem)
        }
    }

    /// What one of the integer counts: the conversion to timestamptz, and the values a real date
    /// after 2000 and before 2100 takes in it (the ranges of the four units do not overlap, so a
    /// column's values tell its unit).
    enum Unit: String, CaseIterable {
        case seconds, milliseconds, microseconds, days

        func conversion(_ column: String) -> String {
            switch self {
            case .seconds: "to_timestamp(\(column))"
            case .milliseconds: "to_timestamp(\(column) / 1000.0)"
            case .microseconds: "to_timestamp(\(column) / 1000000.0)"
            case .days: "(timestamptz '1970-01-01 00:00:00+00' + \(column) * interval '1 day')"
            }
        }

        var plausible: ClosedRange<Int64> {
            switch self {
            case .seconds: 946_684_800...4_102_444_800
            case .milliseconds: 946_684_800_000...4_102_444_800_000
            case .microseconds: 946_684_800_000_000...4_102_444_800_000_000
            case .days: 10_957...47_482
            }
        }

        /// The unit a name states (`_ms`, `millis`, `_us`, `micros`, `_days`), or nil.
        static func named(_ name: String) -> Unit? {
            let words = TableRole.nameWords(name)
            let lowered = name.lowercased()
            if words.contains(where: { ["ms", "msec", "msecs", "millis", "milliseconds"].contains($0) }) || lowered.contains("millis") { return .milliseconds }
            if words.contains(where: { ["us", "usec", "usecs", "micros", "microseconds"].contains($0) }) || lowered.contains("micros") { return .microseconds }
            if words.contains(where: { ["day", "days"].contains($0) }) { return .days }
            if words.contains(where: { ["s", "sec", "secs", "seconds", "epoch", "unix"].contains($0) }) { return .seconds }
            return nil
        }
    }

    /// Tables with such columns, at least this many, are one convention: one finding, no fix.
    static let conventionCount = 10

    func check(_ context: ReviewContext) -> [Finding] {
        let flagged: [(table: TableInfo, column: ColumnInfo)] = context.tables.filter(SchemaFacts.ownsStructure).flatMap { table in
            table.columns.filter { column in
                SchemaFacts.isInteger(column) && column.type != "smallint" && column.arrayDimensions == 0
                    && column.identity == nil && table.primaryKey?.columns != [column.name]
                    && !table.foreignKeys.contains { $0.columns.contains(column.name) }
                    && (Self.namesInstant(column.name) || Self.isCurrentEpochDefault(column.defaultExpression))
                    && !Self.hasTimestampSibling(column, in: table)
            }.map { (table, $0) }
        }
        let tables = flagged.map(\.table.name).reduce(into: [QualifiedName]()) { if !$0.contains($1) { $0.append($1) } }
        // One convention across the schema: every reader converts, so changing it is a coordinated
        // change of the application, not one statement per column.
        if tables.count >= Self.conventionCount {
            let first = flagged[0]
            let names = SchemaFacts.listed(Set(flagged.map(\.column.name)).sorted(), limit: 6)
            return [Self.description.finding(
                "\(flagged.count) columns in \(tables.count) tables keep points in time as epoch integers (\(names)): the schema's convention; adopt timestamptz for new tables and convert old ones with their readers (ALTER COLUMN ... TYPE timestamptz USING to_timestamp(column))",
                at: first.column.location, object: context.object(first.table, first.column.name))]
        }
        let bodies = context.schema.functions.values.compactMap { $0.body?.lowercased() }
        return flagged.map { table, column in
            var finding = Self.finding(table: table, column: column, context: context)
            // Advice rather than a defect where converting is a decision about the data: a unit the
            // name does not state, a column that is part of a key (its integers are identities),
            // or one that functions compute with.
            let keyed = context.indexes(on: table).contains { $0.isUnique && $0.keyColumns.contains(column.name) }
            let computed = bodies.contains { $0.contains(column.name.lowercased()) }
            if Unit.named(column.name) == nil || keyed || computed {
                finding.severity = .info
                if keyed { finding.message += "; it is part of a unique key, so its integers may serve as identities" }
                if computed { finding.message += "; functions compute with it, and would have to change with it" }
            }
            return finding
        }
    }

    static func finding(table: TableInfo, column: ColumnInfo, context: ReviewContext) -> Finding {
            let name = quoteIdentifierIfNeeded(column.name)
            let subject = "\(table.name).\(column.name) (\(column.type))"
            let stated = Unit.named(column.name)
            let unit = stated ?? .seconds
            let kept = stated.map { "a point in time kept as \($0.rawValue) since 1970" }
                ?? "a point in time kept as an integer since 1970 (seconds, unless its values say milliseconds, microseconds or days: the fix checks)"
            // DEFAULT NULL is no default at all.
            let defaultExpression = column.defaultExpression.flatMap { $0.text.uppercased() == "NULL" ? nil : $0 }
            guard let defaultExpression, !Self.isCurrentEpochDefault(defaultExpression) else {
                // No default, or one that means "now": the conversion keeps every value and the
                // default's meaning. It refuses, changing nothing, when a value is not a date of
                // this century in the unit assumed.
                var steps: [String] = []
                if column.defaultExpression != nil { steps.append("ALTER COLUMN \(name) DROP DEFAULT") }
                steps.append("ALTER COLUMN \(name) TYPE timestamptz USING \(unit.conversion(name))")
                if defaultExpression != nil { steps.append("ALTER COLUMN \(name) SET DEFAULT now()") }
                let guardSQL = SchemaFacts.stopIf(
                    "EXISTS (SELECT 1 FROM \(table.name.sql) WHERE \(name) NOT BETWEEN \(unit.plausible.lowerBound) AND \(unit.plausible.upperBound))",
                    raising: "some values of %.% are not \(unit.rawValue) since 1970 between 2000 and 2100: choose the conversion by hand",
                    [quoteLiteral(table.name.description), quoteLiteral(column.name)])
                return Self.description.finding(
                    "\(subject) looks like \(kept); store it as timestamptz (clients that write integers must write timestamps)",
                    at: column.location, object: context.object(table, column.name),
                    fix: guardSQL + "\nALTER TABLE \(table.name.sql) " + steps.joined(separator: ", ") + ";")
            }
            return Self.description.finding(
                "\(subject) looks like \(kept); store it as timestamptz. Its DEFAULT \(defaultExpression.text) has no timestamp equivalent: decide whether it means \"never\" (NULL) or \"now\" (now()), then convert with USING \(unit.conversion(name))",
                at: column.location, object: context.object(table, column.name))
    }
}
