import Foundation
import Yams

/// What `strata design` is asked for: entities, relationships, access patterns and targets, read
/// from YAML with the position of every value, so each error names its line and field.
///
/// ```yaml
/// entities:
///   customer: { attributes: { email: "text unique", name: text }, soft_delete: true }
///   order:    { attributes: { status: "enum(pending, paid)", total: money } }
/// relationships:
///   - customer has many order
/// access_patterns:
///   - { name: recent orders, query: "orders of customer by created_at desc limit 20", per_second: 300 }
/// ```
package struct DesignSpec: Sendable {
    /// How tenants share the database (`tenancy_model`).
    package enum Tenancy: String, Sendable { case none, shared, schemaPerTenant = "schema-per-tenant", databasePerTenant = "db-per-tenant" }

    /// `email: "text unique"`: a column of an entity.
    package struct Attribute: Sendable {
        package var name: String
        /// `text`, `bigint`, `numeric(12,2)`, `jsonb`, or an enum's labels.
        package var type: String
        package var enumLabels: [String]?
        package var optional = false
        package var unique = false
        /// `> 0`, `between 1 and 5`: the CHECK on the column.
        package var check: String?
        package var defaultValue: String?
        package var location: SourceLocation
    }

    /// `customer: { attributes: {...}, soft_delete: true }`: a table to be.
    package struct Entity: Sendable {
        package var name: String
        package var attributes: [Attribute]
        package var softDelete = false
        /// UUID keys (v7, time-ordered) instead of identity bigints.
        package var uuidKeys = false
        /// Shared by every tenant (a lookup table): no tenant_id.
        package var global = false
        package var location: SourceLocation
    }

    /// `customer has many order`: a foreign key, or a join table with its attributes.
    package struct Relationship: Sendable {
        package enum Kind: Sendable { case hasMany, hasOne, manyThrough(String, [Attribute]) }
        package var parent: String
        package var child: String
        package var kind: Kind
        package var optional = false
        package var location: SourceLocation
    }

    /// A rule the database must enforce beyond columns: no overlap, uniqueness within a parent.
    package struct EntityRule: Sendable {
        package enum Kind: Sendable {
            /// `no overlap of starts_at..ends_at per room`.
            case noOverlap(start: String, end: String, per: String)
            /// `unique number per invoice`.
            case uniquePer(attribute: String, per: String)
        }
        package var entity: String
        package var kind: Kind
        package var location: SourceLocation
    }

    /// A query or write path the application runs, with how often.
    package struct AccessPattern: Sendable {
        package var name: String
        /// The phrase (`orders of customer by created_at desc limit 20`), or nil for `sql:`.
        package var query: String?
        package var sql: String?
        package var perSecond: Double
        /// A write path (`writes:`) with the entities it changes together, for transactions.md.
        package var writes: [String] = []
        package var location: SourceLocation
    }

    package var databaseType = "postgresql"
    package var tenancy: Tenancy = .none
    package var entities: [Entity] = []
    package var relationships: [Relationship] = []
    package var rules: [EntityRule] = []
    package var accessPatterns: [AccessPattern] = []
    package var qps: Double?
    package var rows: [String: Double] = [:]
    package var growthPerMonth: [String: Double] = [:]
    /// Retention in days, per entity.
    package var retentionDays: [String: Double] = [:]
    package var rpoMinutes: Double?
    package var rtoMinutes: Double?
    package var compliance: [String] = []
    package var migrationConstraints: [String] = []
    package var path: String

    package func entity(_ name: String) -> Entity? { entities.first { $0.name == name } }
}

/// A spec that cannot be designed from: where and why.
package struct DesignSpecError: LocatedError {
    package var code: StrataErrorCode { .invalidArgument }
    package var location: SourceLocation
    package var message: String
}

extension DesignSpec {
    /// Reads a spec; every error names the line and the field.
    package static func parse(path: String, text: String) throws(DesignSpecError) -> DesignSpec {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw DesignSpecError(location: SourceLocation(file: path, line: 1, column: 1), message: "the spec is empty")
            }
            root = node
        } catch let error as DesignSpecError {
            throw error
        } catch let error as YamlError {
            let location = SpecReader.location(of: error, path: path)
            var message = "not valid YAML: \(SpecReader.problem(of: error))"
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(location.line - 1).first ?? ""
            if line.contains(" through "), line.contains("{"), !line.contains(": {") {
                message += "; write the join's attributes after a colon: `A has many B through J: { quantity: int }`"
            }
            throw DesignSpecError(location: location, message: message)
        } catch {
            throw DesignSpecError(location: SourceLocation(file: path, line: 1, column: 1), message: "not valid YAML: \(error)")
        }
        var reader = SpecReader(path: path)
        return try reader.spec(root)
    }
}

