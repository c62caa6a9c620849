import Foundation

/// A small deterministic generator (SplitMix64): the same seed, the same rows.
package struct SeededRandom: RandomNumberGenerator, Sendable {
    var state: UInt64
    package init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// In `0..<bound`.
    package mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
    /// In `0..<bound`, low values far likelier: some parents get many children.
    package mutating func skewed(_ bound: Int) -> Int {
        let unit = Double(next() >> 11) / Double(1 << 53)
        return min(bound - 1, Int(Double(bound) * unit * unit * unit))
    }
}

/// Writes rows of one table as COPY text.
package struct FakeRowWriter {
    let plan: FakeDataPlan.TablePlan
    /// Keys of each referenced table, as text tuples in the referenced columns' order (see ``target(of:)``).
    let parentKeys: [String: [[String]]]
    var random: SeededRandom
    /// Hashes of the key values taken, per unique column set: a collision of two different keys
    /// only costs a retry, never a duplicate.
    var seen: [Set<Int>]
    var slots: [String: Int] = [:]
    /// What each column needs, worked out once per table, not once per row.
    let facts: [ColumnFacts]
    let columnIndex: [String: Int]
    let uniqueIndices: [[Int]]
    let foreignKeys: [(key: ForeignKey, candidates: [[String]], columns: [Int?], oneToOne: Bool)]

    /// A column's generator, chosen once.
    struct ColumnFacts {
        enum Text { case email, person, phone, code(String), handle, url, title, words }
        var name: String
        var deferred: Bool
        var unique: Bool
        var nullable: Bool
        var partitionKey: Bool
        var text: Text
        var length: Int?
        var fixedLength: Bool
        var scale: Int
        var precision: Int
    }
    /// Rows that could not be made unique after retries (a small key space), skipped.
    package private(set) var skipped = 0
    let baseTime = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01: fixed, so a seed gives the same rows.

    /// The key of `parentKeys` for a foreign key: its table and referenced columns.
    package static func target(of key: ForeignKey) -> String { "\(key.referencedTable.sql)(\(key.referencedColumns.joined(separator: ",")))" }

    package init(plan: FakeDataPlan.TablePlan, parentKeys: [String: [[String]]], seed: UInt64) {
        self.plan = plan
        self.parentKeys = parentKeys
        // Table names mix into the seed by their bytes (hashValue changes from run to run).
        self.random = SeededRandom(seed: plan.table.name.sql.utf8.reduce(seed) { ($0 &* 31) &+ UInt64($1) })
        let columnIndex = Dictionary(uniqueKeysWithValues: plan.columns.enumerated().map { ($1.name, $0) })
        self.columnIndex = columnIndex
        // Only sets Strata writes every column of: the database fills the others (identity keys).
        uniqueIndices = plan.uniqueSets.compactMap { set in
            let indices = set.compactMap { columnIndex[$0] }
            return indices.count == set.count && !indices.isEmpty ? indices : nil
        }
        self.seen = uniqueIndices.map { _ in [] }
        let partitionWords = Set(plan.table.partitionKey.map { $0.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).map(String.init) } ?? [])
        facts = plan.columns.map { column in
            let name = column.name.lowercased(), type = column.type
            let text: ColumnFacts.Text =
                name.contains("email") ? .email
                : name == "name" || name.hasSuffix("_name") ? .person
                : name.contains("phone") ? .phone
                : name.contains("sku") || name.contains("code") || name.contains("serial") ? .code(String(name.uppercased().prefix(3)))
                : name.contains("handle") || name.contains("username") || name.contains("login") || name.contains("slug") ? .handle
                : name.contains("url") || name.contains("website") ? .url
                : name.contains("title") || name.contains("subject") ? .title
                : .words
            let digits = Int(type.drop { $0 != "(" }.dropFirst().prefix { $0.isNumber })
            return ColumnFacts(
                name: column.name, deferred: plan.deferred.contains { $0.columns.contains(column.name) },
                unique: plan.uniqueSets.contains { $0.contains(column.name) },
                nullable: !column.isNotNull && column.defaultExpression == nil && !partitionWords.contains(column.name)
                    && !plan.uniqueSets.contains { $0 == [column.name] } && !plan.ordered.contains { $0.later == column.name || $0.earlier == column.name }
                    && plan.noOverlap?.start != column.name && plan.noOverlap?.end != column.name,
                partitionKey: partitionWords.contains(column.name), text: text, length: digits,
                fixedLength: type.hasPrefix("character(") && !type.hasPrefix("character varying"),
                scale: Int(type.split(separator: ",").last?.dropLast() ?? "2") ?? 2, precision: digits ?? 12)
        }
        foreignKeys = plan.foreignKeys.map { key in
            (key, parentKeys[Self.target(of: key)] ?? [], key.columns.map { columnIndex[$0] },
             plan.uniqueSets.contains { Set($0).isSubset(of: Set(key.columns)) })
        }
    }

    /// COPY text for rows `range` (tab-separated, `\N` for NULL).
    package mutating func copyText(rows range: Range<Int>) throws(FakeDataPlan.PlanError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count * 64)
        for row in range {
            var values: [String?]?
            for _ in 0..<20 {
                let candidate = try makeRow(row)
                if isUnique(candidate) { values = candidate; break }
            }
            guard let values else { skipped += 1; continue }
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(9) }
                if let value { Self.appendEscaped(value, to: &out) } else { out.append(contentsOf: [92, 78]) }
            }
            out.append(10)
        }
        return out
    }

    mutating func isUnique(_ values: [String?]) -> Bool {
        var keys: [Int?] = []
        keys.reserveCapacity(uniqueIndices.count)
        for set in uniqueIndices {
            var hasher = Hasher()
            var hasNull = false
            for index in set {
                // NULLs never collide (distinct NULLs).
                guard let value = values[index] else { hasNull = true; break }
                hasher.combine(value)
            }
            keys.append(hasNull ? nil : hasher.finalize())
        }
        for (index, key) in keys.enumerated() { if let key, seen[index].contains(key) { return false } }
        for (index, key) in keys.enumerated() { if let key { seen[index].insert(key) } }
        return true
    }

    mutating func makeRow(_ row: Int) throws(FakeDataPlan.PlanError) -> [String?] {
        var values = [String?](repeating: nil, count: plan.columns.count)
        var assigned = [Bool](repeating: false, count: plan.columns.count)
        // Foreign keys first: one parent row per key, agreeing with columns already set (a shared tenant_id).
        for foreign in foreignKeys {
            let candidates = foreign.candidates
            guard !candidates.isEmpty else {
                if foreign.key.columns.allSatisfy({ plan.table.column(named: $0)?.isNotNull == false }) { continue }
                throw FakeDataPlan.PlanError(message: "\(plan.table.name): \(foreign.key.referencedTable) has no rows to reference (\(foreign.key.name))")
            }
            var fixed: [(Int, String)] = []
            for (position, index) in foreign.columns.enumerated() {
                if let index, assigned[index], let value = values[index] { fixed.append((position, value)) }
            }
            var choice: [String]?
            if fixed.isEmpty, foreign.oneToOne {
                // A unique foreign key (one to one): each parent once, in turn.
                choice = candidates[row % candidates.count]
            } else if fixed.isEmpty {
                choice = candidates[random.skewed(candidates.count)]
            } else {
                for _ in 0..<64 {
                    let candidate = candidates[random.below(candidates.count)]
                    if fixed.allSatisfy({ candidate[$0.0] == $0.1 }) { choice = candidate; break }
                }
                if choice == nil { choice = candidates.first { candidate in fixed.allSatisfy { candidate[$0.0] == $0.1 } } }
            }
            guard let choice else { continue }
            for (position, index) in foreign.columns.enumerated() {
                guard let index else { continue }
                values[index] = choice[position]
                assigned[index] = true
            }
        }
        var times: [String: Date] = [:]
        for (index, column) in plan.columns.enumerated() where !assigned[index] && !facts[index].deferred {
            values[index] = try value(for: column, facts: facts[index], row: row, times: &times, values: values)
        }
        return values
    }

    mutating func value(for column: ColumnInfo, facts: ColumnFacts, row: Int, times: inout [String: Date], values: [String?]) throws(FakeDataPlan.PlanError) -> String? {
        let range = plan.checks[column.name]
        if let allowed = range?.allowed, !allowed.isEmpty { return allowed[random.below(allowed.count)] }
        if let pattern = range?.pattern { return PatternText.generate(pattern, using: &random) }
        if facts.nullable && random.below(5) == 0 { return nil }
        if column.arrayDimensions > 0 { return "{}" }
        let type = column.type
        let unique = facts.unique
        if type.hasPrefix("timestamp") || type == "date" {
            let date = timeValue(column: column.name, row: row, times: &times, values: values)
            return Self.utcText(date, dateOnly: type == "date")
        }
        switch type {
        case "integer", "bigint", "smallint":
            if let partitions = plan.integerPartitions, partitions.column == column.name {
                let (low, high) = partitions.ranges[random.below(partitions.ranges.count)]
                return String(low + random.below(high - low + 1))
            }
            if unique || column.name == "id" { return String(row + 1) }
            let low = Int(range?.minimum ?? 0), high = Int(range?.maximum ?? (type == "smallint" ? 100 : 1000))
            return String(low + random.below(max(1, high - low + 1)))
        case "boolean": return random.below(2) == 0 ? "t" : "f"
        case "double precision", "real":
            let low = range?.minimum ?? 0, high = range?.maximum ?? 100
            return (low + Double(random.below(10_000)) / 10_000 * (high - low)).fixed(decimals: 3)
        case "uuid": return uuid()
        case "jsonb", "json":
            let colors = ["red", "green", "blue", "black"]
            return "{\"color\": \"\(colors[random.below(colors.count)])\", \"size\": \(random.below(50))}"
        case "bytea": return "\\x" + Self.hex(random.next())
        case "inet", "cidr": return "10.\(random.below(256)).\(random.below(256)).\(random.below(254) + 1)"
        case "interval": return "\(random.below(48) + 1) hours"
        case "time without time zone", "time with time zone": return "\(10 + random.below(14)):\(10 + random.below(50)):00"
        default: break
        }
        if type.hasPrefix("numeric") {
            let scale = facts.scale, precision = facts.precision
            let limit = min(pow(10, Double(precision - scale)) - 1, 10_000)
            let low = range?.minimum ?? 0, high = min(range?.maximum ?? limit, limit)
            let value = low + Double(random.below(1_000_000)) / 1_000_000 * max(0, high - low)
            return value.fixed(decimals: min(scale, 2))
        }
        if type == "text" || type.hasPrefix("character") || type == "citext" {
            var text = textValue(facts.text, row: row, unique: unique)
            if let length = facts.length, text.count > length {
                text = facts.fixedLength ? String(text.prefix(length)) : String(text.suffix(length))
            }
            return text
        }
        if !column.isNotNull { return nil }
        throw FakeDataPlan.PlanError(message: "\(plan.table.name).\(column.name): no generator for type \(type) (NOT NULL, no default)")
    }

    mutating func timeValue(column: String, row: Int, times: inout [String: Date], values: [String?]) -> Date {
        if let overlap = plan.noOverlap, column == overlap.start || column == overlap.end {
            // One slot after another per key: bookings of one room never overlap.
            let key = overlap.per.compactMap { columnIndex[$0].flatMap { values[$0] } }.joined(separator: "|")
            if column == overlap.start {
                let slot = slots[key, default: 0]
                slots[key] = slot + 1
                let start = baseTime.addingTimeInterval(Double(slot) * 7200)
                times[column] = start
                return start
            }
            return (times[overlap.start] ?? baseTime).addingTimeInterval(3600)
        }
        if let partitions = plan.partitionRanges, partitions.column == column {
            let (from, to) = partitions.ranges[random.below(partitions.ranges.count)]
            let date = from.addingTimeInterval(Double(random.below(max(1, Int(to.timeIntervalSince(from)) - 1))))
            times[column] = date
            return date
        }
        if let pair = plan.ordered.first(where: { $0.later == column }), let earlier = times[pair.earlier] {
            let later = earlier.addingTimeInterval(Double(random.below(86_400) + 60))
            times[column] = later
            return later
        }
        if column == "updated_at", let created = times["created_at"] {
            let later = created.addingTimeInterval(Double(random.below(30 * 86_400)))
            times[column] = later
            return later
        }
        // In the year before the base time: created_at is in the past, spread over months.
        let date = baseTime.addingTimeInterval(-Double(random.below(365 * 86_400)))
        times[column] = date
        return date
    }

    static let firstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Dennis"]
    static let lastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Ritchie"]
    static let words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do"]

    mutating func textValue(_ kind: ColumnFacts.Text, row: Int, unique: Bool) -> String {
        let suffix = unique ? String(row + 1) : String(random.below(1000))
        switch kind {
        case .email: return "user" + suffix + "@example.com"
        case .person:
            let person = Self.firstNames[random.below(10)] + " " + Self.lastNames[random.below(10)]
            return unique ? person + " " + suffix : person
        case .phone: return "+1-555-" + String(1000 + (unique ? row % 9000 : random.below(9000))) + (unique ? "-" + String(row) : "")
        case .code(let prefix): return prefix + "-" + String(10_000_000 + (unique ? row + 1 : random.below(9_999_999)))
        case .handle: return "user_" + suffix
        case .url: return "https://example.com/" + suffix
        case .title: return "Title " + suffix
        case .words:
            var body = Self.words[random.below(10)]
            for _ in 0..<(2 + random.below(6)) { body += " " + Self.words[random.below(10)] }
            return unique ? body + " " + suffix : body
        }
    }

    mutating func uuid() -> String {
        var hex = Array(Self.hex(random.next()) + Self.hex(random.next()))
        hex[12] = "4"
        hex[16] = "a"
        return String(hex[0..<8]) + "-" + String(hex[8..<12]) + "-" + String(hex[12..<16]) + "-" + String(hex[16..<20]) + "-" + String(hex[20..<32])
    }

    static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// `2026-01-01 12:00:00+00` (or the date alone): Foundation's formatters cost more than the
    /// rest of a row, so the civil date is computed from the day count (Hinnant's algorithm).
    static func utcText(_ date: Date, dateOnly: Bool) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "\(year)-\(two(month))-\(two(day))"
        if dateOnly { return text }
        return text + " \(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))+00"
    }

    static func appendEscaped(_ value: String, to out: inout [UInt8]) {
        for byte in value.utf8 {
            switch byte {
            case 92: out.append(contentsOf: [92, 92])
            case 9: out.append(contentsOf: [92, 116])
            case 10: out.append(contentsOf: [92, 110])
            case 13: out.append(contentsOf: [92, 114])
            default: out.append(byte)
            }
        }
    }
}
