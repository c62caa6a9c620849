import Foundation

/// An environment's seed files checked against the schema and put in the order they apply:
/// `seeds/common/` then `seeds/<environment>/` (a row of the environment replaces the common row
/// with its key), tables in foreign-key order, rows of a self-referencing table parents first.
/// Every problem the schema can tell (an unknown table or column, a key without a unique
/// constraint, a duplicate key, a reference that names no parent row in the seeds) is a
/// ``SeedError`` at the file's line and column before anything is written.
package struct SeedPlan: Sendable {
    /// A column the seed writes: a value of its own, or the id of the parent row named by its
    /// natural key (`plan: pro` for `plan_id`).
    package struct Column: Sendable {
        package var name: String
        package var type: String
        /// How the file names it (the column, or the reference: `plan`).
        package var fileName: String
        package var reference: Reference?
    }

    package struct Reference: Sendable {
        package var table: QualifiedName
        /// The parent's column the foreign key points at (its id).
        package var target: String
        /// The parent's natural key column the file's value matches.
        package var key: String
        package var keyType: String
        /// The parent is the same table: rows are written parents first.
        package var isSelf: Bool
    }

    package struct Step: Sendable {
        package var table: TableInfo
        package var key: [String]
        package var columns: [Column]
        /// Rows in the order they are written (parents before children for a self-reference).
        package var rows: [SeedFile.Row]
        /// The files the rows came from, with their checksums.
        package var files: [(path: String, checksum: String)]
    }

    package var steps: [Step]

    /// Reads `files` (common first, then the environment's) against `schema`.
    package static func plan(files: [SeedFile], schema: DatabaseSchema) throws(SeedError) -> SeedPlan {
        // One table a step: the environment's rows override the common ones with the same key.
        var byTable: [QualifiedName: (table: TableInfo, files: [SeedFile])] = [:]
        for file in files {
            let name = QualifiedName(schema: file.table.schema ?? "public", name: file.table.name)
            guard let table = schema.tables[name] ?? (file.table.schema == nil ? schema.sortedTables.first { $0.name.name == file.table.name } : nil) else {
                throw SeedError(location: SourceLocation(file: file.path, line: 1, column: 1),
                                message: "no table \(name) in the schema (the file's name is its table's: plans.yml, billing.plans.csv)")
            }
            byTable[table.name, default: (table, [])].files.append(file)
        }
        // Natural keys first: references resolve through the parent's.
        var keys: [QualifiedName: [String]] = [:]
        for (name, entry) in byTable {
            keys[name] = try naturalKey(entry.table, files: entry.files, schema: schema)
        }
        var steps: [QualifiedName: Step] = [:]
        for (name, entry) in byTable {
            steps[name] = try step(entry.table, files: entry.files, key: keys[name]!, keys: keys, schema: schema)
        }
        return SeedPlan(steps: try order(steps))
    }

    /// The key a file names, or the primary key; it must be backed by a unique constraint or
    /// index (the upsert's conflict target).
    static func naturalKey(_ table: TableInfo, files: [SeedFile], schema: DatabaseSchema) throws(SeedError) -> [String] {
        let named = files.compactMap(\.key).last
        let key = named ?? table.primaryKey?.columns ?? []
        let at = SourceLocation(file: files[0].path, line: 1, column: 1)
        guard !key.isEmpty else { throw SeedError(location: at, message: "\(table.name) has no primary key: name the columns that identify a row (key: [...])") }
        for column in key where table.column(named: column) == nil {
            throw SeedError(location: at, message: "key column \(column) is not a column of \(table.name)")
        }
        let unique = (schema.allIndexesByTable()[table.name] ?? []).contains { index in
            index.isUnique && index.predicate == nil && index.keyColumns.count == key.count && Set(index.keyColumns.compactMap { $0 }) == Set(key)
        }
        guard unique || table.primaryKey?.columns.sorted() == key.sorted() else {
            throw SeedError(location: at, message: "no unique constraint on \(table.name) (\(key.joined(separator: ", "))): a seed's key must be one, so that a second run updates instead of duplicating")
        }
        return key
    }

    static func step(_ table: TableInfo, files: [SeedFile], key: [String], keys: [QualifiedName: [String]], schema: DatabaseSchema) throws(SeedError) -> Step {
        var columns: [Column] = []
        for file in files {
            for (name, location) in file.columns where !columns.contains(where: { $0.fileName == name }) {
                if let column = table.column(named: name) {
                    columns.append(Column(name: column.name, type: column.fullType, fileName: name, reference: nil))
                } else if let (foreignKey, reference) = try self.reference(name, in: table, keys: keys, schema: schema, at: location) {
                    guard !columns.contains(where: { $0.name == foreignKey.columns[0] }) else {
                        throw SeedError(location: location, message: "\(name) and \(foreignKey.columns[0]) set the same column")
                    }
                    columns.append(Column(name: foreignKey.columns[0], type: table.column(named: foreignKey.columns[0])?.fullType ?? "", fileName: name, reference: reference))
                } else {
                    throw SeedError(location: location, message: "\(table.name) has no column \(name)")
                }
            }
        }
        for column in key where !columns.contains(where: { $0.name == column }) {
            throw SeedError(location: SourceLocation(file: files[0].path, line: 1, column: 1), message: "the key column \(column) has no values in the file")
        }
        // Rows by key: an environment's row replaces the common one; a key twice in one file is an error.
        var rows: [SeedFile.Row] = []
        var index: [[String?]: Int] = [:]
        for file in files {
            var seen: Set<[String?]> = []
            for row in file.rows {
                let identity = key.map { column in row.values[columns.first { $0.name == column }!.fileName]?.text }
                if identity.contains(where: { $0 == nil }) {
                    throw SeedError(location: row.location, message: "the key (\(key.joined(separator: ", "))) needs a value in every row")
                }
                guard seen.insert(identity).inserted else {
                    throw SeedError(location: row.location, message: "key (\(identity.map { $0 ?? "NULL" }.joined(separator: ", "))) appears twice in \(file.path.lastPathComponent)")
                }
                if let existing = index[identity] { rows[existing] = row } else { index[identity] = rows.count; rows.append(row) }
            }
        }
        return Step(table: table, key: key, columns: columns, rows: try parentsFirst(rows, columns: columns, key: key, table: table),
                    files: files.map { ($0.path, $0.checksum) })
    }

    /// `plan` or `plan_id` written as the parent's natural key: the foreign key whose single
    /// column is `<name>_id` (or `<name>`), or that points at the table `<name>` (plural too).
    static func reference(_ name: String, in table: TableInfo, keys: [QualifiedName: [String]], schema: DatabaseSchema,
                          at location: SourceLocation) throws(SeedError) -> (ForeignKey, Reference)? {
        let candidates = table.foreignKeys.filter { foreignKey in
            guard foreignKey.columns.count == 1 else { return false }
            let column = foreignKey.columns[0]
            return column == name + "_id" || column == name + "id"
                || MissingForeignKeyRule.tableNames(for: name).contains(foreignKey.referencedTable.name)
        }
        guard let foreignKey = candidates.first else { return nil }
        guard let parent = schema.tables[foreignKey.referencedTable] else { return nil }
        // The parent's natural key: its seed file's, else its one-column unique key other than the target.
        let parentKey = keys[parent.name].flatMap { $0.count == 1 ? $0[0] : nil }.flatMap { $0 == foreignKey.referencedColumns[0] ? nil : $0 }
            ?? (schema.allIndexesByTable()[parent.name] ?? []).filter { $0.isUnique && $0.predicate == nil && $0.keys.count == 1 }
                .compactMap { $0.keyColumns[0] }.filter { $0 != foreignKey.referencedColumns[0] }.sorted().first
        guard let parentKey, let keyColumn = parent.column(named: parentKey) else {
            throw SeedError(location: location, message: "\(name) refers to \(parent.name) by a natural key, but \(parent.name) has none besides \(foreignKey.referencedColumns[0]): write \(foreignKey.columns[0]) itself")
        }
        return (foreignKey, Reference(table: parent.name, target: foreignKey.referencedColumns[0], key: parentKey, keyType: keyColumn.fullType,
                                      isSelf: parent.name == table.name))
    }

    /// A self-referencing table's rows, each after the row it references (by the parent's key
    /// value); a cycle among them is an error at one of its rows.
    static func parentsFirst(_ rows: [SeedFile.Row], columns: [Column], key: [String], table: TableInfo) throws(SeedError) -> [SeedFile.Row] {
        guard let selfColumn = columns.first(where: { $0.reference?.isSelf == true }), let reference = selfColumn.reference else { return rows }
        // Rows by the value of the column the reference matches.
        let matched = columns.first { $0.name == reference.key }
        var byKey: [String: Int] = [:]
        for (position, row) in rows.enumerated() {
            if let matched, let value = row.values[matched.fileName]?.text { byKey[value] = position }
        }
        var ordered: [SeedFile.Row] = []
        var state: [Int: Bool] = [:]   // false: in progress, true: done
        func visit(_ position: Int) throws(SeedError) {
            if state[position] == true { return }
            if state[position] == false {
                throw SeedError(location: rows[position].location, message: "rows of \(table.name) refer to each other in a cycle through \(selfColumn.fileName)")
            }
            state[position] = false
            if let parentValue = rows[position].values[selfColumn.fileName]?.text, let parent = byKey[parentValue], parent != position {
                try visit(parent)
            }
            state[position] = true
            ordered.append(rows[position])
        }
        for position in rows.indices { try visit(position) }
        return ordered
    }

    /// Parents before children; tables the seeds do not fill are outside the order.
    static func order(_ steps: [QualifiedName: Step]) throws(SeedError) -> [Step] {
        var ordered: [Step] = []
        var state: [QualifiedName: Bool] = [:]
        func visit(_ name: QualifiedName, path: [QualifiedName]) throws(SeedError) {
            if state[name] == true { return }
            guard let step = steps[name] else { return }
            if state[name] == false {
                let cycle = (path.drop { $0 != name } + [name]).map(\.description).joined(separator: " → ")
                throw SeedError(location: SourceLocation(file: step.files[0].path, line: 1, column: 1),
                                message: "the seeded tables reference each other in a cycle (\(cycle)): seed one side and set the other reference in a later file")
            }
            state[name] = false
            for column in step.columns {
                if let reference = column.reference, !reference.isSelf { try visit(reference.table, path: path + [name]) }
            }
            // A plain foreign-key column whose parent is seeded too: the parent first.
            for foreignKey in step.table.foreignKeys where foreignKey.referencedTable != name && step.columns.contains(where: { foreignKey.columns.contains($0.name) }) {
                try visit(foreignKey.referencedTable, path: path + [name])
            }
            state[name] = true
            ordered.append(step)
        }
        for name in steps.keys.sorted() { try visit(name, path: []) }
        return ordered
    }
}

