/// What a table is for, inferred from its structure, the references to it and the rows the
/// schema's own script inserts. Rules that ask every table for something (timestamps, an index on
/// every foreign key) ask it of entities; the other roles answer to other standards.
package enum TableRole: String, Sendable, Equatable {
    /// Rows that are created, changed and referenced: users, orders, documents.
    case entity
    /// A small static list that other tables reference: statuses, types, countries. Its rows ship
    /// with the schema (the script inserts them) or its name says so.
    case lookup
    /// A many-to-many link: its key is made of its foreign keys.
    case join
    /// The schema's version marker: one or a few rows naming the installed version.
    case version
    /// A table held to one row by a CHECK on its key (`CHECK (id = 1)`): settings.
    case singleRow
    /// Rows recreated rather than kept: sessions, caches, locks, temporary and unlogged tables.
    case ephemeral
    /// Rows written once and never changed: logs, events, history, samples, measurements.
    case appendOnly

    /// The role of `table` in `context`'s schema.
    static func of(_ table: TableInfo, in context: ReviewContext) -> TableRole {
        let words = nameWords(table.name.name)
        if isJoin(table) { return .join }
        if table.persistence != .permanent || words.contains(where: { word in
            word.hasPrefix("cache") || ephemeralWords.contains(word)
        }) { return .ephemeral }
        if isVersion(table, words: words) { return .version }
        if isSingleRow(table) { return .singleRow }
        let referenced = context.referencedTables.contains(table.name)
        if referenced, table.foreignKeys.isEmpty, table.columns.count <= 5,
           context.seededTables.contains(table.name) || words.last.map(lookupWords.contains) == true {
            return .lookup
        }
        if words.contains(where: appendOnlyWords.contains) || (!referenced && SchemaFacts.isTimeSeries(table, in: context.schema)) { return .appendOnly }
        return .entity
    }

    /// `user_login_log` → user, login, log; `radacct` → radacct; camelCase split too.
    static func nameWords(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in name {
            if character == "_" || character == "-" || character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if character.isUppercase, !current.isEmpty, current.last?.isLowercase == true {
                words.append(current)
                current = String(character).lowercased()
            } else {
                current += String(character).lowercased()
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static let ephemeralWords: Set<String> = ["session", "sessions", "tmp", "temp", "lock", "locks", "queue", "nonce", "nonces"]
    static let lookupWords: Set<String> = [
        "type", "types", "status", "statuses", "kind", "kinds", "category", "categories", "level", "levels", "state", "states",
        "code", "codes", "lookup", "enum", "country", "countries", "currency", "currencies", "language", "languages", "unit", "units",
    ]
    static let appendOnlyWords: Set<String> = [
        "log", "logs", "history", "histories", "event", "events", "audit", "audits", "archive", "archives", "journal", "journals",
        "stat", "stats", "statistics", "metric", "metrics", "sample", "samples", "measurement", "measurements", "trace", "traces",
    ]

    /// Key made of foreign-key columns, or, without a key, only foreign-key columns (two or more).
    static func isJoin(_ table: TableInfo) -> Bool {
        let referencing = Set(table.foreignKeys.flatMap(\.columns))
        if let key = table.primaryKey {
            return key.columns.count >= 2 && key.columns.allSatisfy { referencing.contains($0) }
        }
        return referencing.count >= 2 && table.columns.allSatisfy { referencing.contains($0.name) }
    }

    static func isVersion(_ table: TableInfo, words: [String]) -> Bool {
        guard table.columns.count <= 4 else { return false }
        let name = table.name.name.lowercased()
        return words.contains { $0.hasPrefix("version") } || name.hasSuffix("version") || name.hasSuffix("versions")
            || ["schema_migrations", "migrations", "schema_info", "dbversion", "db_version"].contains(name)
    }

    /// `CHECK (id = 1)` (or `CHECK (id)` with a constant) on the key's one column.
    static func isSingleRow(_ table: TableInfo) -> Bool {
        guard let columns = table.primaryKey?.columns ?? table.uniqueConstraints.first?.columns,
              columns.count == 1, let column = columns.first else { return false }
        return table.checkConstraints.contains { check in
            let text = check.expression.text.lowercased().replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")
                .replacingOccurrences(of: "\"", with: "")
            let parts = text.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 && parts.contains(column.lowercased()) && parts.contains { Int($0) != nil || $0.hasPrefix("'") || $0 == "true" }
        }
    }
}
