/// Entity-relationship diagrams of the model: Mermaid `erDiagram` and Graphviz DOT.
package enum ERDFormat: String, Sendable, CaseIterable {
    case mermaid, dot
}

/// Draws the schema as an entity-relationship diagram: Mermaid `erDiagram` (renders on GitHub)
/// or Graphviz DOT, with keys marked and each foreign key as a relation of its cardinality.
///
/// ```swift
/// let mermaid = ERDRenderer(format: .mermaid).render(schema)
/// ```
package struct ERDRenderer: Sendable {
    package var format: ERDFormat
    /// In DOT, each table's node links here (an SVG's tables become clickable).
    package var links: [QualifiedName: String] = [:]

    package init(format: ERDFormat, links: [QualifiedName: String] = [:]) {
        self.format = format
        self.links = links
    }

    package func render(_ schema: DatabaseSchema) -> String {
        switch format {
        case .mermaid: mermaid(schema)
        case .dot: dot(schema)
        }
    }

    /// How many rows on each side of a foreign key, from nullability and uniqueness.
    struct Cardinality {
        /// Every child row has a parent (all FK columns NOT NULL).
        var parentRequired: Bool
        /// A parent has at most one child (the FK columns are unique in the child).
        var childUnique: Bool
    }

    static func cardinality(of foreignKey: ForeignKey, in table: TableInfo, indexes: [IndexInfo]) -> Cardinality {
        let required = foreignKey.columns.allSatisfy { table.column(named: $0)?.isNotNull ?? false }
        let unique = indexes.contains { index in
            index.isUnique && index.predicate == nil && Set(index.keyColumns.compactMap { $0 }) == Set(foreignKey.columns)
                && index.keys.count == foreignKey.columns.count
        }
        return Cardinality(parentRequired: required, childUnique: unique)
    }

    static func keyMarkers(_ column: ColumnInfo, in table: TableInfo, indexes: [IndexInfo]) -> [String] {
        var markers: [String] = []
        if table.primaryKey?.columns.contains(column.name) ?? false { markers.append("PK") }
        if table.foreignKeys.contains(where: { $0.columns.contains(column.name) }) { markers.append("FK") }
        let unique = indexes.contains { index in
            index.isUnique && index.name.name != table.primaryKey?.name && index.keyColumns == [column.name]
        }
        if unique { markers.append("UK") }
        return markers
    }

    // MARK: Mermaid

    func mermaidName(_ name: QualifiedName) -> String {
        let raw = name.schema == "public" ? name.name : "\(name.schema)__\(name.name)"
        return String(raw.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
    }

    func mermaidType(_ column: ColumnInfo) -> String {
        let compact = column.fullType.replacing("character varying", with: "varchar")
            .replacing("timestamp with time zone", with: "timestamptz")
            .replacing("timestamp without time zone", with: "timestamp")
            .replacing("double precision", with: "float8")
        return String(compact.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "(" || $0 == ")" || $0 == "[" || $0 == "]" ? $0 : "_" })
    }

    func mermaid(_ schema: DatabaseSchema) -> String {
        let indexes = schema.allIndexesByTable()
        var lines = ["erDiagram"]
        for table in schema.sortedTables {
            lines.append("    \(mermaidName(table.name)) {")
            for column in table.columns {
                var line = "        \(mermaidType(column)) \(mermaidName(QualifiedName(schema: "public", name: column.name)))"
                let markers = Self.keyMarkers(column, in: table, indexes: indexes[table.name] ?? [])
                if !markers.isEmpty { line += " " + markers.joined(separator: ", ") }
                if let comment = column.comment { line += " \"\(comment.escaping(["\"": "'"]))\"" }
                lines.append(line)
            }
            lines.append("    }")
        }
        for table in schema.sortedTables {
            for foreignKey in table.foreignKeys.sorted(by: { $0.name < $1.name }) {
                let cardinality = Self.cardinality(of: foreignKey, in: table, indexes: indexes[table.name] ?? [])
                let parent = cardinality.parentRequired ? "||" : "|o"
                let child = cardinality.childUnique ? "o|" : "o{"
                lines.append("    \(mermaidName(foreignKey.referencedTable)) \(parent)--\(child) \(mermaidName(table.name)) : \"\(foreignKey.columns.joined(separator: ", "))\"")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: DOT

    func html(_ text: String) -> String {
        text.escaping(["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"])
    }

    func dotID(_ name: QualifiedName) -> String { "\"\(name.schema).\(name.name)\"".escaping(["\\": "\\\\"]) }

    func dot(_ schema: DatabaseSchema) -> String {
        let indexes = schema.allIndexesByTable()
        var lines = ["digraph schema {", "    rankdir=LR;", "    node [shape=plaintext, fontname=\"Helvetica\"];", "    edge [fontname=\"Helvetica\", fontsize=10];"]
        for table in schema.sortedTables {
            var rows = ["<tr><td bgcolor=\"lightgrey\" colspan=\"2\"><b>\(html(table.name.description))</b></td></tr>"]
            for column in table.columns {
                let markers = Self.keyMarkers(column, in: table, indexes: indexes[table.name] ?? [])
                let name = markers.contains("PK") ? "<u>\(html(column.name))</u>" : html(column.name)
                let suffix = markers.isEmpty ? "" : " " + markers.joined(separator: ",")
                rows.append("<tr><td align=\"left\" port=\"\(html(column.name))\">\(name)\(suffix)</td><td align=\"left\">\(html(column.fullType))\(column.isNotNull ? "" : " NULL")</td></tr>")
            }
            let link = links[table.name].map { ", URL=\"\($0.escaping(["\\": "\\\\", "\"": "\\\""]))\", target=\"_top\"" } ?? ""
            lines.append("    \(dotID(table.name)) [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\">\(rows.joined())</table>>\(link)];")
        }
        for table in schema.sortedTables {
            for foreignKey in table.foreignKeys.sorted(by: { $0.name < $1.name }) {
                let cardinality = Self.cardinality(of: foreignKey, in: table, indexes: indexes[table.name] ?? [])
                let head = cardinality.parentRequired ? "teetee" : "teeodot"
                let tail = cardinality.childUnique ? "teeodot" : "crowodot"
                lines.append("    \(dotID(table.name)) -> \(dotID(foreignKey.referencedTable)) [label=\"\(foreignKey.columns.joined(separator: ", "))\", dir=both, arrowhead=\(head), arrowtail=\(tail)];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