extension SeedPlan.Step {
    /// The rows in statements of at most `size`, a row never in the statement of the row it
    /// references (a statement does not see its own inserts).
    package func batches(of size: Int, only positions: Set<Int>? = nil) -> [ArraySlice<SeedFile.Row>] {
        let rows = positions.map { wanted in self.rows.enumerated().filter { wanted.contains($0.offset) }.map(\.element) } ?? self.rows
        guard let selfColumn = columns.first(where: { $0.reference?.isSelf == true }), let reference = selfColumn.reference,
              let matched = columns.first(where: { $0.name == reference.key }) else {
            return stride(from: 0, to: rows.count, by: size).map { rows[$0..<Swift.min($0 + size, rows.count)] }
        }
        var result: [ArraySlice<SeedFile.Row>] = []
        var start = 0
        var inBatch: Set<String> = []
        for (position, row) in rows.enumerated() {
            let parent = row.values[selfColumn.fileName]?.text
            if position - start >= size || (parent.map(inBatch.contains) ?? false) {
                result.append(rows[start..<position])
                start = position
                inBatch = []
            }
            if let key = row.values[matched.fileName]?.text { inBatch.insert(key) }
        }
        if start < rows.count { result.append(rows[start..<rows.count]) }
        return result
    }

    /// The SQL value of `column` in `row`: the literal cast to the column's type; for a reference,
    /// the parent's id from `resolved` (natural key to id, read from the parent), else selected
    /// by its natural key.
    package func value(_ column: SeedPlan.Column, in row: SeedFile.Row, resolved: [String: [String: String]] = [:]) -> String {
        guard let text = row.values[column.fileName]?.text else { return "NULL::\(column.type)" }
        guard let reference = column.reference else { return "\(quoteLiteral(text))::\(column.type)" }
        if let id = resolved[column.name]?[text] { return "\(quoteLiteral(id))::\(column.type)" }
        return "(SELECT parent.\(quoteIdentifier(reference.target)) FROM \(reference.table.sql) AS parent WHERE parent.\(quoteIdentifier(reference.key)) = \(quoteLiteral(text))::\(reference.keyType))"
    }

