import Foundation

/// Every field in which two models differ, as paths into their canonical JSON:
/// `tables[public.orders].checkConstraints[orders_total_check].expression: "total > 0" ≠ "total >= 0"`.
/// Lists of named things are matched by name, so one missing column does not shift the rest.
package enum ModelDifferences {
    package static func between(_ expected: DatabaseSchema, _ actual: DatabaseSchema, limit: Int = 50) -> [String] {
        guard expected != actual else { return [] }
        func tree(_ schema: DatabaseSchema) -> Any {
            (try? JSONSerialization.jsonObject(with: Data(schema.canonicalJSON.utf8))) ?? [:]
        }
        var differences: [String] = []
        compare(tree(expected), tree(actual), path: "", into: &differences, limit: limit)
        return differences
    }

    static func key(of value: Any) -> String? {
        guard let object = value as? [String: Any] else { return nil }
        return (object["name"] as? String) ?? (object["column"] as? String) ?? (object["expression"] as? String)
    }

    static func render(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "null" }
        if let string = value as? String { return "\"\(string)\"" }
        if JSONSerialization.isValidJSONObject(value), let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }

    static func compare(_ a: Any?, _ b: Any?, path: String, into differences: inout [String], limit: Int) {
        guard differences.count < limit else { return }
        switch (a, b) {
        case (let left as [String: Any], let right as [String: Any]):
            for field in Set(left.keys).union(right.keys).sorted() {
                compare(left[field], right[field], path: path.isEmpty ? field : "\(path).\(field)", into: &differences, limit: limit)
            }
        case (let left as [Any], let right as [Any]) where left.allSatisfy({ key(of: $0) != nil }) && right.allSatisfy({ key(of: $0) != nil }):
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
