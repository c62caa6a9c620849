import Foundation

/// Rows for any schema that satisfy its constraints: keys unique, foreign keys pointing at rows
/// that exist (parents first), CHECKs of the forms below respected, enums and NOT NULL honoured,
/// values that look like their column names, and some parents with many children.
///
/// The plan is pure: ``FakeDataPlan/rows(for:count:keys:)`` writes COPY text; a driver loads it
/// and hands back the keys of each table for the tables that reference it.
package struct FakeDataPlan: Sendable {
    /// A table to fill, in dependency order.
    package struct TablePlan: Sendable {
        package var table: TableInfo
        package var count: Int
        /// Columns written by COPY (identity and generated columns are the database's).
        package var columns: [ColumnInfo]
        /// Foreign keys filled from their parent's keys.
        package var foreignKeys: [ForeignKey]
        /// Foreign keys left NULL and set after every table is loaded (cycles, self-references).
        package var deferred: [ForeignKey]
        /// Column sets that must be unique (keys, unique constraints and indexes).
        package var uniqueSets: [[String]]
        /// Per column, what its CHECKs allow.
        package var checks: [String: ValueRange]
        /// `(room_id, starts_at, ends_at)` of an exclusion `room WITH =, tstzrange(s, e) WITH &&`.
        package var noOverlap: (per: [String], start: String, end: String)?
        /// `starts_at < ends_at`: the second is generated after the first.
        package var ordered: [(earlier: String, later: String)]
        /// A range-partitioned table without a default partition: its key column and the ranges
        /// its partitions cover (rows outside them would have nowhere to go).
        package var partitionRanges: (column: String, ranges: [(Date, Date)])?
        /// The same for an integer partition key.
        package var integerPartitions: (column: String, ranges: [(Int, Int)])?
        /// A partitioned table with no partition: no row has anywhere to go.
        package var hasNoPartition = false
    }

    /// What a CHECK allows a column.
    package struct ValueRange: Sendable {
        package var minimum: Double?
        package var maximum: Double?
        package var allowed: [String]?
        /// `~ '^[A-Z]{2}$'`: the anchored pattern a text must match (see ``PatternText``).
        package var pattern: String?
        /// `<> 'x'`: values to avoid.
        package var excluded: [String] = []
    }

    package var tables: [TablePlan]
    /// CHECKs no generator understands: named, so a failure is explained, never hidden.
    package var unsupportedChecks: [String]

    /// Rows that cannot be made for this schema (a cycle of NOT NULL keys, a type without a
    /// generator, an unknown table), said in one line.
    public struct PlanError: StrataError {
        public var code: StrataErrorCode { .invalidArgument }
        public var message: String
        public var description: String { "error: \(message)" }
        public init(message: String) { self.message = message }
    }

    /// The tables of `schema` (or `only` those) in an order where parents come first.
    package static func plan(schema: DatabaseSchema, counts: [QualifiedName: Int], defaultCount: Int) throws(PlanError) -> FakeDataPlan {
        let tables = schema.tables.values.filter { $0.partitionOf == nil && $0.persistence != .temporary }
        var deferred: [QualifiedName: [ForeignKey]] = [:]
        var remaining = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
        var ordered: [TableInfo] = []
        // Kahn's order on foreign keys; a cycle is broken at a nullable key, filled later.
        while !remaining.isEmpty {
            let ready = remaining.values.filter { table in
                table.foreignKeys.allSatisfy { key in
                    key.referencedTable == table.name || remaining[key.referencedTable] == nil || schema.tables[key.referencedTable] == nil
                        || deferred[table.name]?.contains(key) == true
                }
            }.sorted { $0.name < $1.name }
            if !ready.isEmpty {
                for table in ready { ordered.append(table); remaining[table.name] = nil }
                continue
            }
            // A cycle: defer one nullable foreign key of the remaining tables.
            let candidates = remaining.values.sorted { $0.name < $1.name }.flatMap { table in
                table.foreignKeys.filter { key in remaining[key.referencedTable] != nil && key.columns.allSatisfy { table.column(named: $0)?.isNotNull == false } }.map { (table.name, $0) }
            }
            guard let (name, key) = candidates.first else {
                let names = remaining.keys.sorted().map(\.description).joined(separator: ", ")
                throw PlanError(message: "the foreign keys of \(names) form a cycle of NOT NULL columns: no row can be inserted first (make one of them DEFERRABLE or nullable)")
            }
            deferred[name, default: []].append(key)
        }
        var unsupported: [String] = []
        var plans: [TablePlan] = []
        for table in ordered {
            let isSelfReference = { (key: ForeignKey) in key.referencedTable == table.name }
            var selfDeferred = table.foreignKeys.filter { isSelfReference($0) && $0.columns.allSatisfy { table.column(named: $0)?.isNotNull == false } }
            for key in table.foreignKeys where isSelfReference(key) && !selfDeferred.contains(key) {
                throw PlanError(message: "\(table.name) references itself through NOT NULL \(key.columns.joined(separator: ", ")): its first row cannot point at another")
            }
            selfDeferred += deferred[table.name] ?? []
            // Keys the database assigns (identity, serial, uuid defaults) and generated columns are its own.
            let columns = table.columns.filter { column in
                guard column.identity == nil, column.generated == nil else { return false }
                guard let value = column.defaultExpression?.text else { return true }
                return !(value.hasPrefix("nextval(") || column.type == "uuid" && column.name == "id" || table.primaryKey?.columns == [column.name])
            }
            var uniqueSets = schema.allIndexes(on: table).filter(\.isUnique).map { $0.keys.map { $0.column ?? "" } }.filter { !$0.contains("") }
            uniqueSets = Array(Set(uniqueSets)).sorted { $0.joined() < $1.joined() }
            var checks: [String: ValueRange] = [:]
            var orderedPairs: [(String, String)] = []
            // Enum columns (and arrays of them) take the type's labels.
            for column in table.columns {
                let typeName = column.type.replacingOccurrences(of: "\"", with: "")
                let parts = typeName.split(separator: ".", maxSplits: 1).map(String.init)
                let name = parts.count == 2 ? QualifiedName(schema: parts[0], name: parts[1]) : QualifiedName(schema: "public", name: typeName)
                if let enumeration = schema.enums[name] ?? schema.enums[QualifiedName(schema: table.name.schema, name: typeName)], column.arrayDimensions == 0 {
                    checks[column.name, default: ValueRange()].allowed = enumeration.values
                }
            }
            for check in table.checkConstraints {
                if !CheckReader.read(check.expression.text, into: &checks, ordered: &orderedPairs, columns: Set(table.columns.map(\.name))) {
                    unsupported.append("\(table.name).\(check.name): CHECK (\(check.expression.text))")
                }
            }
            var noOverlap: (per: [String], start: String, end: String)?
            for exclusion in table.exclusionConstraints {
                // `tstzrange(starts_at, ends_at) WITH &&`, maybe wrapped in parentheses: the innermost call's arguments.
                if let range = exclusion.elements.first(where: { $0.contains("&&") }), let close = range.firstIndex(of: ")"),
                   let open = range[..<close].lastIndex(of: "(") {
                    let parts = range[range.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    let per = exclusion.elements.filter { $0.hasSuffix("WITH =") }.map { String($0.split(separator: " ")[0]) }
                    if parts.count >= 2 { noOverlap = (per, parts[0], parts[1]); continue }
                }
                unsupported.append("\(table.name).\(exclusion.name): EXCLUDE \(exclusion.elements.joined(separator: ", "))")
            }
            var partitionRanges: (column: String, ranges: [(Date, Date)])?
            var integerPartitions: (column: String, ranges: [(Int, Int)])?
            let partitions = schema.tables.values.filter { $0.partitionOf == table.name }
            if let key = table.partitionKey, key.uppercased().hasPrefix("LIST ("), !partitions.contains(where: { $0.partitionBound?.uppercased() == "DEFAULT" }) {
                // `FOR VALUES IN (1, 2)`: the key takes the listed values.
                let column = String(key.dropFirst(6).dropLast()).trimmingCharacters(in: .whitespaces)
                let values = partitions.compactMap(\.partitionBound).flatMap { bound -> [String] in
                    guard let open = bound.firstIndex(of: "("), let close = bound.lastIndex(of: ")") else { return [] }
                    return bound[bound.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
                }
                if !values.isEmpty { checks[column, default: ValueRange()].allowed = values }
            }
            if let key = table.partitionKey, key.uppercased().hasPrefix("RANGE ("),
               !schema.tables.values.contains(where: { $0.partitionOf == table.name && $0.partitionBound?.uppercased() == "DEFAULT" }) {
                let column = String(key.dropFirst(7).dropLast()).trimmingCharacters(in: .whitespaces)
                let bounds = schema.tables.values.filter { $0.partitionOf == table.name }.compactMap(\.partitionBound)
                let ranges = bounds.compactMap(Self.dateRange)
                if !ranges.isEmpty { partitionRanges = (column, ranges) }
                let integers = bounds.compactMap(Self.integerRange)
                if !integers.isEmpty { integerPartitions = (column, integers) }
            }
            plans.append(TablePlan(table: table, count: counts[table.name] ?? defaultCount, columns: columns,
                                   foreignKeys: table.foreignKeys.filter { key in !selfDeferred.contains(key) && schema.tables[key.referencedTable] != nil },
                                   deferred: selfDeferred, uniqueSets: uniqueSets, checks: checks, noOverlap: noOverlap, ordered: orderedPairs,
                                   partitionRanges: partitionRanges, integerPartitions: integerPartitions,
                                   hasNoPartition: table.partitionKey != nil && partitions.isEmpty))
        }
        return FakeDataPlan(tables: plans, unsupportedChecks: unsupported)
    }
}

extension FakeDataPlan {
    /// `FOR VALUES FROM (1) TO (10)`: the integers it holds, end excluded.
    static func integerRange(_ bound: String) -> (Int, Int)? {
        // The catalog quotes the bounds: `FROM ('0') TO ('10')`.
        guard let match = bound.firstMatch(of: /FROM \('?(-?[0-9]+)'?\) TO \('?(-?[0-9]+)'?\)/), let from = Int(match.1), let to = Int(match.2), from < to else { return nil }
        return (from, to - 1)
    }

    /// `FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')` as dates (UTC midnight).
    static func dateRange(_ bound: String) -> (Date, Date)? {
        let quoted = bound.split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        guard quoted.count == 2 else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        // The catalog prints `2026-11-01 00:00:00+00`; the zone is UTC in a throwaway cluster and
        // a day's offset changes nothing about which partition a generated row lands in.
        func date(_ text: String) -> Date? {
            formatter.dateFormat = text.count >= 19 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd"
            return formatter.date(from: String(text.prefix(text.count >= 19 ? 19 : 10)))
        }
        guard let from = date(quoted[0]), let to = date(quoted[1]), from < to else { return nil }
        // A day inside each end: time zones cannot push a row out of its partition.
        let margin = min(86_400, to.timeIntervalSince(from) / 4)
        return (from.addingTimeInterval(margin), to.addingTimeInterval(-margin))
    }
}

/// Reads the CHECK forms the generator can satisfy: comparisons with a constant, IN lists (and
/// `= ANY (ARRAY[...])`), BETWEEN, `a < b` between two columns, conjunctions of these, and
/// `length(x) ...` / `x <> ''` which any generated text meets.
enum CheckReader {
    static func read(_ text: String, into ranges: inout [String: FakeDataPlan.ValueRange], ordered: inout [(String, String)], columns: Set<String>) -> Bool {
        var expression = text.trimmingCharacters(in: .whitespaces)
        while expression.hasPrefix("("), expression.hasSuffix(")"), balanced(String(expression.dropFirst().dropLast())) {
            expression = String(expression.dropFirst().dropLast())
        }
        let conjuncts = split(expression, on: " AND ")
        if conjuncts.count > 1, !expression.contains(" BETWEEN ") {
            // Every part is read (what is understood still applies), then judged together.
            let understood = conjuncts.map { read($0, into: &ranges, ordered: &ordered, columns: columns) }
            return !understood.contains(false)
        }
        let words = expression.split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count >= 2 else { return false }
        let column = words[0].replacingOccurrences(of: "\"", with: "")
        if expression.hasSuffix("<> ''::text") || expression.hasSuffix("<> ''") { return true }
        // `length(x) <= 200`, `char_length(x) > 0`: generated texts are short and never empty.
        if let match = expression.firstMatch(of: /^(char_)?length\(([a-z_0-9]+)\) (<=|<|>|>=|=) ([0-9]+)$/) {
            guard let limit = Int(match.4) else { return false }
            switch match.3 {
            case "<=", "<": return limit >= 40
            case ">", ">=": return limit <= 1
            default:
                ranges[String(match.2), default: FakeDataPlan.ValueRange()].pattern = "^[a-z]{\(limit)}$"
                return true
            }
        }
        guard columns.contains(column), words.count == 3 else { return false }
        let operation = words[1], operand = words[2]
        var range = ranges[column] ?? FakeDataPlan.ValueRange()
        switch operation {
        case ">", ">=", "<", "<=":
            if columns.contains(operand) {
                ordered.append(operation.hasPrefix("<") ? (column, operand) : (operand, column))
                return true
            }
            guard let value = Double(operand.replacingOccurrences(of: "'", with: "").split(separator: ":")[0]) else { return false }
            let step = operation.count == 1 ? (Double(Int(value)) == value ? 1.0 : 0.01) : 0
            if operation.hasPrefix(">") { range.minimum = max(range.minimum ?? -.infinity, value + step) } else { range.maximum = min(range.maximum ?? .infinity, value - step) }
        case "IN":
            range.allowed = literals(operand)
        case "<>", "!=":
            range.excluded += literals(operand + ")")
        case "~":
            guard let pattern = literals(operand + ")").first, PatternText.canGenerate(pattern) else { return false }
            range.pattern = pattern
        case "=":
            // `status = ANY (ARRAY['a', 'b'])`, the catalog's spelling of IN.
            guard operand.hasPrefix("ANY (ARRAY[") else { return false }
            range.allowed = literals(String(operand.dropFirst(5)))
        case "BETWEEN":
            let bounds = operand.components(separatedBy: " AND ")
            guard bounds.count == 2, let low = Double(bounds[0]), let high = Double(bounds[1]) else { return false }
            range.minimum = low
            range.maximum = high
        default:
            return false
        }
        ranges[column] = range
        return true
    }

    static func literals(_ text: String) -> [String] {
        var values: [String] = [], current = "", inString = false, previousQuote = false
        for character in text {
            if inString {
                if character == "'" { inString = false; previousQuote = true; continue }
                current.append(character)
            } else if character == "'" {
                if previousQuote { current.append("'") }
                inString = true
            } else {
                if previousQuote, character == "," || character == ")" || character == "]" || character == ":" {
                    values.append(current)
                    current = ""
                }
                if character.isNumber || character == "." || character == "-", !previousQuote {
                    current.append(character)
                } else if (character == "," || character == ")" || character == "]"), !current.isEmpty, !previousQuote {
                    values.append(current)
                    current = ""
                }
                if character != " " { previousQuote = false }
            }
        }
        if !current.isEmpty { values.append(current) }
        return values
    }

    static func balanced(_ text: String) -> Bool {
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1; if depth < 0 { return false } }
        }
        return depth == 0
    }

    /// Splits on `separator` outside parentheses and quotes.
    static func split(_ text: String, on separator: String) -> [String] {
        var parts: [String] = [], depth = 0, inString = false, start = text.startIndex, index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "'" { inString.toggle() }
            if !inString {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if depth == 0, text[index...].hasPrefix(separator) {
                    parts.append(String(text[start..<index]).trimmingCharacters(in: .whitespaces))
                    index = text.index(index, offsetBy: separator.count)
                    start = index
                    continue
                }
            }
            index = text.index(after: index)
        }
        parts.append(String(text[start...]).trimmingCharacters(in: .whitespaces))
        return parts
    }
}

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