    /// The positions of the rows that differ from the table (absent, or another value in a
    /// column the seed sets): one hashed join instead of a write per row.
    package func differing(resolved: [String: [String: String]]) -> String {
        let listed = rows.enumerated().map { position, row in
            "(\(position), " + columns.map { value($0, in: row, resolved: resolved) }.joined(separator: ", ") + ")"
        }
        let names = ["position"] + columns.indices.map { "c\($0)" }
        let keyMatch = key.map { name -> String in
            let index = columns.firstIndex { $0.name == name }!
            return "existing.\(quoteIdentifier(name)) = listed.c\(index)"
        }.joined(separator: " AND ")
        let compared = columns.indices.filter { !key.contains(columns[$0].name) }
        var sql = "SELECT listed.position::text FROM (VALUES \(listed.joined(separator: ",\n  "))) AS listed(\(names.joined(separator: ", ")))\n"
            + "LEFT JOIN \(table.name.sql) AS existing ON \(keyMatch)\nWHERE existing.\(quoteIdentifier(key[0])) IS NULL"
        if !compared.isEmpty {
            sql += "\n  OR (" + compared.map { "existing.\(quoteIdentifier(columns[$0].name))" }.joined(separator: ", ") + ") IS DISTINCT FROM ("
                + compared.map { "listed.c\($0)" }.joined(separator: ", ") + ")"
        }
        return sql
    }

