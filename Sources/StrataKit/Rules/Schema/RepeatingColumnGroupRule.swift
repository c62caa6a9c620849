/// phone1, phone2, phone3: a child table in disguise (1NF).
struct RepeatingColumnGroupRule: SchemaRule {
    static let description = RuleDescription(
        id: "repeating-column-group", severity: .warning,
        summary: "Numbered columns (phone1, phone2, ...) form a repeating group",
        rationale: "A repeating group breaks first normal form: a fourth phone needs a migration, queries must OR across every column, and nothing stops the same value in two slots. Model it as a child table with one row per value.",
        triggeringExamples: ["CREATE TABLE contacts (id bigint PRIMARY KEY, ↓phone1 text, phone2 text, phone3 text);"],
        nonTriggeringExamples: [
            "CREATE TABLE contacts (id bigint PRIMARY KEY, phone text);",
            "CREATE TABLE addresses (id bigint PRIMARY KEY, line1 text, line2 text);",
            "CREATE TABLE hashes (id bigint PRIMARY KEY, sha1 text, sha256 text);",
            "CREATE TABLE links (id bigint PRIMARY KEY, selementid1 bigint NOT NULL, selementid2 bigint NOT NULL);",
            "CREATE TABLE people (id bigint PRIMARY KEY, name1 text, name2 text, address1 text, address2 text, address3 text);",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            var groups: [String: [(Int, ColumnInfo)]] = [:]
            var order: [String] = []
            for column in table.columns {
                let name = column.name.lowercased()
                let digits = name.reversed().prefix { $0.isNumber }
                guard !digits.isEmpty, digits.count < name.count, let number = Int(String(digits.reversed())) else { continue }
                var stem = String(name.dropLast(digits.count))
                if stem.hasSuffix("_") { stem.removeLast() }
                if groups[stem] == nil { order.append(stem) }
                groups[stem, default: []].append((number, column))
            }
            return order.compactMap { stem -> Finding? in
                // A pair is the two ends of a relation (selementid1, selementid2) or two parts of one
                // value (address1, address2, name1, name2), not a list: a group has three or more.
                guard let members = groups[stem], members.count >= 3 else { return nil }
                // address line1/line2/line3 is a fixed layout, not a repeating group.
                if stem == "line" || stem.hasPrefix("address") { return nil }
                let numbers = members.map(\.0).sorted()
                guard numbers.first! <= 2, numbers.last! - numbers.first! == numbers.count - 1 else { return nil }
                let names = members.map(\.1.name)
                return Self.description.finding(
                    "\(table.name) repeats \(stem) in \(names.joined(separator: ", ")); if these are a list, move them to a child table (one row per \(stem), with a foreign key to \(table.name) and the type of \(names[0])) and migrate the values",
                    at: members[0].1.location, object: context.object(table, names[0]))
            }
        }
    }
}
