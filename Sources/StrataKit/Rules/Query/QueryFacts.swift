import Foundation

/// A rule over the statements an application sends (`strata queries`).
package protocol QueryRule: Sendable {
    static var description: RuleDescription { get }
    /// The rule needs statements in their sessions' order (a log, samples), not totals: it also
    /// runs on pg_stat_activity samples.
    static var readsSessionOrder: Bool { get }
    init()
    func check(_ context: QueryContext) -> [Finding]
}

extension QueryRule {
    package static var readsSessionOrder: Bool { false }
}

/// What a query rule sees: the profile, the schema when one was given (its keys and columns make
/// the findings exact), and the thresholds.
package struct QueryContext: Sendable {
    package let profile: QueryProfile
    package let schema: DatabaseSchema?
    package let configuration: Configuration

    package init(profile: QueryProfile, schema: DatabaseSchema?, configuration: Configuration) {
        self.profile = profile
        self.schema = schema
        self.configuration = configuration
    }

    package var settings: QuerySettings { configuration.queries }

    /// The schema's table for a name as a query writes it (unqualified: `public` first).
    package func table(_ name: ObjectName) -> TableInfo? {
        guard let schema else { return nil }
        if let qualifier = name.schema { return schema.tables[QualifiedName(schema: qualifier, name: name.name)] }
        return schema.tables[QualifiedName(schema: "public", name: name.name)]
            ?? schema.sortedTables.first { $0.name.name == name.name }
    }

    /// The catalog's own tables: what tools and drivers query, not the application.
    package func isSystem(_ name: ObjectName) -> Bool {
        name.schema == "pg_catalog" || name.schema == "information_schema" || name.name.hasPrefix("pg_")
    }

    /// The application's tables a query touches.
    package func userTables(_ analysis: QueryAnalysis) -> [ObjectName] {
        analysis.tables.filter { !isSystem($0) }
    }

    /// Column sets whose equality finds at most one row: the primary key, unique constraints and
    /// unique indexes without a predicate. Without a schema, `id` by convention.
    package func uniqueKeys(of name: ObjectName) -> [Set<String>] {
        guard schema != nil, let table = table(name) else { return [["id"]] }
        var keys: [Set<String>] = []
        if let primaryKey = table.primaryKey { keys.append(Set(primaryKey.columns)) }
        keys += table.uniqueConstraints.map { Set($0.columns) }
        for index in schema?.indexesByTable[table.name] ?? [] where index.isUnique && index.predicate == nil {
            let columns = index.keys.compactMap(\.column)
            if columns.count == index.keys.count { keys.append(Set(columns)) }
        }
        return keys
    }

    /// The table and key a SELECT looks a row up by, if it compares a whole unique key for equality.
    package func pointLookup(_ analysis: QueryAnalysis) -> (table: ObjectName, key: Set<String>)? {
        guard analysis.kind == .select else { return nil }
        for table in userTables(analysis) {
            let equal = analysis.equalityColumns(of: table)
            if let key = uniqueKeys(of: table).first(where: { !$0.isEmpty && $0.isSubset(of: equal) }) { return (table, key) }
        }
        return nil
    }

    /// Whether a SELECT may return many rows of its tables: no LIMIT, no aggregate without GROUP
    /// BY, no equality on a unique key. Without the schema's keys, any equality might be on one,
    /// so only a query without any equality counts.
    package func isUnbounded(_ analysis: QueryAnalysis) -> Bool {
        guard analysis.kind == .select, !analysis.bounded, pointLookup(analysis) == nil else { return false }
        let tables = userTables(analysis)
        if tables.contains(where: { table($0) == nil }) {
            return !analysis.predicates.contains { $0.kind == .equality }
        }
        return true
    }

    /// Whether a table can grow without bound (anything not listed in `bounded-tables`).
    package func canGrow(_ name: ObjectName) -> Bool {
        let bounded = settings.boundedTables
        return !bounded.contains(name.name) && !bounded.contains(name.description)
    }

    /// The columns of a table, when the schema is known.
    package func columns(of name: ObjectName) -> [String]? {
        table(name)?.columns.map(\.name)
    }

    /// Whether two tables belong to one change: the same table, a foreign key between them, or
    /// both referencing one table. Without a schema: a shared `…_id` column in what the two
    /// statements touch, or one naming the other's key (`orders.product_id` and `products`).
    package func related(_ first: QueryAnalysis, _ second: QueryAnalysis) -> Bool {
        let left = userTables(first), right = userTables(second)
        guard !left.isEmpty, !right.isEmpty else { return false }
        if schema != nil {
            let leftTables = left.compactMap(table), rightTables = right.compactMap(table)
            for a in leftTables {
                for b in rightTables {
                    if a.name == b.name { return true }
                    let aRefs = Set(a.foreignKeys.map(\.referencedTable)), bRefs = Set(b.foreignKeys.map(\.referencedTable))
                    if aRefs.contains(b.name) || bRefs.contains(a.name) || !aRefs.isDisjoint(with: bRefs) { return true }
                }
            }
            return false
        }
        if Set(left.map(\.name)).intersection(right.map(\.name)).isEmpty == false { return true }
        func keyColumns(_ analysis: QueryAnalysis) -> Set<String> {
            Set((analysis.insertColumns + analysis.predicates.compactMap(\.column)).filter { $0 == "id" || $0.hasSuffix("_id") })
        }
        let leftColumns = keyColumns(first), rightColumns = keyColumns(second)
        if !leftColumns.subtracting(["id"]).isDisjoint(with: rightColumns.subtracting(["id"])) { return true }
        func names(_ tables: [ObjectName], _ columns: Set<String>) -> Bool {
            tables.contains { table in
                let singular = table.name.hasSuffix("s") ? String(table.name.dropLast()) : table.name
                return columns.contains(singular + "_id")
            }
        }
        return names(left, rightColumns) || names(right, leftColumns)
    }

    /// A statement shortened for a message.
    package func brief(_ group: QueryGroup, limit: Int = 90) -> String {
        let flat = group.normalized.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }

    /// `p50 1.2 ms, p95 14 ms, p99 30 ms` (estimated where pg_stat_statements gave only a mean).
    package func latencies(_ group: QueryGroup) -> String {
        let parts = [("p50", 0.5), ("p95", 0.95), ("p99", 0.99)].compactMap { label, quantile in
            group.percentile(quantile).map { "\(label) \(Self.milliseconds($0))" }
        }
        return parts.joined(separator: ", ") + (group.percentilesAreEstimated ? " (estimated from pg_stat_statements' mean and stddev)" : "")
    }

    package static func milliseconds(_ value: Double) -> String {
        if value >= 1000 { return (value / 1000).fixed(decimals: 2) + " s" }
        if value >= 100 { return value.fixed(decimals: 0) + " ms" }
        if value == value.rounded() { return value.fixed(decimals: 0) + " ms" }
        if value >= 10 { return value.fixed(decimals: 1) + " ms" }
        return value.fixed(decimals: 2) + " ms"
    }

    package static func count(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }

    /// The query with its statement terminator dropped, for fixes that extend it.
    package static func withoutTerminator(_ text: String) -> String {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while trimmed.hasSuffix(";") { trimmed.removeLast(); trimmed = trimmed.trimmingCharacters(in: .whitespacesAndNewlines) }
        return trimmed
    }
}

