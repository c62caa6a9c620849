import Foundation
import PostgresNIO
import StrataKit

/// Reads a live database's catalog into the same `DatabaseSchema` that SQL files build, in a
/// fixed number of bulk queries (one per kind of object, never one per table).
///
/// Expressions come back as `pg_get_expr` prints them and are put into the model's canonical
/// form by the same printer files go through; types as `format_type` prints them. System schemas
/// and objects that belong to extensions are left out; `schemas` narrows to the given ones.
public struct CatalogReader: Sendable {
    public let session: DatabaseSession
    /// Empty: every schema but pg_catalog, information_schema and pg_toast.
    public var schemas: [String]

    public init(session: DatabaseSession, schemas: [String] = []) {
        self.session = session
        self.schemas = schemas
    }

    /// `n` is the namespace of the object; `object` its oid, `catalog` the catalog it lives in.
    static func visible(_ n: String, object: String, catalog: String) -> String {
        """
        \(n).nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND \(n).nspname NOT LIKE 'pg\\_temp\\_%'
        AND \(n).nspname NOT LIKE 'pg\\_toast\\_temp\\_%' AND (cardinality($1::text[]) = 0 OR \(n).nspname = ANY ($1::text[]))
        AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '\(catalog)'::regclass AND e.objid = \(object) AND e.deptype = 'e')
        """
    }

    func rows(_ sql: String, _ body: (PostgresRow) throws -> Void) async throws(DatabaseError) {
        var binds = PostgresBindings()
        binds.append(schemas)
        try await session.forEachRow(PostgresQuery(unsafeSQL: sql, binds: binds), body)
    }

    /// A query's rows packed by the server into one text, split here. PostgresNIO decodes cell by
    /// cell through generic code; for a catalog of 10,000 tables (80,000 columns) that costs more
    /// than the server's own work, while splitting one text costs little. Fields are separated by
    /// U+001F, rows by U+001E, array elements by U+001D; NULL is U+0001. A value holding one of
    /// these characters (possible only in comments or string literals) is detected, not misread.
    /// `fields`: SQL expressions of the `select` (arrays go through `array_to_string`).
    func packedRows(_ fields: [String], from clause: String) async throws(DatabaseError) -> PackedRows {
        let packed = fields.map { "coalesce((\($0))::text, E'\\x01')" }.joined(separator: ", ")
        var text: ByteBuffer?
        try await rows("SELECT string_agg(concat_ws(E'\\x1f', \(packed)), E'\\x1e') \(clause)") { row in
            text = try row.decode(ByteBuffer?.self)
        }
        guard let rows = PackedRows(text.map { Array($0.readableBytesView) } ?? [], fieldCount: fields.count) else {
            throw DatabaseError(kind: .decoding, settings: session.settings,
                                message: "a catalog value contains a control character (U+001E or U+001F)")
        }
        return rows
    }

    // MARK: - Raw rows, before expressions are parsed

    struct RawColumn: Sendable {
        var number: Int16, name: String, type: String, dimensions: Int, notNull: Bool, defaultText: String?
        var identity: String, generated: String, collation: String?, collationOID: Int64
    }
    /// Column lists as attribute numbers: names come from the columns read alongside.
    struct RawConstraint: Sendable {
        var table: Int64, name: String, kind: String, columns: [Int16], referencedSchema: String?, referencedTable: String?
        var referencedRelation: Int64, referencedColumns: [Int16], onUpdate: String, onDelete: String, match: String, deferrable: Bool, deferred: Bool
        var validated: Bool, expression: String?, definition: String?, include: [Int16], nullsNotDistinct: Bool
    }
    /// An index as pg_index holds it: key attribute numbers (0 for an expression), options, classes.
    struct RawIndexRow: Sendable {
        var table: Int64, name: QualifiedName, method: String, unique: Bool, keyCount: Int, keys: [Int16], options: [Int16]
        var operatorClasses: [Int64], collations: [Int64], expressions: [String?], predicate: String?, nullsNotDistinct: Bool
        var valid: Bool, oid: Int64, writesCollation: Bool
    }
    struct RawIndex {
        var name: QualifiedName, table: QualifiedName, method: String, unique: Bool, columns: [String?], expressions: [String?]
        var descending: [Bool], nullsFirst: [Bool], opclasses: [String?], collations: [String?], include: [String]
        var predicate: String?, nullsNotDistinct: Bool, valid: Bool, comment: String?
    }
    struct RawPolicy {
        var table: Int64, name: String, command: String, permissive: Bool, roles: [String], using: String?, withCheck: String?
    }
    struct RawDomain {
        var name: QualifiedName, baseType: String, notNull: Bool, defaultText: String?, checkNames: [String], checks: [String], validated: [Bool]
    }

