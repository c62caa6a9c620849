/// Writes any `Encodable` (findings reports, the rule list) as JSON with sorted keys and two-space
/// indentation (the layout Foundation's encoder gives, re-indented; the tests compare), in a
/// fraction of the time: Foundation sorts keys with full Unicode string comparison and re-boxes
/// every value. Keys here sort by their UTF-8 bytes (the same order for the ASCII keys Strata
/// uses); the layout is `CanonicalJSONWriter`'s, which the schema model uses directly. Supports
/// what Strata encodes: objects, arrays, strings, numbers, booleans and null.
struct CanonicalJSONEncoder {
    /// A container of the document being built; containers are classes so nested encoders share
    /// them. Scalars are stored inline in their parent (no node, no quoted copy: strings are
    /// escaped as they are written).
    final class Node {
        enum Value {
            case object([(key: String, member: Member)])
            case array([Member])
            case single(Member)
        }
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    enum Member {
        case node(Node)
        case string(String)
        /// null, true, false or a number, as written.
        case literal(String)
    }


    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let root = try member(for: value)
        return CanonicalJSONWriter.document { write(root, to: &$0) }
    }

    /// The layout is the writer's; keys, which here come as strings in any order, are sorted first.
    static func write(_ member: Member, to writer: inout CanonicalJSONWriter) {
        switch member {
        case .string(let text): writer.string(text)
        case .literal(let text): writer.literal(text)
        case .node(let node):
            switch node.value {
            case .single(let member):
                write(member, to: &writer)
            case .array(let items):
                writer.array(items) { writer, item in write(item, to: &writer) }
            case .object(let members):
                writer.object { writer in
                    for member in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                        writer.key(member.key)
                        write(member.member, to: &writer)
                    }
                }
            }
        }
    }

    /// Coding paths are not kept (`codingPath` is always empty): nothing Strata encodes reads
    /// them, and building one array per key was a large part of the cost.
    struct NodeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object = node.value {} else { node.value = .object([]) }
            return KeyedEncodingContainer(KeyedContainer<Key>(node: node))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array = node.value {} else { node.value = .array([]) }
            return UnkeyedContainer(node: node)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(node: node) }
    }

    /// Encodes one value: scalars inline, anything else into a new node.
    static func member<T: Encodable>(for value: T) throws -> Member {
        switch value {
        case let text as String: return .string(text)
        case let flag as Bool: return .literal(flag ? "true" : "false")
        case let number as Int: return .literal(String(number))
        case let number as Int64: return .literal(String(number))
        case let number as Int32: return .literal(String(number))
        default:
            let node = Node(.single(.literal("null")))
            try value.encode(to: NodeEncoder(node: node))
            // A value that encoded one scalar (a QualifiedName, an enum) is that scalar.
            if case .single(let member) = node.value { return member }
            return .node(node)
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey] { [] }

        func append(_ key: Key, _ member: Member) {
            guard case .object(var members) = node.value else { return }
            node.value = .single(.literal(""))  // release the array so the append below does not copy it
            members.append((key.stringValue, member))
            node.value = .object(members)
        }

        mutating func encodeNil(forKey key: Key) throws { append(key, .literal("null")) }
        mutating func encode(_ value: String, forKey key: Key) throws { append(key, .string(value)) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { append(key, .literal(value ? "true" : "false")) }
        mutating func encode(_ value: Int, forKey key: Key) throws { append(key, .literal(String(value))) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            append(key, try CanonicalJSONEncoder.member(for: value))
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = Node(.object([]))
            append(key, .node(child))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Node(.array([]))
            append(key, .node(child))
            return UnkeyedContainer(node: child)
        }
        mutating func superEncoder() -> any Encoder { NodeEncoder(node: node) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let child = Node(.single(.literal("null")))
            append(key, .node(child))
            return NodeEncoder(node: child)
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey] { [] }
        var count: Int {
            if case .array(let items) = node.value { return items.count }
            return 0
        }

        func append(_ member: Member) {
            guard case .array(var items) = node.value else { return }
            node.value = .single(.literal(""))
            items.append(member)
            node.value = .array(items)
        }

        mutating func encodeNil() throws { append(.literal("null")) }
        mutating func encode(_ value: String) throws { append(.string(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { append(try CanonicalJSONEncoder.member(for: value)) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = Node(.object([]))
            append(.node(child))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = Node(.array([]))
            append(.node(child))
            return UnkeyedContainer(node: child)
        }
        mutating func superEncoder() -> any Encoder {
            let child = Node(.single(.literal("null")))
            append(.node(child))
            return NodeEncoder(node: child)
        }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { node.value = .single(.literal("null")) }
        mutating func encode(_ value: Bool) throws { node.value = .single(.literal(value ? "true" : "false")) }
        mutating func encode(_ value: String) throws { node.value = .single(.string(value)) }
        mutating func encode(_ value: Int) throws { node.value = .single(.literal(String(value))) }
        mutating func encode(_ value: Int8) throws { node.value = .single(.literal(String(value))) }
        mutating func encode(_ value: Int16) throws { node.value = .single(.literal(String(value))) }
        mutating func encode(_ value: Int32) throws { node.value = .single(.literal(String(value))) }
        mutating func encode(_ value: Int64) throws { node.value = .single(.literal(String(value))) }
        mutating func encode(_ value: UInt) throws { node.value = .single(.literal(String(value))) }
        mutating func encode(_ value: UInt8) throws { node.value = .single(.literal(String(value))) }
        mutating func encode(_ value: UInt16) throws { node.value = .single(.literal(String(value))) }
        mutating func encode(_ value: UInt32) throws { node.value = .single(.literal(String(value))) }
        mutating func encode(_ value: UInt64) throws { node.value = .single(.literal(String(value))) }
        /// Swift's shortest round-tripping spelling; JSON has no NaN or infinity: those are null.
        mutating func encode(_ value: Double) throws { node.value = .single(.literal(value.isFinite ? "\(value)" : "null")) }
        mutating func encode(_ value: Float) throws { try encode(Double(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { node.value = .single(try CanonicalJSONEncoder.member(for: value)) }
    }
}
