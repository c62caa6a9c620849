import Foundation

/// Every field in which two models differ, as paths into their canonical JSON:
/// `tables[public.orders].checkConstraints[orders_total_check].expression: "total > 0" ≠ "total >= 0"`.
/// Lists of named things are matched by name, so one missing column does not shift the rest.
package enum ModelDifferences {
    package static func between(_ expected: DatabaseSchema, _ actual: DatabaseSchema, limit: Int = 50) -> [String] {
        var expected = expected, actual = actual
        // A function's catalog definition is compared only between two catalogs: files have none.
        for (signature, function) in expected.functions where function.definition == nil || actual.functions[signature]?.definition == nil {
            expected.functions[signature]?.definition = nil
            actual.functions[signature]?.definition = nil
        }
        guard !expected.isEquivalent(to: actual) else { return [] }
        func tree(_ schema: DatabaseSchema) -> JSONValue {
            (try? JSONDecoder().decode(JSONValue.self, from: Data(schema.canonicalJSON.utf8))) ?? .object([:])
        }
        var differences: [String] = []
        compare(tree(expected), tree(actual), path: "", into: &differences, limit: limit)
        return differences
    }

    /// The canonical JSON read back: strings, integers, booleans, null, arrays and objects are all it holds.
    indirect enum JSONValue: Decodable, Equatable {
        case object([String: JSONValue])
        case array([JSONValue])
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case null

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
            else if let number = try? container.decode(Int64.self) { self = .integer(number) }
            else if let text = try? container.decode(String.self) { self = .string(text) }
            else if let items = try? container.decode([JSONValue].self) { self = .array(items) }
            else { self = .object(try container.decode([String: JSONValue].self)) }
        }

        /// Compact, keys sorted: how a differing value is shown.
        var rendered: String {
            switch self {
            case .string(let text):
                var writer = CanonicalJSONWriter(capacity: text.utf8.count + 2)
                writer.string(text)
                return String(decoding: writer.bytes, as: UTF8.self)
            case .integer(let number): return String(number)
            case .bool(let flag): return flag ? "true" : "false"
            case .null: return "null"
            case .array(let items): return "[" + items.map(\.rendered).joined(separator: ",") + "]"
            case .object(let members):
                return "{" + members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                    .map { JSONValue.string($0.key).rendered + ":" + $0.value.rendered }.joined(separator: ",") + "}"
            }
        }
    }

    static func key(of value: JSONValue) -> String? {
        guard case .object(let object) = value else { return nil }
        for field in ["name", "column", "expression"] {
            if case .string(let name)? = object[field] { return name }
        }
        return nil
    }

    static func render(_ value: JSONValue?) -> String { value?.rendered ?? "null" }

    static func compare(_ a: JSONValue?, _ b: JSONValue?, path: String, into differences: inout [String], limit: Int) {
        guard differences.count < limit else { return }
        switch (a, b) {
        case (.object(let left)?, .object(let right)?):
            for field in Set(left.keys).union(right.keys).sorted() {
                compare(left[field], right[field], path: path.isEmpty ? field : "\(path).\(field)", into: &differences, limit: limit)
            }
        case (.array(let left)?, .array(let right)?) where left.allSatisfy({ key(of: $0) != nil }) && right.allSatisfy({ key(of: $0) != nil }):
            let leftByKey = Dictionary(left.map { (key(of: $0)!, $0) }, uniquingKeysWith: { first, _ in first })
            let rightByKey = Dictionary(right.map { (key(of: $0)!, $0) }, uniquingKeysWith: { first, _ in first })
            for name in left.compactMap(key(of:)) where rightByKey[name] == nil {
                guard differences.count < limit else { return }
                differences.append("\(path)[\(name)]: only in the first")
            }
            for name in right.compactMap(key(of:)) where leftByKey[name] == nil {
                guard differences.count < limit else { return }
                differences.append("\(path)[\(name)]: only in the second")
            }
            for name in left.compactMap(key(of:)) {
                if let right = rightByKey[name] { compare(leftByKey[name], right, path: "\(path)[\(name)]", into: &differences, limit: limit) }
            }
            let commonOrder = left.compactMap(key(of:)).filter { rightByKey[$0] != nil }
            if commonOrder != right.compactMap(key(of:)).filter({ leftByKey[$0] != nil }), differences.count < limit {
                differences.append("\(path): same entries in another order")
            }
        default:
            if render(a) != render(b) { differences.append("\(path): \(render(a)) ≠ \(render(b))") }
        }
    }
}
