import Foundation

/// `<x>_id` columns that clearly point at table `<x>` should say so with a foreign key.
package struct MissingForeignKeyRule: SchemaRule {
    package static let description = RuleDescription(
        id: "missing-foreign-key", severity: .warning,
        summary: "A column whose name and type point at another table's key has no foreign key",
        rationale: "Integrity belongs in the database: without a foreign key, orphans appear the first time application code forgets a check, a batch job deletes a parent, or two writers race.",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, ↓user_id bigint NOT NULL);",
            "CREATE TABLE addresses (id bigint PRIMARY KEY); CREATE TABLE shipments (id bigint PRIMARY KEY, ↓address_id bigint);",
            // Names other than <table>_id: MediaWiki's rev_page, Zabbix-style hostid, who acted.
            "CREATE TABLE page (page_id integer PRIMARY KEY); CREATE TABLE revision (rev_id integer PRIMARY KEY, ↓rev_page integer NOT NULL);",
            "CREATE TABLE hosts (hostid bigint PRIMARY KEY); CREATE TABLE items (itemid bigint PRIMARY KEY, ↓hostid bigint NOT NULL);",
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE tickets (id bigint PRIMARY KEY, ↓created_by bigint);",
            // Named as another table's key, whatever the suffix.
            "CREATE TABLE messages (message_ident text PRIMARY KEY, body text); CREATE TABLE attachments (id bigint PRIMARY KEY, ↓message_ident text NOT NULL);",
            // A time series (keyed by time, referenced by nothing): reported as info, the trade-off named.
            "CREATE TABLE items (itemid bigint PRIMARY KEY); CREATE TABLE history (↓itemid bigint NOT NULL, clock integer NOT NULL, value double precision NOT NULL, PRIMARY KEY (itemid, clock));",
            // A sentinel default: the fix turns 0 into NULL first.
            "CREATE TABLE queues (id integer PRIMARY KEY); CREATE TABLE tickets (id bigint PRIMARY KEY, ↓queue_id integer NOT NULL DEFAULT 0);",
        ],
        nonTriggeringExamples: [
            // A one-word key is a common column name, not a reference.
            "CREATE TABLE link_descriptions (description text PRIMARY KEY); CREATE TABLE invoices (id bigint PRIMARY KEY, description text);",
            // A text key whose name is no identifier and whose first word is not the table's.
            "CREATE TABLE director_setting (setting_name text PRIMARY KEY, setting_value text); CREATE TABLE job_settings (id bigint PRIMARY KEY, setting_name text);",
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));",
            "CREATE TABLE orders (id bigint PRIMARY KEY, external_id text);",
            "CREATE TABLE orders (id bigint PRIMARY KEY, stripe_id text);",
            // The name points at a table, the type does not: not the same key.
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id text);",
            "CREATE TABLE page (page_id integer PRIMARY KEY); CREATE TABLE revision (rev_id integer PRIMARY KEY, rev_page_title text);",
            "CREATE TABLE hosts (hostid bigint PRIMARY KEY); CREATE TABLE items (itemid bigint PRIMARY KEY, verify_host integer DEFAULT 0 NOT NULL);",
            "CREATE TABLE triggers (triggerid bigint PRIMARY KEY); CREATE TABLE graphs (graphid bigint PRIMARY KEY, name text, show_triggers integer DEFAULT 1 NOT NULL);",
        ])

    /// How a column's name points at a table, for the message: what the inference rests on.
    package struct Inference {
        package var target: TableInfo
        package var key: ColumnInfo
        package var evidence: String
    }

    package init() {}

    /// `users`, `user`: the table names a word may stand for.
    static func tableNames(for word: String) -> [String] {
        guard !word.isEmpty else { return [] }
        return [word, word + "s", word + "es", word.hasSuffix("y") ? String(word.dropLast()) + "ies" : word]
    }

    /// The table a column refers to by its name: `user_id` and `userid` (a table `users`),
    /// `rev_page` and `log_actor` (the last word names a table), `creator`, `owner` and `*_by`
    /// (the users table). The column must be able to hold the target's single-column integer or
    /// matching key: a name alone is not enough.
    static func inferTarget(of column: ColumnInfo, in table: TableInfo, schema: DatabaseSchema, keys: [String: [TableInfo]]? = nil) -> Inference? {
        let name = column.name.lowercased()
        var candidates: [(words: [String], evidence: String)] = []
        if name.hasSuffix("_id"), name.count > 3 {
            candidates.append(([String(name.dropLast(3))], "its name ends in _id"))
        } else if name.hasSuffix("id"), name.count > 4 {
            candidates.append(([String(name.dropLast(2))], "its name is a table's name followed by id"))
        }
        // A table's column prefix and a table name (MediaWiki's rev_page, log_actor); longer names
        // whose last word is a table (verify_host, show_triggers) are flags more often than references.
        let words = name.split(separator: "_")
        let prefix = words.first.map { $0 + "_" } ?? ""
        let prefixed = table.columns.filter { $0.name.lowercased().hasPrefix(prefix) }.count
        let isTablePrefix = prefixed >= 2 && prefixed * 2 > table.columns.count
        if words.count == 2, isTablePrefix, !name.hasSuffix("_id"), SchemaFacts.isInteger(column) {
            candidates.append(([String(words[1])], "a column prefix and a table's name"))
        }
        // Who acted, as a number or a UUID: a text `owner` holds names, addresses or JIDs as often as keys.
        if name == "creator" || name == "owner" || name.hasSuffix("_by") || name.hasSuffix("updatedby") || name.hasSuffix("createdby"),
           SchemaFacts.isInteger(column) || column.type == "uuid" {
            candidates.append((["user", "account", "actor"], "its name says who acted"))
        }
        for candidate in candidates {
            for word in candidate.words {
                for tableName in tableNames(for: word) {
                    guard let target = schema.tables[QualifiedName(schema: table.name.schema, name: tableName)], target.name != table.name,
                          let primaryKey = target.primaryKey, primaryKey.columns.count == 1,
                          let key = target.column(named: primaryKey.columns[0]), typesMatch(column, key) else { continue }
                    return Inference(target: target, key: key, evidence: candidate.evidence)
                }
            }
        }
        return tableKeyedByName(of: column, in: table, keys: keys ?? singleKeys(schema))
    }

    /// Tables with a one-column primary key, by that column's lowercased name: looked up by a
    /// column's name and its `_`-suffixes instead of scanning every table for every column.
    static func singleKeys(_ schema: DatabaseSchema) -> [String: [TableInfo]] {
        var keys: [String: [TableInfo]] = [:]
        for table in schema.tables.values {
            guard let key = table.primaryKey, key.columns.count == 1 else { continue }
            keys[key.columns[0].lowercased(), default: []].append(table)
        }
        return keys
    }

    /// Key names too common to point at one table.
    static let genericKeyNames: Set<String> = ["id", "name", "code", "key", "uid", "uuid", "guid", "oid", "type", "value", "number", "ident"]

    /// A column named as exactly one other table's single-column key (`message_ident` in a dozen
    /// tables, `messages` keyed by `message_ident`), or ending in `_<that name>`
    /// (`reply_message_ident`): the schema's own naming of the reference.
    static func tableKeyedByName(of column: ColumnInfo, in table: TableInfo, keys: [String: [TableInfo]]) -> Inference? {
        let name = column.name.lowercased()
        // The column's name and each of its `_`-suffixes: the key names it may carry.
        var names = [name]
        var rest = Substring(name)
        while let underscore = rest.firstIndex(of: "_") {
            rest = rest[rest.index(after: underscore)...]
            if !rest.isEmpty { names.append(String(rest)) }
        }
        let candidates = names.flatMap { keys[$0] ?? [] }
        // A column unique in its own table under the same name is a peer's key (a 1:1 split), not
        // a reference whose direction the names tell.
        let uniqueHere = table.uniqueConstraints.contains { $0.columns == [column.name] }
        let matches = candidates.filter { target in
            guard target.name != table.name, let key = target.primaryKey, key.columns.count == 1 else { return false }
            let keyName = key.columns[0].lowercased()
            // A key that is itself a foreign key (an extension table keyed by its parent's id)
            // stands for the parent, which the `_id` inference reaches.
            // A one-word key (`description`, `name`) is a common column name, not a reference; a
            // key names its table when its first word is one of the table's (`queue_name` of
            // `queues`); a text key counts only when named as an identifier (`*_id`, `*_ident`,
            // `*_key`, `*_code`, `*sid`).
            let words = TableRole.nameWords(keyName)
            let tableWords = Set(TableRole.nameWords(target.name.name).flatMap { [$0, SchemaFacts.singular($0)] })
            let identifierName = ["id", "ident", "key", "code", "sid", "uuid"].contains { keyName.hasSuffix($0) }
            guard keyName.count >= 5, words.count >= 2, !genericKeyNames.contains(keyName),
                  tableWords.contains(words[0]) || tableWords.contains(SchemaFacts.singular(words[0])),
                  identifierName || !SchemaFacts.isTextual(column),
                  !target.foreignKeys.contains(where: { $0.columns == key.columns }) else { return false }
            if name == keyName { return !uniqueHere }
            // `reply_message_ident`; not `minion_job_id` for a `job_id` key: `_id` names are read by their word.
            return !keyName.hasSuffix("id") && name.hasSuffix("_" + keyName)
        }
        guard matches.count == 1, let target = matches.first, let key = target.column(named: target.primaryKey!.columns[0]),
              typesMatch(column, key) else { return nil }
        return Inference(target: target, key: key, evidence: "it has the name of \(target.name.name)'s key")
    }

    /// Both integers (any width: fk-type-mismatch judges widths), or the same type.
    static func typesMatch(_ column: ColumnInfo, _ key: ColumnInfo) -> Bool {
        if SchemaFacts.isInteger(column), SchemaFacts.isInteger(key) { return column.arrayDimensions == 0 }
        return column.fullType == key.fullType
    }

    /// Every reference the rule infers in `schema`: what a live database's data is checked for.
    package static func inferredReferences(in schema: DatabaseSchema) -> [(table: TableInfo, column: ColumnInfo, inference: Inference)] {
        let keys = singleKeys(schema)
        return schema.sortedTables.flatMap { table in
            table.columns.compactMap { column -> (table: TableInfo, column: ColumnInfo, inference: Inference)? in
                if table.foreignKeys.contains(where: { $0.columns.contains(column.name) }) { return nil }
                if table.primaryKey?.columns == [column.name] { return nil }
                return inferTarget(of: column, in: table, schema: schema, keys: keys).map { (table, column, $0) }
            }
        }
    }

    package func check(_ context: ReviewContext) -> [Finding] {
        let keys = Self.singleKeys(context.schema)
        return context.tables.flatMap { table -> [Finding] in
            table.columns.compactMap { column -> Finding? in
                if table.foreignKeys.contains(where: { $0.columns.contains(column.name) }) { return nil }
                if table.primaryKey?.columns == [column.name] { return nil }
                guard let inference = Self.inferTarget(of: column, in: table, schema: context.schema, keys: keys) else { return nil }
                let target = inference.target
                let constraint = ImplicitNames.makeObjectName(table.name.name, column.name, "fkey")
                let name = quoteIdentifierIfNeeded(column.name)
                // A sentinel default (0 for "none") is a value the foreign key would reject: NULL says "none".
                let sentinel = column.defaultExpression.map { $0.isConstant && $0.text.trimmingCharacters(in: CharacterSet(charactersIn: "'")) == "0" } ?? false
                var statements: [String] = []
                // A column that must hold a value (NOT NULL, or part of the key) keeps it: only the
                // sentinel default goes, and rows holding 0 must point at a real row before VALIDATE.
                let required = column.isNotNull || (table.primaryKey?.columns.contains(column.name) ?? false)
                if sentinel {
                    statements.append("ALTER TABLE \(table.name.sql) ALTER COLUMN \(name) DROP DEFAULT;")
                    if !required { statements.append("UPDATE \(table.name.sql) SET \(name) = NULL WHERE \(name) = 0;") }
                }
                statements.append("ALTER TABLE \(table.name.sql) ADD CONSTRAINT \(quoteIdentifierIfNeeded(constraint)) FOREIGN KEY (\(name)) REFERENCES \(target.name.sql) (\(quoteIdentifierIfNeeded(inference.key.name))) NOT VALID;")
                // On a live database the data was checked: rows pointing at nothing must be fixed before VALIDATE.
                let check = context.statistics?.references["\(table.name.schema).\(table.name.name).\(column.name)"]
                let zeros = sentinel && required && (check == nil || (check?.sentinels ?? 0) > 0)
                let orphans = check?.orphans ?? 0
                if zeros {
                    statements.append("-- rows holding 0 point at no \(target.name) row and \(column.name) must hold a value: give them a real one (or allow NULL)")
                }
                if orphans > 0 {
                    statements.append("-- \(orphans) \(orphans == 1 ? "row points" : "rows point") at no \(target.name) row: correct or delete them")
                }
                if zeros || orphans > 0 {
                    statements.append("-- then: ALTER TABLE \(table.name.sql) VALIDATE CONSTRAINT \(quoteIdentifierIfNeeded(constraint));")
                } else {
                    statements.append("ALTER TABLE \(table.name.sql) VALIDATE CONSTRAINT \(quoteIdentifierIfNeeded(constraint));")
                }
                // The new foreign key needs its index (fk-missing-index), built without blocking writes.
                if !SchemaFacts.isLeadingIndexed([column.name], in: context.indexes(on: table)) {
                    statements.append(SchemaFacts.createIndexSQL(table: table.name, columns: [column.name], in: context.schema))
                }
                var note = sentinel ? (required ? "; its DEFAULT 0 is a sentinel the foreign key would reject, and the column requires a value: rows holding 0 must point at a real row"
                                               : "; its DEFAULT 0 is a sentinel the foreign key would reject: store NULL for none") : ""
                if let check {
                    note += "; in the data: \(check.orphans) orphan\(check.orphans == 1 ? "" : "s")"
                    if check.sentinels > 0 { note += ", \(check.sentinels) row\(check.sentinels == 1 ? "" : "s") holding 0" }
                } else if context.statistics == nil {
                    note += "; inferred from the schema alone"
                }
                // A time series may leave its references unchecked on purpose: advice, not a defect.
                let timeSeries = SchemaFacts.isTimeSeries(table, in: context.schema)
                if timeSeries {
                    note += "; \(table.name) is a time series (keyed by time, referenced by nothing): the key costs a lookup per inserted row and retention deletes must keep to it, so decide whether integrity or insert rate wins"
                }
                var finding = Self.description.finding(
                    "\(table.name).\(column.name) looks like a reference to \(target.name).\(inference.key.name) (\(inference.evidence), and the types match) but has no foreign key\(note)",
                    at: column.location, object: context.object(table, column.name),
                    fix: statements.joined(separator: "\n"))
                if timeSeries { finding.severity = .info }
                return finding
            }
        }
    }
}