/// Rule examples as logs: each line `[↓][#session ][(12.5 ms) ]SQL` becomes a stderr log line
/// with the default `log_line_prefix` (`%m [%p] `), one millisecond after the previous one.
package enum QueryExampleLog {
    package static func stderr(_ script: String) -> String {
        var lines: [String] = []
        var millisecond = 0
        for raw in script.split(separator: "\n", omittingEmptySubsequences: true) {
            var line = Substring(raw.trimmingCharacters(in: .whitespaces))
            let marked = line.hasPrefix(String(RuleExample.marker))
            if marked { line = line.dropFirst() }
            var session = "1"
            if line.hasPrefix("#"), let space = line.firstIndex(of: " ") {
                session = String(line[line.index(after: line.startIndex)..<space])
                line = line[line.index(after: space)...]
            }
            var duration = "0.100"
            if line.hasPrefix("("), let close = line.firstIndex(of: ")") {
                let inner = line[line.index(after: line.startIndex)..<close].replacingOccurrences(of: " ms", with: "")
                duration = (Double(inner) ?? 0.1).fixed(decimals: 3)
                line = line[line.index(after: close)...].drop { $0 == " " }
            }
            millisecond += 1
            let seconds = millisecond / 1000, milliseconds = millisecond % 1000
            let stamp = "2026-12-01 10:00:\(String(format: "%02d", seconds)).\(String(format: "%03d", milliseconds)) UTC"
            let pid = 4000 + (Int(session) ?? 1)
            lines.append("\(marked ? String(RuleExample.marker) : "")\(stamp) [\(pid)] LOG:  duration: \(duration) ms  statement: \(line)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
