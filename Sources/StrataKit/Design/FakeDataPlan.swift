import Foundation

/// Rows for any schema that satisfy its constraints: keys unique, foreign keys pointing at rows
/// that exist (parents first), CHECKs of the forms below respected, enums and NOT NULL honoured,
/// values that look like their column names, and some parents with many children.
///
/// The plan is pure: ``FakeRowWriter`` writes each table's rows as COPY text from the keys of the
/// tables it references, which a driver (StrataPostgres' FakeDataLoader) reads after loading them.
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
    package struct PlanError: StrataError {
        package var code: StrataErrorCode { .invalidArgument }
        package var message: String
        package var description: String { "error: \(message)" }
        package init(message: String) { self.message = message }
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