    /// The whole model. Statistics are a separate read (`readStatistics`): `strata schema` needs none.
    public func readSchema() async throws(DatabaseError) -> DatabaseSchema {
        try await Self.prepare(session)
        let version = try await session.serverVersion()
        // The two largest reads (columns, constraints) start first, each on a connection of its
        // own; everything else is read on this one meanwhile.
        let settings = session.settings, logger = session.logger, schemas = schemas
        async let columnRows = Self.onOwnConnection(settings, logger: logger) { helper async throws(DatabaseError) in
            try await CatalogReader(session: helper, schemas: schemas).readColumns()
        }
        async let constraintRows = Self.onOwnConnection(settings, logger: logger) { helper async throws(DatabaseError) in
            try await CatalogReader(session: helper, schemas: schemas).readConstraints(version: version)
        }
        var schema = DatabaseSchema()
        schema.schemas = []
        try await rows("""
            SELECT n.nspname::text, obj_description(n.oid, 'pg_namespace') FROM pg_namespace n
            WHERE \(Self.visible("n", object: "n.oid", catalog: "pg_namespace"))
            """) { row in
            let (name, comment) = try row.decode((String, String?).self)
            schema.schemas.insert(name)
            if let comment { schema.schemaComments[name] = comment }
        }
        try await rows("""
            SELECT e.extname::text, n.nspname::text FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname <> 'plpgsql'
            """) { row in
            let (name, namespace) = try row.decode((String, String).self)
            schema.extensions[name] = Extension(name: name, schema: namespace)
        }
        try await rows("""
            SELECT n.nspname::text, t.typname::text, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder),
                   obj_description(t.oid, 'pg_type')
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE t.typtype = 'e' AND \(Self.visible("n", object: "t.oid", catalog: "pg_type"))
            """) { row in
            let (namespace, name, values, comment) = try row.decode((String, String, [String], String?).self)
            let qualified = QualifiedName(schema: namespace, name: name)
            schema.enums[qualified] = EnumType(name: qualified, values: values, comment: comment)
        }
        var domains: [RawDomain] = []
        try await rows("""
            SELECT n.nspname::text, t.typname::text, format_type(t.typbasetype, t.typtypmod), t.typnotnull, pg_get_expr(t.typdefaultbin, 0),
                   ARRAY(SELECT c.conname::text FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname),
                   ARRAY(SELECT pg_get_expr(c.conbin, 0) FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname),
                   ARRAY(SELECT c.convalidated FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname)
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE t.typtype = 'd' AND \(Self.visible("n", object: "t.oid", catalog: "pg_type"))
            """) { row in
            let (namespace, name, base, notNull, defaultText, names, checks, validated) =
                try row.decode((String, String, String, Bool, String?, [String], [String], [Bool]).self)
            domains.append(RawDomain(name: QualifiedName(schema: namespace, name: name), baseType: base, notNull: notNull,
                                     defaultText: defaultText, checkNames: names, checks: checks, validated: validated))
        }
        try await rows("""
            SELECT n.nspname::text, c.relname::text, format_type(s.seqtypid, NULL), dn.nspname::text, dc.relname::text, a.attname::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
            LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            LEFT JOIN pg_class dc ON dc.oid = d.refobjid LEFT JOIN pg_namespace dn ON dn.oid = dc.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE c.relkind = 'S' AND \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            """) { row in
            let (namespace, name, type, ownerSchema, ownerTable, ownerColumn) = try row.decode((String, String, String, String?, String?, String?).self)
            let qualified = QualifiedName(schema: namespace, name: name)
            var sequence = SequenceInfo(name: qualified, dataType: type)
            if let ownerSchema, let ownerTable, let ownerColumn {
                sequence.ownedByTable = QualifiedName(schema: ownerSchema, name: ownerTable)
                sequence.ownedByColumn = ownerColumn
            }
            schema.sequences[qualified] = sequence
        }

        // Comments on tables, columns and indexes in one read, matched here: a join to pg_description
        // plans badly on a catalog whose statistics are fresh.
        var comments: [Int64: [Int32: String]] = [:]
        for f in try await packedRows(["ds.objoid", "ds.objsubid", "ds.description"],
                                      from: "FROM pg_description ds WHERE ds.classoid = 'pg_class'::regclass") {
            if let text = f.string(2) { comments[f.integer(0), default: [:]][f.integer(1)] = text }
        }

        var tableNames: [Int64: QualifiedName] = [:]
        try await rows("""
            SELECT c.oid::int8, n.nspname::text, c.relname::text, c.relpersistence::text, c.relrowsecurity, c.relforcerowsecurity,
                   CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                   c.relispartition, pg_get_expr(c.relpartbound, c.oid),
                   ARRAY(SELECT pn.nspname::text FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
                         JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid ORDER BY i.inhseqno),
                   ARRAY(SELECT pc.relname::text FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent WHERE i.inhrelid = c.oid ORDER BY i.inhseqno)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            """) { row in
            let (oid, namespace, name, persistence, rls, forceRLS, partitionKey, isPartition, bound, parentSchemas, parentNames) =
                try row.decode((Int64, String, String, String, Bool, Bool, String?, Bool, String?, [String], [String]).self)
            let qualified = QualifiedName(schema: namespace, name: name)
            var table = TableInfo(name: qualified)
            table.persistence = persistence == "u" ? .unlogged : (persistence == "t" ? .temporary : .permanent)
            table.rowLevelSecurity = rls
            table.forceRowLevelSecurity = forceRLS
            table.comment = comments[oid]?[0]
            table.partitionKey = partitionKey.map(Self.canonicalPartitionKey)
            let parents = zip(parentSchemas, parentNames).map { QualifiedName(schema: $0, name: $1) }
            if isPartition {
                table.partitionOf = parents.first
                table.partitionBound = bound.map(Self.canonicalBound)
            } else {
                table.inherits = parents
            }
            tableNames[oid] = qualified
            schema.tables[qualified] = table
        }

        let rawIndexes = try await readIndexes(version: version)
        var operatorClasses: [Int64: String?] = [:]
        try await rows("""
            SELECT oc.oid::int8, CASE WHEN oc.opcdefault THEN NULL WHEN pg_opclass_is_visible(oc.oid) THEN oc.opcname::text
                                      ELSE quote_ident(n.nspname) || '.' || quote_ident(oc.opcname) END
            FROM pg_opclass oc JOIN pg_namespace n ON n.oid = oc.opcnamespace
            """) { row in
            let (oid, name) = try row.decode((Int64, String?).self)
            operatorClasses[oid] = name
        }
        var collationNames: [Int64: String] = [:]
        if rawIndexes.contains(where: { $0.writesCollation }) {
            try await rows("SELECT co.oid::int8, quote_ident(co.collname) FROM pg_collation co") { row in
                let (oid, name) = try row.decode((Int64, String).self)
                collationNames[oid] = name
            }
        }

        var triggers: [(table: Int64, trigger: Trigger)] = []
        try await rows("""
            SELECT t.tgrelid::int8, t.tgname::text, pn.nspname::text, p.proname::text, t.tgtype::int4,
                   ARRAY(SELECT a.attname::text FROM unnest(t.tgattr::int2[]) WITH ORDINALITY k(num, ord)
                         JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.num ORDER BY k.ord)
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace
            WHERE (NOT t.tgisinternal OR (t.tgparentid <> 0 AND t.tgconstraint = 0)) AND c.relkind IN ('r', 'p')
              AND \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            ORDER BY t.tgrelid, t.tgname
            """) { row in
            let (table, name, functionSchema, functionName, type, updateColumns) = try row.decode((Int64, String, String, String, Int32, [String]).self)
            // Bits of PostgreSQL's TRIGGER_TYPE_* flags.
            var events: [String] = []
            if type & 4 != 0 { events.append("INSERT") }
            if type & 16 != 0 { events.append("UPDATE") }
            if type & 8 != 0 { events.append("DELETE") }
            if type & 32 != 0 { events.append("TRUNCATE") }
            let timing = type & 64 != 0 ? "INSTEAD OF" : (type & 2 != 0 ? "BEFORE" : "AFTER")
            triggers.append((table, Trigger(name: name, function: QualifiedName(schema: functionSchema, name: functionName), timing: timing,
                                            events: events, updateColumns: updateColumns, forEachRow: type & 1 != 0)))
        }

        var policies: [RawPolicy] = []
        try await rows("""
            SELECT p.polrelid::int8, p.polname::text, p.polcmd::text, p.polpermissive,
                   ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END FROM unnest(p.polroles) WITH ORDINALITY u(r, o) ORDER BY o),
                   pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
            FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            ORDER BY p.polrelid, p.polname
            """) { row in
            let (table, name, command, permissive, roles, using, withCheck) = try row.decode((Int64, String, String, Bool, [String], String?, String?).self)
            policies.append(RawPolicy(table: table, name: name, command: command, permissive: permissive, roles: roles, using: using, withCheck: withCheck))
        }

        var viewDefinitions: [(name: QualifiedName, definition: String, materialized: Bool, comment: String?)] = []
        try await rows("""
            SELECT n.nspname::text, c.relname::text, pg_get_viewdef(c.oid), c.relkind = 'm', obj_description(c.oid, 'pg_class')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('v', 'm') AND \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            """) { row in
            let (namespace, name, definition, materialized, comment) = try row.decode((String, String, String, Bool, String?).self)
            viewDefinitions.append((QualifiedName(schema: namespace, name: name), definition, materialized, comment))
        }

        try await rows("""
            SELECT n.nspname::text, p.proname::text,
                   ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(t, o) ORDER BY o),
                   CASE WHEN p.prokind = 'p' THEN '' WHEN p.proretset THEN 'SETOF ' || format_type(p.prorettype, NULL) ELSE format_type(p.prorettype, NULL) END,
                   l.lanname::text, p.provolatile::text, p.prosrc, p.prokind = 'p', obj_description(p.oid, 'pg_proc')
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
            WHERE p.prokind IN ('f', 'p') AND \(Self.visible("n", object: "p.oid", catalog: "pg_proc"))
              -- constructors PostgreSQL makes for range and multirange types belong to the type
              AND NOT EXISTS (SELECT 1 FROM pg_depend t WHERE t.classid = 'pg_proc'::regclass AND t.objid = p.oid AND t.deptype = 'i')
            """) { row in
            let (namespace, name, arguments, returnType, language, volatility, body, isProcedure, comment) =
                try row.decode((String, String, [String], String, String, String, String?, Bool, String?).self)
            let spelled = switch volatility { case "i": "immutable"; case "s": "stable"; default: "volatile" }
            var function = FunctionInfo(name: QualifiedName(schema: namespace, name: name), argumentTypes: arguments, returnType: returnType,
                                    language: language, volatility: spelled, body: body, isProcedure: isProcedure)
            function.comment = comment
            schema.functions[function.signature] = function
        }

        let columns: [(Int64, RawColumn)], constraints: [RawConstraint]
        do {
            (columns, constraints) = try await (columnRows, constraintRows)
        } catch {
            // `async let` forgets the error's type; these reads throw nothing else.
            throw error as? DatabaseError ?? DatabaseError(kind: .decoding, settings: settings, message: "\(error)")
        }
        var attributeNames: [Int64: [Int16: String]] = [:]
        var attributeCollations: [Int64: [Int16: Int64]] = [:]
        for (table, column) in columns {
            attributeNames[table, default: [:]][column.number] = column.name
            attributeCollations[table, default: [:]][column.number] = column.collationOID
        }
        // Foreign keys may point into schemas left out by --schema: their column names come separately.
        let outside = Set(constraints.filter { $0.kind == "f" && attributeNames[$0.referencedRelation] == nil }.map(\.referencedRelation))
        if !outside.isEmpty {
            try await rows("""
                SELECT a.attrelid::int8, a.attnum, a.attname::text FROM pg_attribute a
                WHERE a.attrelid IN (\(outside.map(String.init).joined(separator: ", "))) AND a.attnum > 0
                """) { row in
                let (relation, number, name) = try row.decode((Int64, Int16, String).self)
                attributeNames[relation, default: [:]][number] = name
            }
        }
        func names(_ table: Int64, _ numbers: [Int16]) -> [String] { numbers.map { attributeNames[table]?[$0] ?? "?" } }
        let indexes = rawIndexes.map { raw in
            Self.resolve(raw, table: tableNames[raw.table] ?? raw.name, attributeNames: attributeNames[raw.table] ?? [:],
                         attributeCollations: attributeCollations[raw.table] ?? [:], operatorClasses: operatorClasses,
                         collationNames: collationNames, comment: comments[raw.oid]?[0])
        }

        // Every expression text, parsed once, in parallel.
        var texts: [String] = []
        for domain in domains { texts += domain.checks; if let text = domain.defaultText { texts.append(text) } }
        for (_, column) in columns { if let text = column.defaultText { texts.append(text) } }
        for constraint in constraints { if let text = constraint.expression { texts.append(text) } }
        for index in indexes { texts += index.expressions.compactMap { $0 }; if let text = index.predicate { texts.append(text) } }
        for policy in policies { texts += [policy.using, policy.withCheck].compactMap { $0 } }
        let parsed = PostgresParser.expressions(texts)
        var expressions: [String: SQLExpression] = [:]
        for (text, expression) in zip(texts, parsed) { expressions[text] = expression ?? SQLExpression(text: text) }
        func expression(_ text: String?) -> SQLExpression? { text.map { expressions[$0] ?? SQLExpression(text: $0) } }

        for domain in domains {
            let checks = zip(domain.checkNames, zip(domain.checks, domain.validated)).map { name, check in
                CheckConstraint(name: name, expression: expression(check.0)!, isValid: check.1)
            }
            schema.domains[domain.name] = Domain(name: domain.name, baseType: domain.baseType, isNotNull: domain.notNull,
                                                 defaultExpression: expression(domain.defaultText), checks: checks)
        }
        for (oid, raw) in columns {
            guard let name = tableNames[oid] else { continue }
            let (type, dimensions) = Self.splitArray(raw.type)
            var column = ColumnInfo(name: raw.name, type: type, arrayDimensions: max(dimensions, dimensions > 0 ? raw.dimensions : 0),
                                isNotNull: raw.notNull, collation: raw.collation, comment: comments[oid]?[Int32(raw.number)])
            if raw.generated == "s" { column.generated = expression(raw.defaultText) } else { column.defaultExpression = expression(raw.defaultText) }
            column.identity = raw.identity == "a" ? .always : (raw.identity == "d" ? .byDefault : nil)
            schema.tables[name]?.columns.append(column)
        }
        var exclusionStatements: [String] = []
        for raw in constraints {
            guard let tableName = tableNames[raw.table], var table = schema.tables.removeValue(forKey: tableName) else { continue }
            defer { schema.tables[tableName] = table }
            switch raw.kind {
            case "p":
                table.primaryKey = PrimaryKey(name: raw.name, columns: names(raw.table, raw.columns), include: names(raw.table, raw.include))
            case "u":
                table.uniqueConstraints.append(UniqueConstraint(name: raw.name, columns: names(raw.table, raw.columns), include: names(raw.table, raw.include),
                                                                nullsNotDistinct: raw.nullsNotDistinct, deferrable: raw.deferrable,
                                                                initiallyDeferred: raw.deferred))
            case "c":
                table.checkConstraints.append(CheckConstraint(name: raw.name, expression: expression(raw.expression)!, isValid: raw.validated))
            case "f":
                table.foreignKeys.append(ForeignKey(
                    name: raw.name, columns: names(raw.table, raw.columns),
                    referencedTable: QualifiedName(schema: raw.referencedSchema ?? tableName.schema, name: raw.referencedTable ?? ""),
                    referencedColumns: names(raw.referencedRelation, raw.referencedColumns), onDelete: Self.action(raw.onDelete), onUpdate: Self.action(raw.onUpdate),
                    matchFull: raw.match == "f", deferrable: raw.deferrable, initiallyDeferred: raw.deferred, isValid: raw.validated))
            case "x":
                if let definition = raw.definition {
                    exclusionStatements.append("ALTER TABLE ONLY \(tableName.sql) ADD CONSTRAINT \(quoteIdentifierIfNeeded(raw.name)) \(definition)")
                }
            default:
                break
            }
        }
        for raw in indexes {
            var keys: [IndexKey] = []
            for position in raw.columns.indices {
                let column: String? = raw.columns[position]
                let keyExpression: SQLExpression? = column == nil ? expression(raw.expressions[position]) : nil
                let descending = raw.descending[position]
                // Only a non-default NULLS order is part of the definition (DESC puts nulls first).
                let nullsFirst: Bool? = raw.nullsFirst[position] == descending ? nil : raw.nullsFirst[position]
                keys.append(IndexKey(column: column, expression: keyExpression, opclass: raw.opclasses[position],
                                     collation: raw.collations[position], descending: descending, nullsFirst: nullsFirst))
            }
            schema.indexes[raw.name] = IndexInfo(name: raw.name, table: raw.table, method: raw.method, isUnique: raw.unique, keys: keys,
                                             include: raw.include, predicate: expression(raw.predicate), nullsNotDistinct: raw.nullsNotDistinct,
                                             isValid: raw.valid, comment: raw.comment)
        }
        for (oid, trigger) in triggers {
            if let name = tableNames[oid] { schema.tables[name]?.triggers.append(trigger) }
        }
        for raw in policies {
            guard let name = tableNames[raw.table] else { continue }
            let command = switch raw.command { case "r": "select"; case "a": "insert"; case "w": "update"; case "d": "delete"; default: "all" }
            schema.tables[name]?.policies.append(Policy(name: raw.name, command: command, permissive: raw.permissive, roles: raw.roles,
                                                        using: expression(raw.using), withCheck: expression(raw.withCheck)))
        }
        for view in viewDefinitions {
            let definition = PostgresParser.canonicalQuery(view.definition) ?? view.definition
            schema.views[view.name] = ViewInfo(name: view.name, definition: definition, isMaterialized: view.materialized, comment: view.comment)
        }
        if !exclusionStatements.isEmpty {
            schema = SchemaInterpreter.applying(exclusionStatements.joined(separator: ";\n") + ";", to: schema)
        }
        return schema
    }

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
    static func relations() -> String {
        """
        WITH rel AS MATERIALIZED (
            SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND \(visible("n", object: "c.oid", catalog: "pg_class")))
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
        var binds = PostgresBindings()
        binds.append(distinct.map(\.oid))
        binds.append(distinct.map(\.modifier))
        try await session.forEachRow(PostgresQuery(unsafeSQL: "SELECT t, m, format_type(t::oid, m) FROM unnest($1::int8[], $2::int4[]) u(t, m)",
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
            "pg_get_expr(con.conbin, con.conrelid)", "CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid) END",
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
                expression: f.string(14), definition: f.string(15), include: f.integers(16, separator: 0x1D), nullsNotDistinct: f.bool(17))
        }.sorted { ($0.table, $0.name) < ($1.table, $1.name) }
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
            FROM (\(Self.relations()) SELECT oid FROM rel) rel JOIN pg_index i ON i.indrelid = rel.oid JOIN pg_class ic ON ic.oid = i.indexrelid
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

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension CatalogReader {
    /// Sizes, row estimates, scan counts, distinct values and sequence positions: what the live-only
    /// rules judge. Counters are cumulative since the statistics were last reset.
    public func readStatistics() async throws(DatabaseError) -> DatabaseStatistics {
        var statistics = DatabaseStatistics()
        try await rows("""
            SELECT n.nspname::text, c.relname::text, c.reltuples::float8, pg_total_relation_size(c.oid)::int8,
                   coalesce(s.seq_scan, 0)::int8, coalesce(s.seq_tup_read, 0)::int8, coalesce(s.idx_scan, 0)::int8
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.relkind IN ('r', 'p') AND \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            """) { row in
            let (namespace, name, rows, bytes, seqScans, seqRows, indexScans) = try row.decode((String, String, Double, Int64, Int64, Int64, Int64).self)
            statistics.tables[QualifiedName(schema: namespace, name: name)] = .init(
                rowEstimate: rows, totalBytes: bytes, sequentialScans: seqScans, rowsReadBySequentialScans: seqRows, indexScans: indexScans)
        }
        try await rows("""
            SELECT n.nspname::text, ic.relname::text, pg_relation_size(i.indexrelid)::int8, coalesce(s.idx_scan, 0)::int8
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
            JOIN pg_class tc ON tc.oid = i.indrelid LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
            WHERE tc.relkind IN ('r', 'p') AND \(Self.visible("n", object: "tc.oid", catalog: "pg_class"))
            """) { row in
            let (namespace, name, bytes, scans) = try row.decode((String, String, Int64, Int64).self)
            statistics.indexes[QualifiedName(schema: namespace, name: name)] = .init(bytes: bytes, scans: scans)
        }
        // A partitioned table has only inherited statistics; a plain table's own come first.
        try await rows("""
            SELECT DISTINCT ON (s.schemaname, s.tablename, s.attname) s.schemaname::text, s.tablename::text, s.attname::text,
                   s.n_distinct::float8, s.null_frac::float8
            FROM pg_stats s JOIN pg_namespace n ON n.nspname = s.schemaname
            JOIN pg_class c ON c.relname = s.tablename AND c.relnamespace = n.oid
            WHERE \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            ORDER BY s.schemaname, s.tablename, s.attname, s.inherited
            """) { row in
            let (namespace, table, column, distinct, nulls) = try row.decode((String, String, String, Double, Double).self)
            statistics.columns[QualifiedName(schema: namespace, name: table), default: [:]][column] = .init(distinct: distinct, nullFraction: nulls)
        }
        try await rows("""
            SELECT n.nspname::text, c.relname::text, s.last_value::int8, s.max_value::int8,
                   CASE format_type(a.atttypid, NULL) WHEN 'smallint' THEN 32767::int8 WHEN 'integer' THEN 2147483647::int8
                        WHEN 'bigint' THEN 9223372036854775807::int8 END
            FROM pg_sequences s JOIN pg_namespace n ON n.nspname = s.schemaname
            JOIN pg_class c ON c.relname = s.sequencename AND c.relnamespace = n.oid
            LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            """) { row in
            let (namespace, name, last, max, columnMax) = try row.decode((String, String, Int64?, Int64, Int64?).self)
            statistics.sequences[QualifiedName(schema: namespace, name: name)] = .init(lastValue: last, maxValue: max, columnMaximum: columnMax)
        }
        return statistics
    }
}
