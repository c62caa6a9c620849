import Foundation
import PostgresNIO
import StrataKit

/// What turns catalog rows into the model's canonical forms: index rows with names, partition
/// bounds and keys as files write them, array types, foreign key actions; and the session setup.
extension CatalogReader {
    /// An index row with names for its attribute numbers, operator classes and collations.
    static func resolve(_ raw: RawIndexRow, table: QualifiedName, attributeNames: [Int16: String], attributeCollations: [Int16: Int64],
                        operatorClasses: [Int64: String?], collationNames: [Int64: String], comment: String?) -> RawIndex {
        let keys: [Int16] = Array(raw.keys.prefix(raw.keyCount))
        var columns: [String?] = [], expressions: [String?] = [], descending: [Bool] = [], nullsFirst: [Bool] = []
        var opclasses: [String?] = [], collations: [String?] = []
        for (position, key) in keys.enumerated() {
            let option: Int16 = raw.options[safe: position] ?? 0
            columns.append(key == 0 ? nil : attributeNames[key])
            expressions.append(key == 0 ? (raw.expressions[safe: position] ?? nil) : nil)
            descending.append(option & 1 != 0)
            nullsFirst.append(option & 2 != 0)
            let opclass: String?? = raw.operatorClasses[safe: position].flatMap { operatorClasses[$0] }
            opclasses.append(opclass ?? nil)
            // An expression's own collation is not part of the definition: trust pg_get_indexdef on whether any COLLATE is.
            var collation: String?
            if raw.writesCollation, let oid = raw.collations[safe: position], oid != 0 {
                let own: Int64 = key == 0 ? 100 : (attributeCollations[key] ?? 100)
                collation = oid == own ? nil : collationNames[oid]
            }
            collations.append(collation)
        }
        let include = raw.keys.dropFirst(raw.keyCount).map { attributeNames[$0] ?? "?" }
        return RawIndex(name: raw.name, table: table, method: raw.method, unique: raw.unique, columns: columns, expressions: expressions,
                        descending: descending, nullsFirst: nullsFirst, opclasses: opclasses, collations: collations, include: include,
                        predicate: raw.predicate, nullsNotDistinct: raw.nullsNotDistinct, valid: raw.valid, comment: comment)
    }

    /// The visible tables, once per query that needs them.
    static func relations(kinds: String = "'r', 'p'") -> String {
        """
        WITH rel AS MATERIALIZED (
            SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN (\(kinds)) AND \(visible("n", object: "c.oid", catalog: "pg_class")))
        """
    }

    /// `body` on a new connection, closed afterwards whatever happens.
    static func onOwnConnection<Result: Sendable>(_ settings: ConnectionSettings, logger: Logger,
                                                  _ body: (DatabaseSession) async throws(DatabaseError) -> Result) async throws(DatabaseError) -> Result {
        let helper = try await DatabaseSession.connect(settings, logger: logger)
        do {
            try await prepare(helper)
            let result = try await body(helper)
            await helper.close()
            return result
        } catch {
            await helper.close()
            throw error
        }
    }

    /// Names print as seen from public, whatever a loaded script changed; timestamptz bounds in UTC.
    static func prepare(_ session: DatabaseSession) async throws(DatabaseError) {
        try await session.execute("RESET ALL")
        try await session.execute("SET search_path TO public")
        try await session.execute("SET TimeZone TO 'UTC'")
    }

    func readColumns() async throws(DatabaseError) -> [(Int64, RawColumn)] {
        let rows = try await packedRows([
            // Types are named below, once per distinct type and modifier: format_type per column was a third of this read.
            "a.attrelid", "a.attnum", "a.attname", "a.atttypid", "a.attndims", "a.attnotnull",
            // A default cannot read columns, and pg_get_expr costs 8x more with a relation to resolve them against.
            "CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, 0) ELSE pg_get_expr(d.adbin, d.adrelid) END", "a.attidentity", "a.attgenerated",
            """
            CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN
                 CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname) ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
            END
            """,
            "a.attcollation", "a.atttypmod",
        ], from: """
            FROM (\(Self.relations()) SELECT oid FROM rel) rel JOIN pg_attribute a ON a.attrelid = rel.oid JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> t.typcollation
            LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
            WHERE a.attnum > 0 AND NOT a.attisdropped
            """)
        struct TypeKey: Hashable { var oid: Int64, modifier: Int32 }
        let keys = rows.map { TypeKey(oid: $0.integer(3), modifier: $0.integer(11)) }
        let distinct = Array(Set(keys))
        var typeNames: [TypeKey: String] = [:]
        // time, timestamp, timestamptz, timetz and their arrays at precision 6 print as without one,
        // as files' `timestamp(6)` does (TypeNames): the default precision, stored alike.
        var binds = PostgresBindings()
        binds.append(distinct.map(\.oid))
        binds.append(distinct.map(\.modifier))
        try await session.forEachRow(PostgresQuery(unsafeSQL: """
            SELECT t, m, format_type(t::oid, CASE WHEN m = 6 AND t IN (1083, 1114, 1184, 1266, 1183, 1115, 1185, 1270) THEN -1 ELSE m END)
            FROM unnest($1::int8[], $2::int4[]) u(t, m)
            """,
                                                   binds: binds)) { row in
            let (oid, modifier, name) = try row.decode((Int64, Int32, String).self)
            typeNames[TypeKey(oid: oid, modifier: modifier)] = name
        }
        // Sorted here rather than by the server (cheaper): columns in attribute order, tables by oid.
        return zip(rows, keys).map { f, key in
            (f.integer(0), RawColumn(
                number: f.integer(1), name: f.text(2), type: typeNames[key] ?? "", dimensions: f.integer(4), notNull: f.bool(5),
                defaultText: f.string(6), identity: f.text(7), generated: f.text(8), collation: f.string(9), collationOID: f.integer(10)))
        }.sorted { ($0.0, $0.1.number) < ($1.0, $1.1.number) }
    }

