/// PostgreSQL's own algorithm for names it invents (`orders_pkey`, `orders_user_id_fkey`,
/// `orders_email_key1`, `orders_id_seq`), from `makeObjectName` and `ChooseRelationName`
/// in src/backend/commands/indexcmds.c. The model must produce exactly the catalog's names.
package enum ImplicitNames {
    /// NAMEDATALEN - 1: identifiers longer than this are truncated by PostgreSQL.
    static let maxLength = 63

    /// `name1_name2_label`, shortening the longer of name1/name2 until it fits in 63 bytes.
    package static func makeObjectName(_ name1: String, _ name2: String?, _ label: String?) -> String {
        var name1Bytes = Array(name1.utf8)
        var name2Bytes = name2.map { Array($0.utf8) }
        let overhead = (label.map { $0.utf8.count + 1 } ?? 0) + (name2 == nil ? 0 : 1)
        let available = maxLength - overhead
        var name1Count = name1Bytes.count
        var name2Count = name2Bytes?.count ?? 0
        while name1Count + name2Count > available {
            if name1Count > name2Count { name1Count -= 1 } else { name2Count -= 1 }
        }
        name1Bytes = clip(name1Bytes, to: name1Count)
        name2Bytes = name2Bytes.map { clip($0, to: name2Count) }
        var result = String(decoding: name1Bytes, as: UTF8.self)
        if let name2Bytes { result += "_" + String(decoding: name2Bytes, as: UTF8.self) }
        if let label { result += "_" + label }
        return result
    }

    /// Truncates without splitting a UTF-8 character (`pg_mbcliplen`).
    static func clip(_ bytes: [UInt8], to count: Int) -> [UInt8] {
        guard bytes.count > count else { return bytes }
        var end = count
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(bytes[..<end])
    }

    /// Tries `label`, then `label1`, `label2`, ... until `isTaken` says the name is free.
    package static func choose(_ name1: String, _ name2: String?, _ label: String, isTaken: (String) -> Bool) -> String {
        var candidate = makeObjectName(name1, name2, label)
        var pass = 0
        while isTaken(candidate) {
            pass += 1
            candidate = makeObjectName(name1, name2, "\(label)\(pass)")
        }
        return candidate
    }

    /// Column names joined with `_`, stopping once the result reaches NAMEDATALEN (`ChooseIndexNameAddition`).
    package static func joinedColumnNames(_ names: [String]) -> String? {
        guard !names.isEmpty else { return nil }
        var result = ""
        for name in names {
            if !result.isEmpty { result += "_" }
            result += name
            if result.utf8.count >= maxLength + 1 { break }
        }
        return result
    }

    /// Index column name components with repeats made unique (`a`, `a1`), as `ChooseIndexColumnNames` does.
    package static func uniqueColumnComponents(_ components: [String]) -> [String] {
        var result: [String] = []
        for original in components {
            var candidate = original
            var counter = 1
            while result.contains(candidate) {
                candidate = original + String(counter)
                counter += 1
            }
            result.append(candidate)
        }
        return result
    }
}