/// Walks the YAML nodes into a ``DesignSpec``.
struct SpecReader {
    let path: String

    static func location(of error: YamlError, path: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: path, line: mark.line, column: mark.column)
        default:
            return SourceLocation(file: path, line: 1, column: 1)
        }
    }

    static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(error)"
        }
    }

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    func fail(_ node: Node, _ message: String) -> DesignSpecError { DesignSpecError(location: location(node), message: message) }

    func pairs(_ node: Node, _ what: String) throws(DesignSpecError) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let mapping) = node else { throw fail(node, "\(what) must be a mapping (key: value)") }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw fail(key, "\(what): keys are names") }
            result.append((name, key, value))
        }
        return result
    }

    func items(_ node: Node, _ what: String) throws(DesignSpecError) -> [Node] {
        guard case .sequence(let sequence) = node else { throw fail(node, "\(what) must be a list") }
        return Array(sequence)
    }

    func text(_ node: Node, _ what: String) throws(DesignSpecError) -> String {
        guard case .scalar(let scalar) = node else { throw fail(node, "\(what) must be a single value") }
        return scalar.string
    }

    mutating func spec(_ root: Node) throws(DesignSpecError) -> DesignSpec {
        var spec = DesignSpec(path: path)
        let known: Set<String> = ["database_type", "tenancy_model", "entities", "relationships", "access_patterns", "scale_targets",
                                  "compliance_requirements", "migration_constraints", "rules", "recovery"]
        var sawEntities = false
        for (key, keyNode, value) in try pairs(root, "the spec") {
            switch key {
            case "database_type":
                spec.databaseType = try text(value, key)
                guard spec.databaseType == "postgresql" else {
                    throw fail(value, "database_type \(spec.databaseType): Strata designs for postgresql (sqlite and mysql are not designed yet)")
                }
            case "tenancy_model":
                let name = try text(value, key)
                guard let tenancy = DesignSpec.Tenancy(rawValue: name) else {
                    throw fail(value, "tenancy_model \(name): use shared, schema-per-tenant or db-per-tenant")
                }
                spec.tenancy = tenancy
            case "entities":
                sawEntities = true
                for (name, nameNode, body) in try pairs(value, "entities") { spec.entities.append(try entity(name, nameNode, body)) }
            case "relationships":
                for item in try items(value, key) { spec.relationships.append(try relationship(item)) }
            case "rules":
                for item in try items(value, key) { spec.rules.append(try rule(item)) }
            case "access_patterns":
                for item in try items(value, key) { spec.accessPatterns.append(try accessPattern(item)) }
            case "scale_targets":
                try scale(value, into: &spec)
            case "recovery":
                for (name, _, item) in try pairs(value, key) {
                    switch name {
                    case "rpo": spec.rpoMinutes = try Quantities.duration(try text(item, "rpo"), at: location(item)) * 24 * 60
                    case "rto": spec.rtoMinutes = try Quantities.duration(try text(item, "rto"), at: location(item)) * 24 * 60
                    default: throw fail(item, "recovery has rpo and rto, not \(name)")
                    }
                }
            case "compliance_requirements":
                spec.compliance = try items(value, key).map { node throws(DesignSpecError) in try text(node, key) }
                for (node, name) in zip(try items(value, key), spec.compliance) where !["audit", "gdpr-erasure", "pii"].contains(name) {
                    throw fail(node, "compliance requirement \(name): use audit, gdpr-erasure or pii")
                }
            case "migration_constraints":
                spec.migrationConstraints = try items(value, key).map { node throws(DesignSpecError) in try text(node, key) }
            default:
                throw fail(keyNode, "unknown field \(key): the spec has \(known.sorted().joined(separator: ", "))")
            }
        }
        guard sawEntities, !spec.entities.isEmpty else { throw fail(root, "the spec has no entities") }
        try validate(spec)
        return spec
    }

    func entity(_ name: String, _ nameNode: Node, _ body: Node) throws(DesignSpecError) -> DesignSpec.Entity {
        guard Naming.isIdentifier(name) else { throw fail(nameNode, "entity name \(name): use a lower-case word (letters, digits, _)") }
        var entity = DesignSpec.Entity(name: name, attributes: [], location: location(nameNode))
        for (key, keyNode, value) in try pairs(body, "entity \(name)") {
            switch key {
            case "attributes":
                for (attribute, attributeNode, typeNode) in try pairs(value, "attributes of \(name)") {
                    entity.attributes.append(try self.attribute(attribute, attributeNode, try text(typeNode, "attribute \(attribute)"), at: typeNode))
                }
            case "soft_delete": entity.softDelete = value.bool ?? false
            case "keys":
                let kind = try text(value, key)
                guard kind == "uuid" || kind == "bigint" else { throw fail(value, "keys: \(kind): use bigint (identity) or uuid (v7)") }
                entity.uuidKeys = kind == "uuid"
            case "global": entity.global = value.bool ?? false
            default: throw fail(keyNode, "unknown field \(key) of entity \(name): it has attributes, soft_delete, keys, global")
            }
        }
        return entity
    }

    /// `text unique`, `int > 0`, `enum(a, b)`, `money?`, `timestamp default now()`.
    func attribute(_ name: String, _ nameNode: Node, _ text: String, at node: Node) throws(DesignSpecError) -> DesignSpec.Attribute {
        guard Naming.isIdentifier(name) else { throw fail(nameNode, "attribute name \(name): use a lower-case word (letters, digits, _)") }
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var typeWord = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        rest = rest.dropFirst(typeWord.count)
        if rest.hasPrefix("(") {
            guard let close = rest.firstIndex(of: ")") else { throw fail(node, "\(name): `(` of \(typeWord) is not closed") }
            typeWord += rest[...close]
            rest = rest[rest.index(after: close)...]
        }
        var attribute = DesignSpec.Attribute(name: name, type: "", location: location(node))
        if rest.hasPrefix("?") { attribute.optional = true; rest = rest.dropFirst() }
        let (type, labels) = try Self.sqlType(typeWord, attribute: name, at: location(node))
        attribute.type = type
        attribute.enumLabels = labels
        var words = rest.split(separator: " ").map(String.init)
        while let word = words.first {
            if word == "unique" { attribute.unique = true; words.removeFirst(); continue }
            if word == "optional" { attribute.optional = true; words.removeFirst(); continue }
            if word == "default" {
                words.removeFirst()
                guard !words.isEmpty else { throw fail(node, "\(name): default needs a value") }
                let value = words.prefix { $0 != "unique" }.joined(separator: " ")
                attribute.defaultValue = value
                words.removeFirst(words.prefix { $0 != "unique" }.count)
                continue
            }
            if [">", ">=", "<", "<=", "<>", "!=", "=", "between", "in", "~", "like"].contains(word.lowercased()) || word.hasPrefix(">") || word.hasPrefix("<") {
                let end = words.firstIndex { $0 == "unique" || $0 == "default" } ?? words.count
                attribute.check = words[..<end].joined(separator: " ")
                words.removeFirst(end)
                continue
            }
            throw fail(node, "\(name): `\(word)` is not understood; an attribute is a type, then ?, unique, a check (> 0) or default <value>")
        }
        return attribute
    }

    /// A type word of the spec as PostgreSQL spells it.
    static func sqlType(_ word: String, attribute: String, at location: SourceLocation) throws(DesignSpecError) -> (String, [String]?) {
        let lower = word.lowercased()
        if lower.hasPrefix("enum(") {
            let labels = lower.dropFirst(5).dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !labels.isEmpty else { throw DesignSpecError(location: location, message: "\(attribute): enum() needs its values") }
            return ("text", labels)
        }
        if lower.hasPrefix("decimal(") || lower.hasPrefix("numeric(") { return ("numeric" + lower.drop { $0 != "(" }, nil) }
        if lower.hasPrefix("varchar(") { return ("character varying" + lower.drop { $0 != "(" }, nil) }
        let types: [String: String] = [
            "text": "text", "string": "text", "int": "integer", "integer": "integer", "bigint": "bigint", "smallint": "smallint",
            "money": "numeric(12,2)", "decimal": "numeric", "numeric": "numeric", "bool": "boolean", "boolean": "boolean",
            "date": "date", "timestamp": "timestamp with time zone", "timestamptz": "timestamp with time zone", "time": "time without time zone",
            "json": "jsonb", "jsonb": "jsonb", "uuid": "uuid", "float": "double precision", "double": "double precision",
            "bytes": "bytea", "inet": "inet", "interval": "interval",
        ]
        guard let type = types[lower] else {
            throw DesignSpecError(location: location, message: "\(attribute): unknown type \(word); use text, int, bigint, money, decimal(p,s), bool, date, timestamp, json, uuid or enum(...)")
        }
        return (type, nil)
    }

    /// `customer has many order`, `order has one invoice`, `order has many product through
    /// order_item: { quantity: int }` (the join's attributes as a mapping, or inside a quoted line).
    func relationship(_ node: Node) throws(DesignSpecError) -> DesignSpec.Relationship {
        if case .mapping = node {
            let entries = try pairs(node, "a relationship")
            guard entries.count == 1, let entry = entries.first else { throw fail(node, "a relationship is one line: `A has many B through J: { attributes }`") }
            var relationship = try relationship(line: entry.key, at: entry.keyNode)
            guard case .manyThrough(let join, _) = relationship.kind else { throw fail(entry.keyNode, "only `A has many B through J` takes attributes") }
            var attributes: [DesignSpec.Attribute] = []
            for (name, nameNode, typeNode) in try pairs(entry.value, "the attributes of \(join)") {
                attributes.append(try attribute(name, nameNode, try text(typeNode, "attribute \(name)"), at: typeNode))
            }
            relationship.kind = .manyThrough(join, attributes)
            return relationship
        }
        return try relationship(line: try text(node, "a relationship"), at: node)
    }

    func relationship(line: String, at node: Node) throws(DesignSpecError) -> DesignSpec.Relationship {
        var head = line, attributesText: String?
        if let brace = line.firstIndex(of: "{") {
            head = String(line[..<brace])
            guard line.hasSuffix("}") else { throw fail(node, "the attributes of a relationship end with }") }
            attributesText = String(line[line.index(after: brace)..<line.index(before: line.endIndex)])
        }
        let words = head.split(separator: " ").map(String.init)
        guard words.count >= 4, words[1] == "has", words[2] == "many" || words[2] == "one" else {
            throw fail(node, "relationship `\(line)`: write `A has many B`, `A has one B` or `A has many B through J { ... }`")
        }
        var child = words[3]
        var optional = false
        if child.hasSuffix("?") { child.removeLast(); optional = true }
        var kind: DesignSpec.Relationship.Kind = words[2] == "many" ? .hasMany : .hasOne
        if words.count >= 6, words[4] == "through" {
            var attributes: [DesignSpec.Attribute] = []
            if let attributesText {
                for pair in attributesText.split(separator: ",") {
                    let parts = pair.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                    guard parts.count == 2 else { throw fail(node, "relationship attributes are name: type, separated by commas") }
                    attributes.append(try attribute(parts[0], node, parts[1], at: node))
                }
            }
            kind = .manyThrough(words[5], attributes)
        } else if words.count > 4 {
            throw fail(node, "relationship `\(line)`: after `\(words[..<4].joined(separator: " "))` only `through J { ... }` may follow")
        }
        return DesignSpec.Relationship(parent: words[0], child: child, kind: kind, optional: optional, location: location(node))
    }

    /// `booking: no overlap of starts_at..ends_at per room`, `invoice: unique number per customer`.
    func rule(_ node: Node) throws(DesignSpecError) -> DesignSpec.EntityRule {
        let line = try text(node, "a rule")
        let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { throw fail(node, "a rule is `entity: no overlap of a..b per x` or `entity: unique attr per x`") }
        let words = parts[1].split(separator: " ").map(String.init)
        if words.count == 6, words[0] == "no", words[1] == "overlap", words[2] == "of", words[4] == "per" {
            let range = words[3].components(separatedBy: "..")
            guard range.count == 2 else { throw fail(node, "no overlap of start..end: two attributes joined by ..") }
            return DesignSpec.EntityRule(entity: parts[0], kind: .noOverlap(start: range[0], end: range[1], per: words[5]), location: location(node))
        }
        if words.count == 4, words[0] == "unique", words[2] == "per" {
            return DesignSpec.EntityRule(entity: parts[0], kind: .uniquePer(attribute: words[1], per: words[3]), location: location(node))
        }
        throw fail(node, "rule `\(line)`: write `no overlap of start..end per entity` or `unique attribute per entity`")
    }

    func accessPattern(_ node: Node) throws(DesignSpecError) -> DesignSpec.AccessPattern {
        var pattern = DesignSpec.AccessPattern(name: "", perSecond: 1, location: location(node))
        for (key, keyNode, value) in try pairs(node, "an access pattern") {
            switch key {
            case "name": pattern.name = try text(value, key)
            case "query": pattern.query = try text(value, key)
            case "sql": pattern.sql = try text(value, key)
            case "per_second": pattern.perSecond = try Quantities.count(try text(value, key), at: location(value))
            case "writes": pattern.writes = try items(value, key).map { node throws(DesignSpecError) in try text(node, key) }
            default: throw fail(keyNode, "unknown field \(key) of an access pattern: it has name, query or sql, per_second, writes")
            }
        }
        guard !pattern.name.isEmpty else { throw fail(node, "an access pattern needs a name") }
        guard pattern.query != nil || pattern.sql != nil || !pattern.writes.isEmpty else { throw fail(node, "access pattern \(pattern.name) needs query:, sql: or writes:") }
        return pattern
    }

    func scale(_ node: Node, into spec: inout DesignSpec) throws(DesignSpecError) {
        for (key, keyNode, value) in try pairs(node, "scale_targets") {
            switch key {
            case "qps": spec.qps = try Quantities.count(try text(value, key), at: location(value))
            case "rows":
                for (entity, _, count) in try pairs(value, key) { spec.rows[entity] = try Quantities.count(try text(count, entity), at: location(count)) }
            case "growth_per_month":
                for (entity, _, count) in try pairs(value, key) { spec.growthPerMonth[entity] = try Quantities.count(try text(count, entity), at: location(count)) }
            case "retention":
                for (entity, _, span) in try pairs(value, key) { spec.retentionDays[entity] = try Quantities.duration(try text(span, entity), at: location(span)) }
            default: throw fail(keyNode, "unknown field \(key) of scale_targets: it has qps, rows, growth_per_month, retention")
            }
        }
    }

    /// Names used by relationships, rules and targets must be entities.
    func validate(_ spec: DesignSpec) throws(DesignSpecError) {
        let names = Set(spec.entities.map(\.name))
        func check(_ name: String, at location: SourceLocation) throws(DesignSpecError) {
            guard names.contains(name) else { throw DesignSpecError(location: location, message: "\(name) is not an entity of this spec (entities: \(names.sorted().joined(separator: ", ")))") }
        }
        for relationship in spec.relationships {
            try check(relationship.parent, at: relationship.location)
            try check(relationship.child, at: relationship.location)
        }
        for rule in spec.rules {
            try check(rule.entity, at: rule.location)
            switch rule.kind {
            case .noOverlap(let start, let end, let per):
                try check(per, at: rule.location)
                for attribute in [start, end] where spec.entity(rule.entity)?.attributes.contains(where: { $0.name == attribute }) != true {
                    throw DesignSpecError(location: rule.location, message: "\(rule.entity) has no attribute \(attribute)")
                }
            case .uniquePer(let attribute, let per):
                try check(per, at: rule.location)
                if spec.entity(rule.entity)?.attributes.contains(where: { $0.name == attribute }) != true {
                    throw DesignSpecError(location: rule.location, message: "\(rule.entity) has no attribute \(attribute)")
                }
            }
        }
    }
}