    func readConstraints(version: Int) async throws(DatabaseError) -> [RawConstraint] {
        let nullsNotDistinct = version >= 150000 ? "i.indnullsnotdistinct" : "false"
        let rows = try await packedRows([
            "con.conrelid", "con.conname", "con.contype", "array_to_string(con.conkey, E'\\x1d')", "fn.nspname", "fc.relname",
            "con.confrelid", "array_to_string(con.confkey, E'\\x1d')",
            "con.confupdtype", "con.confdeltype", "con.confmatchtype", "con.condeferrable", "con.condeferred", "con.convalidated",
            // A CHECK's tree, printed later once per shape (`printChecks`).
            "CASE WHEN con.contype = 'c' THEN con.conbin::text END", "CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid) END",
            "array_to_string((i.indkey::int2[])[i.indnkeyatts:], E'\\x1d')", "coalesce(\(nullsNotDistinct), false)",
        ], from: """
            FROM (\(Self.relations()) SELECT oid FROM rel) rel JOIN pg_constraint con ON con.conrelid = rel.oid
            LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
            LEFT JOIN pg_index i ON i.indexrelid = con.conindid AND con.contype IN ('p', 'u', 'x')
            WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')
              AND NOT (con.contype = 'f' AND con.conparentid <> 0
                       AND EXISTS (SELECT 1 FROM pg_constraint p WHERE p.oid = con.conparentid AND p.conrelid = con.conrelid))
            """)
        return rows.map { f in
            RawConstraint(
                table: f.integer(0), name: f.text(1), kind: f.text(2), columns: f.integers(3, separator: 0x1D),
                referencedSchema: f.string(4), referencedTable: f.string(5), referencedRelation: f.integer(6),
                referencedColumns: f.integers(7, separator: 0x1D), onUpdate: f.string(8) ?? "a",
                onDelete: f.string(9) ?? "a", match: f.string(10) ?? "s", deferrable: f.bool(11), deferred: f.bool(12), validated: f.bool(13),
                expression: nil, tree: f.string(14), definition: f.string(15), include: f.integers(16, separator: 0x1D), nullsNotDistinct: f.bool(17))
        }.sorted { ($0.table, $0.name) < ($1.table, $1.name) }
    }

    /// Sets each CHECK's text, printed by the server once per shape. `pg_get_expr` opens the
    /// table's relation to name the columns, a cost per table that made up most of the constraint
    /// read on schemas of thousands of tables sharing their CHECKs. Two CHECKs print alike when
    /// their trees (without source positions) and the names of the columns they read are equal:
    /// the columns are the only thing printed from the table.
    func printChecks(_ constraints: inout [RawConstraint], attributeNames: [Int64: [Int16: String]]) async throws(DatabaseError) {
        var shapes: [String: [Int]] = [:]
        for (index, constraint) in constraints.enumerated() {
            guard let tree = constraint.tree else { continue }
            let names = constraint.columns.map { $0 > 0 ? attributeNames[constraint.table]?[$0] : nil }
            // A whole-row or system column reference: printed on its own.
            let shape = names.contains(nil)
                ? "\(constraint.table).\(constraint.name)"
                : Self.withoutLocations(tree) + "\u{1F}" + names.map { $0! }.joined(separator: "\u{1F}")
            shapes[shape, default: []].append(index)
        }
        guard !shapes.isEmpty else { return }
        let members = Array(shapes.values)
        var binds = PostgresBindings()
        binds.append(members.map { constraints[$0[0]].table })
        binds.append(members.map { constraints[$0[0]].name })
        try await session.forEachRow(PostgresQuery(unsafeSQL: """
            SELECT r.o, pg_get_expr(c.conbin, c.conrelid) FROM unnest($1::int8[], $2::text[]) WITH ORDINALITY r(t, n, o)
            JOIN pg_constraint c ON c.conrelid = r.t::oid AND c.conname = r.n AND c.contype = 'c'
            """, binds: binds)) { row in
            let (position, text) = try row.decode((Int64, String).self)
            for index in members[Int(position) - 1] { constraints[index].expression = text }
        }
    }