    /// `INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE ... IS DISTINCT FROM ...` for `rows`:
    /// a row already as the seed says is not written at all.
    package func upsert(_ rows: ArraySlice<SeedFile.Row>, resolved: [String: [String: String]] = [:]) -> String {
        let names = columns.map { quoteIdentifier($0.name) }
        let values = rows.map { row in "(" + columns.map { value($0, in: row, resolved: resolved) }.joined(separator: ", ") + ")" }
        var sql = "INSERT INTO \(table.name.sql) AS existing (\(names.joined(separator: ", "))) VALUES\n  " + values.joined(separator: ",\n  ")
        let keyNames = key.map(quoteIdentifier)
        let updated = columns.filter { !key.contains($0.name) }.map { quoteIdentifier($0.name) }
        sql += "\nON CONFLICT (\(keyNames.joined(separator: ", "))) DO "
        if updated.isEmpty {
            sql += "NOTHING"
        } else {
            sql += "UPDATE SET " + updated.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
                + "\n  WHERE (" + updated.map { "existing.\($0)" }.joined(separator: ", ") + ") IS DISTINCT FROM ("
                + updated.map { "EXCLUDED.\($0)" }.joined(separator: ", ") + ")"
        }
        return sql
    }

    /// The rows whose reference names no parent: `SELECT` of their positions, for an error at the line.
    package func missingParents(_ column: SeedPlan.Column) -> String? {
        guard let reference = column.reference else { return nil }
        // A self-reference may name a row of the same file: written in an earlier statement.
        let own: Set<String> = reference.isSelf
            ? Set(rows.compactMap { row in columns.first { $0.name == reference.key }.flatMap { row.values[$0.fileName]?.text } })
            : []
        let listed = rows.enumerated().compactMap { position, row -> String? in
            guard let text = row.values[column.fileName]?.text, !own.contains(text) else { return nil }
            return "(\(position), \(quoteLiteral(text))::\(reference.keyType))"
        }
        guard !listed.isEmpty else { return nil }
        return "SELECT listed.position::text FROM (VALUES \(listed.joined(separator: ", "))) AS listed(position, value) "
            + "WHERE NOT EXISTS (SELECT 1 FROM \(reference.table.sql) AS parent WHERE parent.\(quoteIdentifier(reference.key)) = listed.value) ORDER BY 1 LIMIT 1"
    }

    /// The rows of the table the seed does not list (by key): an anti-join on the listed keys,
    /// which the planner hashes (a `NOT IN` list would compare every pair).
    package func unlistedCondition(resolved: [String: [String: String]] = [:]) -> String {
        let keyColumns = key.map { name in columns.first { $0.name == name }! }
        guard !rows.isEmpty else { return "true" }
        let listed = rows.map { row in "(" + keyColumns.map { value($0, in: row, resolved: resolved) }.joined(separator: ", ") + ")" }
        let names = key.indices.map { "k\($0)" }
        let match = key.enumerated().map { "listed.k\($0.offset) = existing.\(quoteIdentifier($0.element))" }.joined(separator: " AND ")
        return "NOT EXISTS (SELECT 1 FROM (VALUES \(listed.joined(separator: ", "))) AS listed(\(names.joined(separator: ", "))) WHERE \(match))"
    }
}