/// `50M`, `2k`, `300`; `7y`, `90d`, `6mo`.
enum Quantities {
    static func count(_ text: String, at location: SourceLocation) throws(DesignSpecError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let multipliers: [Character: Double] = ["k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9]
        if let last = trimmed.last, let multiplier = multipliers[last], let value = Double(trimmed.dropLast()) { return value * multiplier }
        guard let value = Double(trimmed) else { throw DesignSpecError(location: location, message: "\(text) is not a count (write 300, 2k, 50M or 1B)") }
        return value
    }

    /// In days.
    static func duration(_ text: String, at location: SourceLocation) throws(DesignSpecError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("mo", 30), ("min", 1.0 / 1440), ("y", 365), ("d", 1), ("h", 1.0 / 24)]
        for (unit, days) in units where trimmed.hasSuffix(unit) {
            if let value = Double(trimmed.dropLast(unit.count)) { return value * days }
        }
        throw DesignSpecError(location: location, message: "\(text) is not a duration (write 90d, 6mo, 7y, 4h or 15min)")
    }
}

/// Names of the design: entities are singular words; tables plural snake_case.
enum Naming {
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter, first.isLowercase else { return false }
        return name.allSatisfy { ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "_" }
    }

    static func table(_ entity: String) -> String {
        let parts = entity.split(separator: "_").map(String.init)
        guard let last = parts.last else { return entity }
        return (parts.dropLast() + [PrismaNaming.plural(last)]).joined(separator: "_")
    }
}
