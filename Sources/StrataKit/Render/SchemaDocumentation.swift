import Foundation

/// The schema's reference documentation (`strata docs`): a README with the tables grouped by
/// schema and by the clusters the foreign keys make, one page a table (columns, keys and checks
/// in words, each index with what it serves, relations, triggers, policies, the review's findings
/// with their fixes), and Mermaid diagrams of the whole and of each table's neighbourhood.
/// Deterministic: the same schema gives the same bytes, so committed docs diff cleanly and
/// `--check` can hold them to the schema.
///
/// ```swift
/// let pages = SchemaDocumentation(schema: review.schema, findings: review.findings).files()
/// for page in pages { try page.text.write(toFile: "docs/reference/" + page.path, atomically: true, encoding: .utf8) }
/// ```
package struct SchemaDocumentation: Sendable {
    package var schema: DatabaseSchema
    package var findings: [Finding]
    /// Sizes and scans of a live database; nil for a schema from files.
    package var statistics: DatabaseStatistics?
    /// Larger schemas get one diagram per cluster instead of one of everything.
    package var diagramLimit = 40
    /// The README links the SVG diagrams (`strata docs --svg`).
    package var linksSVG = false

    package init(schema: DatabaseSchema, findings: [Finding], statistics: DatabaseStatistics? = nil) {
        self.schema = schema
        self.findings = findings
        self.statistics = statistics
    }

    /// Every page, by its path relative to the output folder, in path order.
    package func files() -> [(path: String, text: String)] {
        let lookups = lookups()
        var files = [(path: "README.md", text: readme(lookups))]
        for table in schema.sortedTables {
            files.append((Self.pagePath(table.name), page(table, lookups)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// `tables/public.orders.md`; names are kept as they are, with `/` and control characters
    /// replaced so that every table gets a file of its own inside the folder.
    package static func pagePath(_ name: QualifiedName) -> String {
        let safe = "\(name.schema).\(name.name)".map { character -> String in
            character == "/" || character == "\\" || character.isNewline || (character.asciiValue.map { $0 < 32 } ?? false) ? "_" : String(character)
        }.joined()
        return "tables/\(safe).md"
    }

    // MARK: Structure

    /// The tables the foreign keys connect, each cluster sorted, clusters largest first.
    package func clusters() -> [[QualifiedName]] {
        var parent: [QualifiedName: QualifiedName] = [:]
        func root(_ name: QualifiedName) -> QualifiedName {
            var current = name
            while let next = parent[current], next != current { current = next }
            return current
        }
        for table in schema.sortedTables { parent[table.name] = table.name }
        for table in schema.sortedTables {
            for foreignKey in table.foreignKeys where parent[foreignKey.referencedTable] != nil {
                let (a, b) = (root(table.name), root(foreignKey.referencedTable))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        let groups = Dictionary(grouping: schema.sortedTables.map(\.name), by: root)
        return groups.values.map { $0.sorted() }.sorted { ($0.count, $1[0]) > ($1.count, $0[0]) }
    }

    /// What every page looks up, computed once for all of them: a schema of 2,000 tables took
    /// minutes when each page scanned every table, index and finding.
    struct Lookups {
        var indexes: [QualifiedName: [IndexInfo]]
        var referencing: [QualifiedName: [(table: TableInfo, foreignKey: ForeignKey)]]
        var findings: [QualifiedName: [Finding]]
        /// CREATE INDEX indexes by table (without the constraints' own).
        var standalone: [QualifiedName: [IndexInfo]]
    }

    func lookups() -> Lookups {
        let indexes = schema.allIndexesByTable()
        var referencing: [QualifiedName: [(table: TableInfo, foreignKey: ForeignKey)]] = [:]
        for other in schema.sortedTables {
            for foreignKey in other.foreignKeys.sorted(by: { $0.name < $1.name }) {
                referencing[foreignKey.referencedTable, default: []].append((other, foreignKey))
            }
        }
        // A finding's object is a table, one of its members, or one of its indexes.
        var owners: [String: QualifiedName] = [:]
        for table in schema.sortedTables {
            owners["\(table.name.schema).\(table.name.name)"] = table.name
            for index in indexes[table.name] ?? [] { owners["\(index.name.schema).\(index.name.name)"] = table.name }
        }
        var byTable: [QualifiedName: [Finding]] = [:]
        for finding in findings {
            guard let object = finding.object else { continue }
            let parts = object.split(separator: ".", maxSplits: 2).map(String.init)
            let owner = owners[object] ?? (parts.count >= 2 ? owners["\(parts[0]).\(parts[1])"] : nil)
            if let owner { byTable[owner, default: []].append(finding) }
        }
        for name in byTable.keys {
            byTable[name]!.sort { ($0.severity, $0.rule, $0.message) > ($1.severity, $1.rule, $1.message) }
        }
        return Lookups(indexes: indexes, referencing: referencing, findings: byTable, standalone: schema.indexesByTable)
    }

    /// The README's diagrams as Graphviz DOT, by the SVG path each becomes: the whole schema, or
    /// past `diagramLimit` tables one a cluster; each table links to its page.
    package func dotDiagrams() -> [(path: String, dot: String)] {
        let tables = schema.sortedTables.map(\.name)
        guard !tables.isEmpty else { return [] }
        let groups = tables.count <= diagramLimit ? [tables] : clusters().filter { $0.count > 1 }
        let standalone = schema.indexesByTable
        return groups.enumerated().map { number, group in
            let path = groups.count == 1 ? "diagrams/schema.svg" : "diagrams/group-\(number + 1).svg"
            let links = Dictionary(uniqueKeysWithValues: group.map { ($0, "../" + Self.link(Self.pagePath($0))) })
            return (path, ERDRenderer(format: .dot, links: links).render(subschema(Set(group), standalone: standalone)))
        }
    }

    // MARK: README

    func readme(_ lookups: Lookups) -> String {
        var lines = ["# Schema reference", ""]
        let tables = schema.sortedTables
        let counts = Dictionary(grouping: findings, by: \.severity).mapValues(\.count)
        lines.append("\(tables.count) table\(tables.count == 1 ? "" : "s"), \(schema.views.count) view\(schema.views.count == 1 ? "" : "s"), "
                     + "\(schema.indexes.count + tables.reduce(0) { $0 + $1.constraintIndexNames.count }) indexes, \(schema.functions.count) function\(schema.functions.count == 1 ? "" : "s"). "
                     + "Review: \(counts[.error] ?? 0) error\((counts[.error] ?? 0) == 1 ? "" : "s"), \(counts[.warning] ?? 0) warning\((counts[.warning] ?? 0) == 1 ? "" : "s"), \(counts[.info] ?? 0) info.")
        lines.append("")
        lines.append("Written by `strata docs`; regenerate it rather than editing it (`strata docs ... --check` fails when it is stale).")
        lines.append("")
        let clusters = clusters()
        let diagramTables = tables.count <= diagramLimit ? [tables.map(\.name)] : clusters.filter { $0.count > 1 }
        for (number, cluster) in clusters.enumerated() {
            let title = cluster.count == 1 ? "Standalone: \(cluster[0])" : "Group \(number + 1): \(cluster[0]) and \(cluster.count - 1) related table\(cluster.count == 2 ? "" : "s")"
            lines.append("## \(title)")
            lines.append("")
            var header = "| table | columns | comment | findings |"
            var rule = "|---|---|---|---|"
            if statistics != nil { header += " rows | size |"; rule += "---|---|" }
            lines += [header, rule]
            for name in cluster {
                guard let table = schema.tables[name] else { continue }
                let found = lookups.findings[table.name] ?? []
                let summary = [Severity.error, .warning, .info].compactMap { severity -> String? in
                    let count = found.filter { $0.severity == severity }.count
                    return count == 0 ? nil : "\(count) \(severity.rawValue)"
                }.joined(separator: ", ")
                var row = "| [\(Self.cell(name.description))](\(Self.link(Self.pagePath(name)))) | \(table.columns.count) | \(Self.cell(table.comment ?? "")) | \(summary.isEmpty ? "none" : summary) |"
                if let statistics {
                    let live = statistics.tables[name]
                    row += " \(live.map { String(Int($0.rowEstimate)) } ?? "") | \(live.map { Self.bytes($0.totalBytes) } ?? "") |"
                }
                lines.append(row)
            }
            lines.append("")
            if tables.count > diagramLimit, cluster.count > 1, diagramTables.contains(cluster) {
                lines += Self.mermaidBlock(diagram(of: Set(cluster), standalone: lookups.standalone))
                lines.append("")
            }
        }
        if linksSVG {
            let diagrams = dotDiagrams().map(\.path)
            lines.append("## Diagrams")
            lines.append("")
            lines += diagrams.map { "- [\($0.dropFirst("diagrams/".count).dropLast(4))](\($0)) (SVG: click a table for its page)" }
            lines.append("")
        }
        if tables.count <= diagramLimit, !tables.isEmpty {
            lines.append("## Diagram")
            lines.append("")
            lines += Self.mermaidBlock(diagram(of: Set(tables.map(\.name)), standalone: lookups.standalone))
            lines.append("")
        }
        if !schema.views.isEmpty {
            lines.append("## Views")
            lines.append("")
            for view in schema.views.values.sorted(by: { $0.name < $1.name }) {
                lines.append("- `\(view.name)`\(view.isMaterialized ? " (materialized)" : "")\(view.comment.map { ": \($0)" } ?? "")")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: A table's page

    func page(_ table: TableInfo, _ lookups: Lookups) -> String {
        let indexes = lookups.indexes[table.name] ?? []
        var lines = ["# \(table.name)", ""]
        if let comment = table.comment { lines += [comment, ""] }
        var facts: [String] = []
        if let bound = table.partitionBound, let parent = table.partitionOf { facts.append("a partition of `\(parent)` (\(bound))") }
        if let key = table.partitionKey { facts.append("partitioned by \(key)") }
        if !table.inherits.isEmpty { facts.append("inherits " + table.inherits.map { "`\($0)`" }.joined(separator: ", ")) }
        if table.persistence != .permanent { facts.append(table.persistence.rawValue) }
        if table.rowLevelSecurity { facts.append("row-level security on\(table.forceRowLevelSecurity ? ", forced for the owner too" : "")") }
        if let live = statistics?.tables[table.name] { facts.append("about \(Int(live.rowEstimate)) rows, \(Self.bytes(live.totalBytes))") }
        if !facts.isEmpty { lines += ["*" + facts.joined(separator: "; ") + "*", ""] }

        lines += ["## Columns", "", "| column | type | null | default | comment |", "|---|---|---|---|---|"]
        for column in table.columns {
            var type = column.fullType
            if let identity = column.identity { type += " (identity, \(identity.rawValue))" }
            if let generated = column.generated { type += " (generated: `\(generated.text)`)" }
            let markers = ERDRenderer.keyMarkers(column, in: table, indexes: indexes)
            let name = markers.isEmpty ? "`\(column.name)`" : "`\(column.name)` \(markers.joined(separator: ", "))"
            lines.append("| \(Self.cell(name)) | \(Self.cell(type)) | \(column.isNotNull ? "not null" : "null") | \(Self.cell(column.defaultExpression.map { "`\($0.text)`" } ?? "")) | \(Self.cell(column.comment ?? "")) |")
        }
        lines.append("")

        var constraints: [String] = []
        if let key = table.primaryKey { constraints.append("Primary key `\(key.name)`: (\(key.columns.joined(separator: ", "))).") }
        for unique in table.uniqueConstraints.sorted(by: { $0.name < $1.name }) {
            constraints.append("Unique `\(unique.name)`: no two rows share (\(unique.columns.joined(separator: ", ")))\(unique.nullsNotDistinct ? ", NULLs counted as equal" : ", rows with a NULL in it excepted").")
        }
        for check in table.checkConstraints.sorted(by: { $0.name < $1.name }) {
            constraints.append("Check `\(check.name)`: \(Self.words(check.expression))\(check.isValid ? "" : " (NOT VALID: existing rows not checked)").")
        }
        for foreignKey in table.foreignKeys.sorted(by: { $0.name < $1.name }) {
            var text = "Foreign key `\(foreignKey.name)`: (\(foreignKey.columns.joined(separator: ", "))) references [\(foreignKey.referencedTable)](\(Self.link(Self.relative(Self.pagePath(foreignKey.referencedTable))))) (\(foreignKey.referencedColumns.joined(separator: ", ")))"
            if foreignKey.onDelete != .noAction { text += ", on delete \(foreignKey.onDelete.rawValue.lowercased())" }
            if foreignKey.onUpdate != .noAction { text += ", on update \(foreignKey.onUpdate.rawValue.lowercased())" }
            if !foreignKey.isValid { text += " (NOT VALID)" }
            constraints.append(text + ".")
        }
        if !constraints.isEmpty {
            lines += ["## Keys and constraints", ""] + constraints.map { "- " + $0 } + [""]
        }

        if !indexes.isEmpty {
            lines += ["## Indexes", "", "| index | definition | serves |", "|---|---|---|"]
            for index in indexes.sorted(by: { $0.name < $1.name }) {
                let definition = "\(index.isUnique ? "unique " : "")\(index.method.name) (\(index.keys.map(\.sql).joined(separator: ", ")))\(index.predicate.map { " WHERE \($0.text)" } ?? "")"
                lines.append("| `\(Self.cell(index.name.name))` | \(Self.cell(definition)) | \(Self.cell(serves(index, on: table))) |")
            }
            lines.append("")
        }

        let incoming = lookups.referencing[table.name] ?? []
        if !incoming.isEmpty {
            lines += ["## Referenced by", ""]
            for (other, foreignKey) in incoming {
                lines.append("- [\(other.name)](\(Self.link(Self.relative(Self.pagePath(other.name))))) (\(foreignKey.columns.joined(separator: ", "))) via `\(foreignKey.name)`\(foreignKey.onDelete != .noAction ? ", on delete \(foreignKey.onDelete.rawValue.lowercased())" : "")")
            }
            lines.append("")
        }
        if !table.triggers.isEmpty {
            lines += ["## Triggers", ""]
            for trigger in table.triggers.sorted(by: { $0.name < $1.name }) {
                lines.append("- `\(trigger.name)`: \(trigger.timing.rawValue) \(trigger.events.map(\.rawValue).joined(separator: " or ")) runs `\(trigger.function)`\(trigger.when.map { " when `\($0.text)`" } ?? "")")
            }
            lines.append("")
        }
        if !table.policies.isEmpty {
            lines += ["## Row-level security policies", ""]
            for policy in table.policies.sorted(by: { $0.name < $1.name }) {
                var text = "- `\(policy.name)` (\(policy.permissive ? "permissive" : "restrictive"), \(policy.command.rawValue), to \(policy.roles.isEmpty ? "public" : policy.roles.joined(separator: ", ")))"
                if let using = policy.using { text += ": rows visible where `\(using.text)`" }
                if let check = policy.withCheck { text += "; rows written must satisfy `\(check.text)`" }
                lines.append(text)
            }
            lines.append("")
        }

        let found = lookups.findings[table.name] ?? []
        lines += ["## Review", ""]
        if found.isEmpty {
            lines += ["No findings.", ""]
        } else {
            for finding in found {
                lines.append("- **\(finding.severity.rawValue)** `\(finding.rule)`: \(finding.message)")
                if let fix = finding.fix {
                    lines += ["", "  ```sql"] + fix.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 } + ["  ```", ""]
                }
            }
            lines.append("")
        }

        var neighbourhood: Set<QualifiedName> = [table.name]
        for foreignKey in table.foreignKeys where schema.tables[foreignKey.referencedTable] != nil { neighbourhood.insert(foreignKey.referencedTable) }
        for (other, _) in incoming { neighbourhood.insert(other.name) }
        lines += ["## Neighbourhood", ""] + Self.mermaidBlock(diagram(of: neighbourhood, standalone: lookups.standalone)) + [""]
        return lines.joined(separator: "\n")
    }

    /// What an index is for: the key or unique rule it enforces, the foreign key it covers, its
    /// partial predicate, and on a live database whether it was used.
    func serves(_ index: IndexInfo, on table: TableInfo) -> String {
        var uses: [String] = []
        if index.name.name == table.primaryKey?.name { uses.append("the primary key") }
        else if table.uniqueConstraints.contains(where: { $0.name == index.name.name }) { uses.append("the unique constraint") }
        else if index.isUnique { uses.append("uniqueness of (\(index.keys.map(\.sql).joined(separator: ", ")))") }
        let keyColumns = index.keyColumns
        for foreignKey in table.foreignKeys.sorted(by: { $0.name < $1.name }) {
            let leading = keyColumns.prefix(foreignKey.columns.count).compactMap { $0 }
            if leading.count == foreignKey.columns.count, Set(leading) == Set(foreignKey.columns) {
                uses.append("the foreign key `\(foreignKey.name)` (deletes and updates of \(foreignKey.referencedTable) look up rows here)")
            }
        }
        if let predicate = index.predicate { uses.append("rows where `\(predicate.text)` only") }
        if let scans = statistics?.indexes[index.name]?.scans {
            uses.append(scans == 0 ? "never used since statistics were reset" : "used \(scans) time\(scans == 1 ? "" : "s")")
        } else if uses.isEmpty {
            uses.append("lookups and sorts on (\(index.keys.map(\.sql).joined(separator: ", "))); no known use from the schema alone")
        }
        return uses.joined(separator: "; ")
    }

    /// A CHECK in words where its shape is known: `status IN (...)` as the values allowed.
    static func words(_ expression: SQLExpression) -> String {
        if let list = expression.inList {
            return "`\(list.column)` is one of " + list.values.map { "`\($0)`" }.joined(separator: ", ")
        }
        if let column = expression.notNullColumn { return "`\(column)` is never NULL" }
        return "`\(expression.text)`"
    }

    /// The tables `names` and the foreign keys among them, as Mermaid.
    func diagram(of names: Set<QualifiedName>, standalone: [QualifiedName: [IndexInfo]]? = nil) -> String {
        ERDRenderer(format: .mermaid).render(subschema(names, standalone: standalone))
    }

    /// The tables `names`, their indexes, and the foreign keys among them.
    func subschema(_ names: Set<QualifiedName>, standalone: [QualifiedName: [IndexInfo]]? = nil) -> DatabaseSchema {
        var part = DatabaseSchema()
        for name in names.sorted() {
            guard var table = schema.tables[name] else { continue }
            table.foreignKeys.removeAll { !names.contains($0.referencedTable) }
            part.tables[name] = table
        }
        let standalone = standalone ?? schema.indexesByTable
        for name in names {
            for index in standalone[name] ?? [] { part.indexes[index.name] = index }
        }
        return part
    }

    static func mermaidBlock(_ diagram: String) -> [String] {
        ["```mermaid"] + diagram.split(separator: "\n").map(String.init) + ["```"]
    }

    /// Text for a Markdown table cell: pipes escaped, line breaks as spaces.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// A link target with spaces and parentheses percent-encoded.
    static func link(_ path: String) -> String {
        path.map { character -> String in
            switch character {
            case " ": "%20"
            case "(": "%28"
            case ")": "%29"
            default: String(character)
            }
        }.joined()
    }

    /// A table page's path from another table's page.
    static func relative(_ path: String) -> String { String(path.dropFirst("tables/".count)) }

    static func bytes(_ count: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(count), unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }
}
