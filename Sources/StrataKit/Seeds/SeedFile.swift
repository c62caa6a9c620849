import Crypto
import Foundation
import Yams

/// One seed file: the rows of one table, as CSV or YAML, every value with its line and column.
///
/// ```yaml
/// # seeds/common/plans.yml
/// key: [code]          # optional: the primary key by default
/// rows:
///   - { code: free, name: Free, price_cents: 0 }
///   - { code: pro,  name: Pro,  price_cents: 2000 }
/// ```
///
/// ```text
/// # key: code
/// code,name,price_cents
/// free,Free,0
/// ```
///
/// The file's name is the table's (`plans.yml`, `billing.plans.csv`). In CSV an empty unquoted
/// field is NULL and `""` is the empty string; in YAML `null` (or `~`) is NULL.
package struct SeedFile: Sendable {
    package struct Value: Sendable {
        /// Nil for NULL.
        package var text: String?
        package var location: SourceLocation
    }

    package struct Row: Sendable {
        /// By column (or reference) name, as the file writes it.
        package var values: [String: Value]
        package var location: SourceLocation
    }

    package var path: String
    package var table: ObjectName
    /// The columns that identify a row (`key:`); nil: the table's primary key.
    package var key: [String]?
    /// Every column name the file uses, in first-use order, with where it first appears.
    package var columns: [(name: String, location: SourceLocation)]
    package var rows: [Row]
    /// SHA-256 of the file's text (hex).
    package var checksum: String

    /// Reads a `.csv`, `.yml` or `.yaml` file.
    package static func read(path: String, text: String) throws(SeedError) -> SeedFile {
        let base = path.lastPathComponent
        let stem: String
        if base.hasSuffix(".csv") { stem = String(base.dropLast(4)) }
        else if base.hasSuffix(".yaml") { stem = String(base.dropLast(5)) }
        else if base.hasSuffix(".yml") { stem = String(base.dropLast(4)) }
        else { throw SeedError(location: SourceLocation(file: path, line: 1, column: 1), message: "a seed file is .csv, .yml or .yaml") }
        let parts = stem.split(separator: ".", maxSplits: 1).map(String.init)
        let table = parts.count == 2 ? ObjectName(schema: parts[0], name: parts[1]) : ObjectName(name: stem)
        var file = SeedFile(path: path, table: table, key: nil, columns: [], rows: [], checksum: checksum(text))
        if base.hasSuffix(".csv") { try file.readCSV(text) } else { try file.readYAML(text) }
        return file
    }

    static func checksum(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    mutating func note(_ column: String, at location: SourceLocation) {
        if !columns.contains(where: { $0.name == column }) { columns.append((column, location)) }
    }

    // MARK: CSV

    /// RFC 4180 with positions: the CSV packages on this machine (SwiftCSV, CSV.swift) give rows
    /// without the line and column of each field, which every error here must name.
    mutating func readCSV(_ text: String) throws(SeedError) {
        let records = try Self.csvRecords(text, path: path)
        var header: [(name: String, location: SourceLocation)]?
        for record in records {
            if header == nil {
                // `# key: a, b` before the header names the key; other `#` lines are comments.
                if let first = record.first, record.count == 1, let text = first.text, text.hasPrefix("#"), first.quoted == false {
                    let comment = text.dropFirst().trimmingCharacters(in: .whitespaces)
                    if comment.lowercased().hasPrefix("key:") {
                        key = comment.dropFirst(4).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    }
                    continue
                }
                header = record.map { ($0.text ?? "", $0.location) }
                for (name, location) in header! {
                    guard !name.isEmpty else { throw SeedError(location: location, message: "an empty column name in the header") }
                    if columns.contains(where: { $0.name == name }) { throw SeedError(location: location, message: "column \(name) appears twice in the header") }
                    note(name, at: location)
                }
                continue
            }
            guard let header else { continue }
            if record.count == 1, record[0].text == nil, !record[0].quoted { continue }   // a blank line
            guard record.count == header.count else {
                throw SeedError(location: record[0].location, message: "\(record.count) fields where the header has \(header.count)")
            }
            var row = Row(values: [:], location: record[0].location)
            for (field, column) in zip(record, header) {
                row.values[column.name] = Value(text: field.text, location: field.location)
            }
            rows.append(row)
        }
        if header == nil { throw SeedError(location: SourceLocation(file: path, line: 1, column: 1), message: "no header line naming the columns") }
    }

    struct Field {
        var text: String?
        var quoted: Bool
        var location: SourceLocation
    }

    /// Records of fields; an empty unquoted field is nil (NULL). Read byte by byte (a reference
    /// table's CSV can be megabytes: Character iteration cost most of a 100k-row seed's time);
    /// columns count code points, which is characters for every text a seed holds in practice.
    static func csvRecords(_ text: String, path: String) throws(SeedError) -> [[Field]] {
        var records: [[Field]] = []
        var record: [Field] = []
        var field: [UInt8] = []
        var quoted = false, inQuotes = false
        var line = 1, column = 1
        var start = SourceLocation(file: path, line: 1, column: 1)
        let bytes = Array(text.utf8)
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        func finishField() {
            record.append(Field(text: field.isEmpty && !quoted ? nil : String(decoding: field, as: UTF8.self), quoted: quoted, location: start))
            field.removeAll(keepingCapacity: true)
            quoted = false
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let here = SourceLocation(file: path, line: line, column: column)
            index += 1
            if byte == newline { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            if inQuotes {
                if byte == quote {
                    if index < bytes.count, bytes[index] == quote {
                        field.append(quote)
                        index += 1
                        column += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty && !quoted:
                quoted = true
                inQuotes = true
            case comma:
                finishField()
                start = SourceLocation(file: path, line: line, column: column)
            case newline, carriageReturn:
                // \r\n is one line end.
                if byte == carriageReturn, index < bytes.count, bytes[index] == newline { continue }
                if byte == carriageReturn { line += 1; column = 1 }
                finishField()
                records.append(record)
                record = []
                start = SourceLocation(file: path, line: line, column: column)
            default:
                if field.isEmpty && !quoted { start = here }
                field.append(byte)
            }
        }
        if inQuotes { throw SeedError(location: start, message: "a quoted field that never ends") }
        if !field.isEmpty || quoted || !record.isEmpty {
            finishField()
            records.append(record)
        }
        return records
    }

    // MARK: YAML

    mutating func readYAML(_ text: String) throws(SeedError) {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SeedError(location: SourceLocation(file: path, line: 1, column: 1), message: "an empty seed file")
            }
            root = node
        } catch let error as SeedError {
            throw error
        } catch let error as YamlError {
            throw SeedError(location: SpecReader.location(of: error, path: path), message: "not valid YAML: \(SpecReader.problem(of: error))")
        } catch {
            throw SeedError(location: SourceLocation(file: path, line: 1, column: 1), message: "not valid YAML: \(error)")
        }
        var list = root.sequence
        if let mapping = root.mapping {
            for (keyNode, value) in mapping {
                switch keyNode.string {
                case "key":
                    if let names = value.sequence { key = names.compactMap(\.string) } else if let name = value.string { key = [name] }
                case "rows":
                    list = value.sequence
                default:
                    throw SeedError(location: location(of: keyNode), message: "unknown field \(keyNode.string ?? ""): a seed file has key and rows")
                }
            }
        }
        guard let list else { throw SeedError(location: location(of: root), message: "expected a list of rows (or rows: [...])") }
        for item in list {
            guard let mapping = item.mapping else { throw SeedError(location: location(of: item), message: "a row is a mapping of column: value") }
            var row = Row(values: [:], location: location(of: item))
            for (name, value) in mapping {
                guard let column = name.string else { throw SeedError(location: location(of: name), message: "a column name is text") }
                if value.mapping != nil || value.sequence != nil {
                    throw SeedError(location: location(of: value), message: "\(column): a value is a scalar (arrays and JSON as their text)")
                }
                let isNull = value.scalar.map { $0.tag.description == Tag.Name.null.rawValue || (["null", "~", ""].contains($0.string) && $0.style == .plain) } ?? true
                row.values[column] = Value(text: isNull ? nil : value.string, location: location(of: value))
                note(column, at: location(of: name))
            }
            rows.append(row)
        }
    }

    func location(of node: Node) -> SourceLocation {
        SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

}

/// A seed file or value that cannot be applied, at its line and column; nothing was written.
package struct SeedError: LocatedError {
    package var code: StrataErrorCode { .unreadableInput }
    package var location: SourceLocation
    package var message: String

    package init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }
}
