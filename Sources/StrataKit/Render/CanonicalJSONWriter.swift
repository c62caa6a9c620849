/// Writes JSON straight into bytes in Strata's canonical layout: two-space indentation,
/// `"key": value`, `[]` and `{}` for empty containers, slashes unescaped. The schema model writes
/// itself with it, skipping `Encodable` altogether (no containers, no boxing, no key sorting at
/// run time), which for the model of a 10,000-table database is the difference between most of a
/// second and a tenth of one; `CanonicalJSONEncoder` lays out any other `Encodable` through it.
///
/// Callers write an object's keys in byte order; debug builds check the model's static keys.
package struct CanonicalJSONWriter {
    package private(set) var bytes: [UInt8] = []
    private var depth: Int
    /// Nothing written yet in the innermost open container.
    private var isFirst = true
    #if DEBUG
    private var lastKeys: [String] = []
    #endif

    /// `depth` is where the first element written will be indented (for documents written in parts).
    package init(depth: Int = 0, capacity: Int = 1 << 12) {
        self.depth = depth
        bytes.reserveCapacity(capacity)
    }

    /// The document, with the final newline.
    package static func document(_ body: (inout CanonicalJSONWriter) -> Void) -> String {
        var writer = CanonicalJSONWriter(capacity: 1 << 16)
        body(&writer)
        writer.bytes.append(UInt8(ascii: "\n"))
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    package mutating func object(_ body: (inout CanonicalJSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    package mutating func array<Items: Sequence>(_ items: Items, _ body: (inout CanonicalJSONWriter, Items.Element) -> Void) {
        open(UInt8(ascii: "["))
        for item in items {
            startElement()
            body(&self, item)
        }
        close(UInt8(ascii: "]"))
    }

    /// Elements written elsewhere by a writer made with `init(depth:)` one deeper than this array's.
    package mutating func array(preWritten parts: [[UInt8]]) {
        open(UInt8(ascii: "["))
        for part in parts where !part.isEmpty {
            if !isFirst { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: part)
            isFirst = false
        }
        close(UInt8(ascii: "]"))
    }

    /// Starts the next element of the array being written (what the elements of a pre-written part call).
    package mutating func startElement() {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        newline()
        isFirst = false
    }

    package mutating func key(_ name: StaticString) {
        #if DEBUG
        checkOrder(name.description)
        #endif
        startElement()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(name.utf8Start, count: name.utf8CodeUnitCount)
        bytes.append(contentsOf: "\": ".utf8)
    }

    /// A key known only at run time (escaped like any string); the caller sorts them.
    package mutating func key(_ name: String) {
        startElement()
        string(name)
        bytes.append(contentsOf: ": ".utf8)
    }

    #if DEBUG
    /// Written keys must be in byte order: the model's writers list them by hand.
    private mutating func checkOrder(_ key: String) {
        if let last = lastKeys.last, !last.isEmpty {
            precondition(last.utf8.lexicographicallyPrecedes(key.utf8), "JSON keys out of order: \(last) before \(key)")
        }
        if !lastKeys.isEmpty { lastKeys[lastKeys.count - 1] = key }
    }
    #endif

    /// A JSON string as Foundation writes it with `.withoutEscapingSlashes`.
    package mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case 0x0A: bytes.append(contentsOf: "\\n".utf8)
            case 0x0D: bytes.append(contentsOf: "\\r".utf8)
            case 0x09: bytes.append(contentsOf: "\\t".utf8)
            case 0x08: bytes.append(contentsOf: "\\b".utf8)
            case 0x0C: bytes.append(contentsOf: "\\f".utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// null, true, false or a number, already spelled.
    package mutating func literal(_ text: String) { bytes.append(contentsOf: text.utf8) }
    package mutating func bool(_ value: Bool) { literal(value ? "true" : "false") }
    package mutating func int(_ value: Int) { literal(String(value)) }

    package mutating func field(_ key: StaticString, _ value: String) { self.key(key); string(value) }
    package mutating func field(_ key: StaticString, _ value: Bool) { self.key(key); bool(value) }
    package mutating func field(_ key: StaticString, _ value: Int) { self.key(key); int(value) }
    package mutating func field(_ key: StaticString, _ values: [String]) {
        self.key(key)
        array(values) { $0.string($1) }
    }
    package mutating func field<Value: CanonicalJSONWritable>(_ key: StaticString, _ value: Value) {
        self.key(key)
        value.write(to: &self)
    }
    package mutating func field<Value: CanonicalJSONWritable>(_ key: StaticString, _ values: [Value]) {
        self.key(key)
        array(values) { writer, value in value.write(to: &writer) }
    }
    /// Absent values are left out, as `Encodable` leaves out nil optionals.
    package mutating func field(_ key: StaticString, _ value: String?) {
        if let value { field(key, value) }
    }
    package mutating func field<Value: CanonicalJSONWritable>(_ key: StaticString, _ value: Value?) {
        if let value { field(key, value) }
    }
    package mutating func field(_ key: StaticString, _ value: Bool?) {
        if let value { field(key, value) }
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        isFirst = true
        #if DEBUG
        lastKeys.append("")
        #endif
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if !isFirst { newline() }
        bytes.append(bracket)
        isFirst = false
        #if DEBUG
        lastKeys.removeLast()
        #endif
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }
}

/// A value with a canonical JSON form (the schema model's types).
package protocol CanonicalJSONWritable {
    func write(to writer: inout CanonicalJSONWriter)
}

extension [UInt8] {
    fileprivate mutating func append(_ start: UnsafePointer<UInt8>, count: Int) {
        append(contentsOf: UnsafeBufferPointer(start: start, count: count))
    }
}
