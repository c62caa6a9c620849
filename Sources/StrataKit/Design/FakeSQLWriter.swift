import Foundation

/// Writes one table's rows as one `INSERT ... SELECT` over `generate_series`: the server makes
/// the rows itself, as `pgbench -i -I G` does, instead of receiving them as COPY text.
///
/// Each value is a function of the row's number and the seed (`hashint8extended(i, salt)`, a salt
/// per table, column and draw), so a seed gives the same rows; keys the row number makes unique
/// (`i + 1`, a text ending in it) stay unique without a check; foreign keys join a numbered list
/// of the parent's keys (``KeyList``) at a skewed position, so some parents get many children.
/// A table with something only ``FakeRowWriter`` knows how to make (a booking slot per room, a
/// key agreeing with another key's column, a unique pattern text, a type without a generator) is
/// left to it: ``statement(for:keyLists:seed:)`` returns nil.
package struct FakeSQLWriter {
    /// A parent's keys numbered from 0 in a table the loader makes: `n` and `k0`, `k1`, ...
    package struct KeyList: Sendable {
        /// The list's table, as SQL.
        package var table: String
        package var count: Int
        package init(table: String, count: Int) { self.table = table; self.count = count }
    }

    let plan: FakeDataPlan.TablePlan
    let seed: UInt64
    /// How many rows the series makes: more than `plan.count` when a unique set's values may
    /// repeat, cut back to `plan.count` after the repeats are left out.
    var generated: Int { distinctOn == nil ? plan.count : plan.count + plan.count / 2 + 16 }
    /// Columns of the one unique set the row number does not make unique.
    private(set) var distinctOn: [String]?

    init(plan: FakeDataPlan.TablePlan, seed: UInt64) {
        self.plan = plan
        self.seed = seed
    }

    /// The statement filling `plan.table` with `plan.count` rows, nil when ``FakeRowWriter`` must
    /// make them. `keyLists` by ``FakeRowWriter/target(of:)``.
    package static func statement(for plan: FakeDataPlan.TablePlan, keyLists: [String: KeyList], seed: UInt64) -> String? {
        var writer = FakeSQLWriter(plan: plan, seed: seed)
        return writer.statement(keyLists: keyLists)
    }

    mutating func statement(keyLists: [String: KeyList]) -> String? {
        guard plan.noOverlap == nil, plan.count > 0 else { return nil }
        var values: [String: String] = [:]
        /// Columns whose value differs on every row.
        var injective: Set<String> = []
        var joins: [String] = []
        for (number, key) in plan.foreignKeys.enumerated() {
            // A column shared by two keys must agree with both: the row writer's job.
            guard key.columns.allSatisfy({ values[$0] == nil }), let list = keyLists[FakeRowWriter.target(of: key)] else { return nil }
            guard list.count > 0 else {
                // No parent rows: a nullable key stays NULL (the loader refuses a NOT NULL one).
                for column in key.columns { values[column] = "NULL" }
                continue
            }
            let alias = "f\(number)"
            let oneToOne = plan.uniqueSets.contains { Set($0).isSubset(of: Set(key.columns)) }
            let position = oneToOne ? "i % \(list.count)" : skewed(list.count, salt: "fk \(key.name)")
            joins.append("JOIN \(list.table) AS \(alias) ON \(alias).n = \(position)")
            for (index, column) in key.columns.enumerated() {
                values[column] = "\(alias).k\(index)"
                if oneToOne, list.count >= plan.count { injective.insert(column) }
            }
        }
        for key in plan.deferred { for column in key.columns where values[column] == nil { values[column] = "NULL" } }
        var times: [String: String] = [:]
        for column in plan.columns where values[column.name] == nil {
            guard let value = value(for: column, times: &times, injective: &injective) else { return nil }
            values[column.name] = value
        }
        // Unique sets the row number does not make unique: one is deduplicated, more are the row writer's.
        let written = Set(plan.columns.map(\.name))
        let repeating = plan.uniqueSets.filter { set in set.allSatisfy(written.contains) && !set.contains(where: injective.contains) }
        guard repeating.count <= 1 else { return nil }
        distinctOn = repeating.first
        let names = plan.columns.map { quoteIdentifierIfNeeded($0.name) }
        let select = plan.columns.map { column in "(\(values[column.name]!))::\(column.type)" }
        let source = "FROM generate_series(0, \(generated - 1)) AS g(i)" + joins.map { " " + $0 }.joined()
        var query: String
        if let distinctOn {
            let aliases = plan.columns.indices.map { "c\($0)" }
            let keyAliases = distinctOn.compactMap { name in plan.columns.firstIndex { $0.name == name }.map { "c\($0)" } }
            query = "SELECT \(aliases.joined(separator: ", ")) FROM (SELECT DISTINCT ON (\(keyAliases.joined(separator: ", "))) "
                + zip(select, aliases).map { "\($0) AS \($1)" }.joined(separator: ", ") + ", i \(source) "
                + "ORDER BY \(keyAliases.joined(separator: ", ")), i) AS d ORDER BY i LIMIT \(plan.count)"
        } else {
            // In the series' order, whatever order the join made: children of one parent spread
            // over the table as an application writes them, not stored side by side (the planner
            // would find a foreign key's index far cheaper on such a table than on a real one).
            query = "SELECT " + select.joined(separator: ", ") + " " + source + (joins.isEmpty ? "" : " ORDER BY i")
        }
        return "INSERT INTO \(plan.table.name.sql) (\(names.joined(separator: ", "))) \(query)"
    }

    // MARK: - Draws

    /// A draw in `0..<2^31`, the same for a row, seed and salt.
    func draw(_ salt: String) -> String {
        let mixed = (plan.table.name.sql + "." + salt).utf8.reduce(seed) { ($0 &* 31) &+ UInt64($1) }
        var random = SeededRandom(seed: mixed)
        return "(hashint8extended(i, \(Int64(bitPattern: random.next() >> 1))) & 2147483647)"
    }

    /// In `0..<bound`, low values far likelier (as ``SeededRandom/skewed(_:)``).
    func skewed(_ bound: Int, salt: String) -> String {
        "floor(\(bound)::float8 * power(\(draw(salt))::float8 / 2147483648.0, 3))::int8"
    }

    func pick(_ values: [String], salt: String) -> String {
        "(ARRAY[\(values.map(Self.literal).joined(separator: ", "))])[1 + \(draw(salt)) % \(values.count)]"
    }

    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    // MARK: - Values

    func value(for column: ColumnInfo, times: inout [String: String], injective: inout Set<String>) -> String? {
        let name = column.name, type = column.type
        let range = plan.checks[name]
        let unique = plan.uniqueSets.contains { $0.contains(name) }
        let partitionWords = Set(plan.table.partitionKey.map { $0.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).map(String.init) } ?? [])
        let nullable = !column.isNotNull && column.defaultExpression == nil && !partitionWords.contains(name)
            && !plan.uniqueSets.contains { $0 == [name] } && !plan.ordered.contains { $0.later == name || $0.earlier == name }
        func orNull(_ value: String) -> String {
            nullable ? "CASE WHEN \(draw(name + " null")) % 5 = 0 THEN NULL ELSE \(value) END" : value
        }
        if let allowed = range?.allowed, !allowed.isEmpty { return pick(allowed, salt: name) }
        if let pattern = range?.pattern {
            guard !unique else { return nil }
            // A pool of texts made by the row writer's pattern generator, drawn from per row.
            var random = SeededRandom(seed: (plan.table.name.sql + "." + name).utf8.reduce(seed) { ($0 &* 31) &+ UInt64($1) })
            return pick((0..<64).map { _ in PatternText.generate(pattern, using: &random) }, salt: name)
        }
        if column.arrayDimensions > 0 { return orNull("'{}'") }
        if type.hasPrefix("timestamp") || type == "date" {
            let time = timeValue(name, times: &times)
            return orNull(time)
        }
        let suffix = unique ? "(i + 1)" : "(\(draw(name + " suffix")) % 1000)"
        switch type {
        case "integer", "bigint", "smallint":
            if let partitions = plan.integerPartitions, partitions.column == name {
                let which = draw(name + " partition") + " % \(partitions.ranges.count)"
                let cases = partitions.ranges.enumerated().map { index, bounds in
                    "WHEN \(index) THEN \(bounds.0) + \(draw(name)) % \(bounds.1 - bounds.0 + 1)"
                }
                return "CASE \(which) \(cases.joined(separator: " ")) END"
            }
            if unique || name == "id" { injective.insert(name); return "(i + 1)" }
            let low = Int(range?.minimum ?? 0), high = Int(range?.maximum ?? (type == "smallint" ? 100 : 1000))
            return orNull("(\(low) + \(draw(name)) % \(max(1, high - low + 1)))")
        case "boolean": return orNull("(\(draw(name)) % 2 = 0)")
        case "double precision", "real":
            let low = range?.minimum ?? 0, high = range?.maximum ?? 100
            return orNull("(\(low.fixed(decimals: 6)) + (\(draw(name)) % 10000) / 10000.0 * \((high - low).fixed(decimals: 6)))")
        case "uuid":
            injective.insert(name)
            return orNull("md5(\(draw(name + " uuid")) || ':' || i)::uuid")
        case "jsonb", "json":
            return orNull("jsonb_build_object('color', \(pick(["red", "green", "blue", "black"], salt: name + " color")), 'size', \(draw(name + " size")) % 50)")
        case "bytea": return orNull("decode(md5(\(draw(name)) || ':' || i), 'hex')")
        case "inet", "cidr":
            return orNull("('10.' || \(draw(name + " a")) % 256 || '.' || \(draw(name + " b")) % 256 || '.' || 1 + \(draw(name + " c")) % 254)")
        case "interval": return orNull("((1 + \(draw(name)) % 48) * interval '1 hour')")
        case "time without time zone", "time with time zone":
            return orNull("make_time((10 + \(draw(name + " h")) % 14)::int, (10 + \(draw(name + " m")) % 50)::int, 0)")
        default: break
        }
        if type.hasPrefix("numeric") {
            let digits = Int(type.drop { $0 != "(" }.dropFirst().prefix { $0.isNumber }) ?? 12
            let scale = Int(type.split(separator: ",").last?.dropLast() ?? "2") ?? 2
            let limit = min(pow(10, Double(digits - scale)) - 1, 10_000)
            let low = range?.minimum ?? 0, high = min(range?.maximum ?? limit, limit)
            let span = max(0, high - low)
            return orNull("round(\(low.fixed(decimals: 6)) + (\(draw(name)) % 1000000) * \((span / 1_000_000).fixed(decimals: 12)), \(min(scale, 2)))")
        }
        if type == "text" || type.hasPrefix("character") || type == "citext" {
            guard var text = textValue(column, suffix: suffix, unique: unique) else { return nil }
            if unique { injective.insert(name) }
            if let length = Int(type.drop { $0 != "(" }.dropFirst().prefix { $0.isNumber }) {
                let fixed = type.hasPrefix("character(") && !type.hasPrefix("character varying")
                // Cut as the row writer does: a unique text keeps its end, where the row number is.
                text = fixed ? "left(\(text), \(length))" : "right(\(text), \(length))"
                if fixed, unique { injective.remove(name) }
            }
            return orNull(text)
        }
        return nil
    }

    func textValue(_ column: ColumnInfo, suffix: String, unique: Bool) -> String? {
        let name = column.name.lowercased()
        let words = FakeRowWriter.words
        if name.contains("email") { return "('user' || \(suffix) || '@example.com')" }
        if name == "name" || name.hasSuffix("_name") {
            let person = "\(pick(FakeRowWriter.firstNames, salt: name + " first")) || ' ' || \(pick(FakeRowWriter.lastNames, salt: name + " last"))"
            return unique ? "(\(person) || ' ' || \(suffix))" : "(\(person))"
        }
        if name.contains("phone") {
            return unique ? "('+1-555-' || (1000 + i % 9000) || '-' || i)" : "('+1-555-' || (1000 + \(draw(name)) % 9000))"
        }
        if name.contains("sku") || name.contains("code") || name.contains("serial") {
            let prefix = String(name.uppercased().prefix(3))
            return "(\(Self.literal(prefix + "-")) || (10000000 + \(unique ? "i + 1" : "\(draw(name)) % 9999999")))"
        }
        if name.contains("handle") || name.contains("username") || name.contains("login") || name.contains("slug") { return "('user_' || \(suffix))" }
        if name.contains("url") || name.contains("website") { return "('https://example.com/' || \(suffix))" }
        if name.contains("title") || name.contains("subject") { return "('Title ' || \(suffix))" }
        let body = (0..<3).map { pick(words, salt: name + " word \($0)") }.joined(separator: " || ' ' || ")
        return unique ? "(\(body) || ' ' || \(suffix))" : "(\(body))"
    }

    /// A time as SQL; `times` holds the expressions of the columns before it, so that
    /// `updated_at` follows `created_at` and `ends_at` follows `starts_at` on every row.
    func timeValue(_ name: String, times: inout [String: String]) -> String {
        let expression: String
        if let partitions = plan.partitionRanges, partitions.column == name {
            let span = partitions.ranges.map { max(1, Int($0.1.timeIntervalSince($0.0)) - 1) }.min() ?? 1
            let starts = partitions.ranges.map { "timestamptz \(Self.literal(FakeRowWriter.utcText($0.0, dateOnly: false)))" }
            expression = "((ARRAY[\(starts.joined(separator: ", "))])[1 + \(draw(name + " partition")) % \(starts.count)]"
                + " + (\(draw(name)) % \(span)) * interval '1 second')"
        } else if let pair = plan.ordered.first(where: { $0.later == name }), let earlier = times[pair.earlier] {
            expression = "(\(earlier) + (60 + \(draw(name)) % 86400) * interval '1 second')"
        } else if name == "updated_at", let created = times["created_at"] {
            expression = "(\(created) + (\(draw(name)) % 2592000) * interval '1 second')"
        } else {
            let base = FakeRowWriter.utcText(FakeRowWriter.baseTime, dateOnly: false)
            expression = "(timestamptz \(Self.literal(base)) - (\(draw(name)) % 31536000) * interval '1 second')"
        }
        times[name] = expression
        return expression
    }
}
