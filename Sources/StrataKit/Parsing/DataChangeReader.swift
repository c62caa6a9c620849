#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// INSERT, UPDATE and DELETE read from libpg_query's JSON parse tree instead of its protobuf one.
///
/// Lint needs three facts of a data change (verb, target table, WHERE or not), while the tree of
/// an INSERT ... SELECT or a long VALUES list is large. libpg_query writes JSON in one pass; its
/// protobuf form costs about five times as much (protobuf-c measures every nested message once per
/// level of nesting, then Strata unpacks and frees it); in PostgreSQL's regression SQL the data
/// changes are one statement in six but a third of that cost. Anything else, or a shape not
/// recognised, is `nil`: the caller then decodes the statement the general way.
enum DataChangeReader {
    /// The data change a JSON parse tree (`pg_query_parse`'s output) holds, or `nil`.
    static func dataChange(inJSON tree: UnsafePointer<CChar>) -> DataChangeStatement? {
        let length = strlen(tree)
        return tree.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            var cursor = JSONCursor(bytes: UnsafeBufferPointer(start: bytes, count: length))
            return cursor.dataChange()
        }
    }
}

/// A forward-only reader over well-formed JSON bytes (libpg_query's output), enough to walk to a
/// few members and skip the rest without building values for them.
struct JSONCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// `{"version":..,"stmts":[{"stmt":{"InsertStmt":{..}}}]}` with exactly one statement.
    mutating func dataChange() -> DataChangeStatement? {
        var found: DataChangeStatement?
        var statements = 0
        let read = members { key, cursor in
            guard key == "stmts" else { return cursor.skipValue() }
            return cursor.elements { cursor in
                statements += 1
                return cursor.members { key, cursor in
                    guard key == "stmt", statements == 1 else { return cursor.skipValue() }
                    return cursor.members { kind, cursor in
                        let verb: DataChangeStatement.Verb
                        switch kind {
                        case "InsertStmt": verb = .insert
                        case "UpdateStmt": verb = .update
                        case "DeleteStmt": verb = .delete
                        default: return cursor.skipValue()
                        }
                        found = cursor.dataChange(verb)
                        return found != nil
                    }
                }
            }
        }
        return read && statements == 1 ? found : nil
    }

    /// The members of an InsertStmt, UpdateStmt or DeleteStmt.
    mutating func dataChange(_ verb: DataChangeStatement.Verb) -> DataChangeStatement? {
        var table: ObjectName?
        var hasWhere = verb == .insert
        let read = members { key, cursor in
            switch key {
            case "relation":
                var schema: String?, name: String?
                let read = cursor.members { key, cursor in
                    switch key {
                    case "schemaname": schema = cursor.string(); return schema != nil
                    case "relname": name = cursor.string(); return name != nil
                    default: return cursor.skipValue()
                    }
                }
                guard read, let name else { return false }
                table = ObjectName(schema: schema, name: name)
                return true
            case "whereClause":
                hasWhere = true
                return cursor.skipValue()
            default:
                return cursor.skipValue()
            }
        }
        guard read, let table else { return nil }
        return DataChangeStatement(verb: verb, table: table, hasWhere: hasWhere)
    }

    // MARK: - Reading

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard current == byte else { return false }
        position += 1
        return true
    }

    /// Calls `body` with each key of the object here; `body` consumes the value. False when the
    /// JSON is not an object or `body` gives up.
    mutating func members(_ body: (String, inout JSONCursor) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), consume(UInt8(ascii: ":")), body(key, &self) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}"))
    }

    /// Calls `body` for each element of the array here; `body` consumes the element.
    mutating func elements(_ body: (inout JSONCursor) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "[")) else { return false }
        if consume(UInt8(ascii: "]")) { return true }
        repeat {
            guard body(&self) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]"))
    }

    /// The string here, its escapes decoded.
    mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var decoded: [UInt8] = []
        while let byte = current {
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = current else { return nil }
                position += 1
                switch escaped {
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar), current == UInt8(ascii: "\\") {
                        position += 2  // "\u" of the low surrogate
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    decoded.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
                default: decoded.append(escaped)  // \" \\ \/
                }
            default:
                decoded.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            position += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Steps over the rest of a string whose opening quote is consumed, escapes included.
    private mutating func skipStringRest() -> Bool {
        while let byte = current {
            position += 1
            if byte == UInt8(ascii: "\\") { position += 1 } else if byte == UInt8(ascii: "\"") { return true }
        }
        return false
    }

    /// Steps over the value here (object, array, string, number, true, false, null).
    mutating func skipValue() -> Bool {
        skipSpace()
        guard let first = current else { return false }
        switch first {
        case UInt8(ascii: "\""):
            position += 1
            return skipStringRest()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            // Nesting depth counted over brackets outside strings.
            var depth = 0
            while let byte = current {
                position += 1
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return true }
                case UInt8(ascii: "\""):
                    guard skipStringRest() else { return false }
                default: break
                }
            }
            return false
        default:
            // A number or a literal: up to the next delimiter.
            while let byte = current, byte != UInt8(ascii: ","), byte != UInt8(ascii: "}"), byte != UInt8(ascii: "]"),
                  byte != 0x20, byte != 0x0A, byte != 0x0D, byte != 0x09 {
                position += 1
            }
            return true
        }
    }
}
