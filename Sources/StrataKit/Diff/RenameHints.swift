/// Renames the desired schema declares: `-- strata:renamed-from old_name` on the line that
/// declares a table or a column. A rename cannot be told from a drop and an add by comparing two
/// schemas, and guessing wrong loses a column's data, so Strata only renames where it is told.
///
/// ```sql
/// CREATE TABLE accounts (          -- strata:renamed-from users
///     id bigint PRIMARY KEY,
///     email text NOT NULL          -- strata:renamed-from mail
/// );
/// ```
package struct RenameHints: Sendable, Hashable {
    /// New table name -> the old one.
    package var tables: [QualifiedName: QualifiedName] = [:]
    /// Table (by its new name) -> new column name -> old column name.
    package var columns: [QualifiedName: [String: String]] = [:]

    package init() {}

    package static let marker = "strata:renamed-from"

    package var isEmpty: Bool { tables.isEmpty && columns.isEmpty }

    /// The hints that undo these renames: for the down of a plan.
    package var inverted: RenameHints {
        var result = RenameHints()
        for (new, old) in tables { result.tables[old] = new }
        for (table, renames) in columns {
            let oldTable = tables[table] ?? table
            for (new, old) in renames { result.columns[oldTable, default: [:]][old] = new }
        }
        return result
    }

    /// Reads the markers of `sources` (path and text, as the schema was loaded from them) and
    /// matches each to the table or column the model says was declared on that line.
    package static func read(sources: [(path: String, text: String)], schema: DatabaseSchema) -> RenameHints {
        var markers: [String: [Int: String]] = [:]
        for source in sources where source.text.contains(marker) {
            for (offset, line) in source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let range = line.range(of: marker) else { continue }
                let rest = line[range.upperBound...].drop { $0 == " " || $0 == ":" || $0 == "=" }
                let name = rest.prefix { !$0.isWhitespace && $0 != "*" }
                guard !name.isEmpty else { continue }
                markers[source.path, default: [:]][offset + 1] = unquote(String(name))
            }
        }
        guard !markers.isEmpty else { return RenameHints() }
        var hints = RenameHints()
        for table in schema.tables.values {
            if let location = table.location, let old = markers[location.file]?[location.line] {
                let parts = old.split(separator: ".").map(String.init)
                hints.tables[table.name] = parts.count == 2
                    ? QualifiedName(schema: parts[0], name: parts[1]) : QualifiedName(schema: table.name.schema, name: old)
            }
            for column in table.columns {
                if let location = column.location, let old = markers[location.file]?[location.line],
                   location.line != table.location?.line {
                    hints.columns[table.name, default: [:]][column.name] = old
                }
            }
        }
        return hints
    }

    static func unquote(_ name: String) -> String {
        name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 ? String(name.dropFirst().dropLast()) : name.lowercased()
    }
}