    /// A node tree's text (`pg_node_tree`) without its ` :location N` fields.
    static func withoutLocations(_ tree: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tree.utf8.count)
        let marker = Array(" :location ".utf8)
        var input = Array(tree.utf8)[...]
        while let first = input.first {
            if first == marker[0], input.starts(with: marker) {
                input = input.dropFirst(marker.count).drop { $0 == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
                continue
            }
            bytes.append(first)
            input = input.dropFirst()
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func readIndexes(version: Int) async throws(DatabaseError) -> [RawIndexRow] {
        let nullsNotDistinct = version >= 150000 ? "i.indnullsnotdistinct" : "false"
        let rows = try await packedRows([
            "i.indrelid", "n.nspname", "ic.relname", "am.amname", "i.indisunique", "i.indnkeyatts",
            "i.indkey", "i.indoption", "i.indclass", "i.indcollation",
            """
            CASE WHEN i.indexprs IS NOT NULL THEN array_to_string(ARRAY(
                 SELECT CASE WHEN i.indkey[k - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k, true) ELSE '' END
                 FROM generate_series(1, i.indnkeyatts) k ORDER BY k), E'\\x1d') END
            """,
            "pg_get_expr(i.indpred, i.indrelid)", "coalesce(\(nullsNotDistinct), false)", "i.indisvalid", "i.indexrelid",
            """
            CASE WHEN EXISTS (SELECT 1 FROM unnest(i.indcollation::oid[]) c WHERE c NOT IN (0, 100))
                 THEN pg_get_indexdef(i.indexrelid) LIKE '% COLLATE %' ELSE false END
            """,
        ], from: """
            FROM (\(Self.relations(kinds: "'r', 'p', 'm'")) SELECT oid FROM rel) rel JOIN pg_index i ON i.indrelid = rel.oid JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = ic.relnamespace JOIN pg_am am ON am.oid = ic.relam
            WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                              AND con.contype IN ('p', 'u', 'x'))
            """)
        // int2vector and oidvector print as space-separated numbers.
        let space = UInt8(ascii: " ")
        return rows.map { f in
            RawIndexRow(
                table: f.integer(0), name: QualifiedName(schema: f.text(1), name: f.text(2)), method: f.string(3) ?? "btree",
                unique: f.bool(4), keyCount: f.integer(5), keys: f.integers(6, separator: space), options: f.integers(7, separator: space),
                operatorClasses: f.integers(8, separator: space), collations: f.integers(9, separator: space),
                // '' stands for a column key.
                expressions: f.elements(10).map { $0.isEmpty ? nil : $0 }, predicate: f.string(11), nullsNotDistinct: f.bool(12),
                valid: f.bool(13), oid: f.integer(14), writesCollation: f.bool(15))
        }
    }

    /// `FROM ('2024-01-01 00:00:00+00')`, how a timestamptz bound written as a date prints in UTC,
    /// back to `FROM ('2024-01-01')`.
    /// Negative numbers, which list bounds print quoted, lose their quotes too.
    static func canonicalBound(_ bound: String) -> String {
        bound.replacingOccurrences(of: #"'(\d{4}-\d{2}-\d{2}) 00:00:00(\+00)?'"#, with: "'$1'", options: .regularExpression)
            .replacingOccurrences(of: #"'(-\d+(\.\d+)?)'"#, with: "$1", options: .regularExpression)
    }

    /// `RANGE (a, ((a + b) / 2))` as `pg_get_partkeydef` prints it, with each expression key in
    /// the canonical form (files write `RANGE (a, ((a + b) / 2))` the same way).
    static func canonicalPartitionKey(_ key: String) -> String {
        guard let open = key.firstIndex(of: "("), key.hasSuffix(")") else { return key }
        let strategy = key[..<open].trimmingCharacters(in: .whitespaces)
        let inner = key[key.index(after: open)..<key.index(before: key.endIndex)]
        var items: [String] = []
        var depth = 0, current = "", inQuote = false
        for character in inner {
            if character == "'" { inQuote.toggle() }
            if !inQuote {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if character == ",", depth == 0 { items.append(current); current = ""; continue }
            }
            current.append(character)
        }
        items.append(current)
        let keys = items.map { item -> String in
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("(") else { return trimmed }
            guard let expression = PostgresParser.expressions([trimmed]).first ?? nil else { return trimmed }
            return "(\(expression.text))"
        }
        return "\(strategy) (\(keys.joined(separator: ", ")))"
    }

    /// `integer[]` is `integer` with one dimension.
    static func splitArray(_ type: String) -> (String, Int) {
        var base = Substring(type)
        var dimensions = 0
        while base.hasSuffix("[]") { base = base.dropLast(2); dimensions += 1 }
        return (String(base), dimensions)
    }

    static func action(_ code: String) -> ForeignKeyAction {
        switch code {
        case "r": .restrict
        case "c": .cascade
        case "n": .setNull
        case "d": .setDefault
        default: .noAction
        }
    }
}