/// Texts for the anchored regular expressions CHECKs commonly hold (`^[A-Z]{2}$`,
/// `^[0-9]{5}(-[0-9]{4})?$` without the group): character classes, `\\d`, `\\w`, literals,
/// `{n}`, `{n,m}`, `?`, `+` and `*`. Written by hand: generating text from a pattern is not
/// something Foundation or the machine's packages do.
enum PatternText {
    static func canGenerate(_ pattern: String) -> Bool { tokens(pattern) != nil }

    static func generate(_ pattern: String, using random: inout SeededRandom) -> String {
        var text = ""
        for (characters, minimum, maximum) in tokens(pattern) ?? [] {
            let count = minimum + random.below(maximum - minimum + 1)
            for _ in 0..<count { text.append(characters[random.below(characters.count)]) }
        }
        return text
    }

    /// Each piece: the characters it allows and how many times it repeats.
    static func tokens(_ pattern: String) -> [([Character], Int, Int)]? {
        var characters = Array(pattern)
        guard characters.first == "^", characters.last == "$" else { return nil }
        characters = Array(characters.dropFirst().dropLast())
        var result: [([Character], Int, Int)] = []
        var index = 0
        func range(_ from: Character, _ to: Character) -> [Character] {
            guard let low = from.asciiValue, let high = to.asciiValue, low <= high else { return [] }
            return (low...high).map { Character(UnicodeScalar($0)) }
        }
        while index < characters.count {
            var allowed: [Character]
            let character = characters[index]
            if character == "[" {
                guard let close = characters[index...].firstIndex(of: "]") else { return nil }
                allowed = []
                var inner = index + 1
                while inner < close {
                    if inner + 2 < close, characters[inner + 1] == "-" {
                        allowed += range(characters[inner], characters[inner + 2])
                        inner += 3
                    } else {
                        allowed.append(characters[inner])
                        inner += 1
                    }
                }
                index = close + 1
            } else if character == "\\", index + 1 < characters.count {
                switch characters[index + 1] {
                case "d": allowed = range("0", "9")
                case "w": allowed = range("a", "z") + range("0", "9")
                default: allowed = [characters[index + 1]]
                }
                index += 2
            } else if "()|.^$".contains(character) {
                return nil
            } else {
                allowed = [character]
                index += 1
            }
            guard !allowed.isEmpty else { return nil }
            var minimum = 1, maximum = 1
            if index < characters.count {
                switch characters[index] {
                case "?": minimum = 0; index += 1
                case "+": maximum = 8; index += 1
                case "*": minimum = 0; maximum = 8; index += 1
                case "{":
                    guard let close = characters[index...].firstIndex(of: "}") else { return nil }
                    let bounds = String(characters[(index + 1)..<close]).split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
                    guard let low = bounds.first ?? nil else { return nil }
                    minimum = low
                    maximum = bounds.count > 1 ? (bounds[1] ?? low + 8) : low
                    index = close + 1
                default: break
                }
            }
            result.append((allowed, minimum, maximum))
        }
        return result
    }
}
