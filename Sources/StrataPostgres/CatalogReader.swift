import Foundation
import PostgresNIO
import StrataKit

/// Reads a live database's catalog into the same `DatabaseSchema` that SQL files build, in a
/// fixed number of bulk queries (one per kind of object, never one per table).
///
/// Expressions come back as `pg_get_expr` prints them and are put into the model's canonical
/// form by the same printer files go through; types as `format_type` prints them. System schemas
/// and objects that belong to extensions are left out; `schemas` narrows to the given ones.
package struct CatalogReader: Sendable {
    package let session: DatabaseSession
    /// Empty: every schema but pg_catalog, information_schema and pg_toast.
    package var schemas: [String]

    package init(session: DatabaseSession, schemas: [String] = []) {
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
        var validated: Bool, expression: String?, tree: String?, definition: String?, include: [Int16], nullsNotDistinct: Bool
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
    package func readSchema() async throws(DatabaseError) -> DatabaseSchema {
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
            SELECT n.nspname::text, c.relname::text, format_type(s.seqtypid, NULL), dn.nspname::text, dc.relname::text, a.attname::text,
                   s.seqincrement, s.seqstart, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, d.deptype = 'i'
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
            LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            LEFT JOIN pg_class dc ON dc.oid = d.refobjid LEFT JOIN pg_namespace dn ON dn.oid = dc.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE c.relkind = 'S' AND \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            """) { row in
            let (namespace, name, type, ownerSchema, ownerTable, ownerColumn, increment, start, minimum, maximum, cache, cycle, identity) =
                try row.decode((String, String, String, String?, String?, String?, Int64, Int64, Int64, Int64, Int64, Bool, Bool?).self)
            let qualified = QualifiedName(schema: namespace, name: name)
            var sequence = SequenceInfo(name: qualified, dataType: type)
            // An identity's options belong to its column's definition, which the model does not hold yet.
            if identity != true {
                sequence.increment = increment; sequence.start = start; sequence.minValue = minimum
                sequence.maxValue = maximum; sequence.cache = cache; sequence.cycle = cycle
                sequence = sequence.normalizingOptions()
            }
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
            SELECT oc.oid::int8, CASE WHEN oc.opcdefault THEN NULL WHEN pg_opclass_is_visible(oc.oid) THEN quote_ident(oc.opcname)
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
                         JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.num ORDER BY k.ord),
                   CASE WHEN t.tgqual IS NOT NULL OR t.tgnargs > 0 THEN pg_get_triggerdef(t.oid) END
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace
            WHERE (NOT t.tgisinternal OR (t.tgparentid <> 0 AND t.tgconstraint = 0)) AND c.relkind IN ('r', 'p')
              AND \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            ORDER BY t.tgrelid, t.tgname
            """) { row in
            let (table, name, functionSchema, functionName, type, updateColumns, definition) =
                try row.decode((Int64, String, String, String, Int32, [String], String?).self)
            // Bits of PostgreSQL's TRIGGER_TYPE_* flags.
            var trigger = Trigger(name: name, function: QualifiedName(schema: functionSchema, name: functionName),
                                  timing: TriggerTiming(bits: Int(type)), events: TriggerEvent.events(bits: Int(type)), updateColumns: updateColumns, forEachRow: type & 1 != 0)
            // WHEN and the arguments as the parser reads them from the server's own definition, so
            // they print as a file's do.
            if let definition, let statement = PostgresParser.parse(path: "trigger.sql", text: definition).statements.first,
               case .createTrigger(let create) = statement.kind {
                trigger.when = create.when
                trigger.arguments = create.arguments
            }
            triggers.append((table, trigger))
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
                   l.lanname::text, p.provolatile::text, p.prosrc, p.prokind = 'p', obj_description(p.oid, 'pg_proc'),
                   ARRAY(SELECT format_type(t, NULL) FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY u(t, o) ORDER BY o),
                   coalesce(p.proargmodes::text[], '{}'), coalesce(p.proargnames, '{}'),
                   ARRAY(SELECT coalesce(pg_get_function_arg_default(p.oid, o), '')
                         FROM generate_series(1, coalesce(array_length(p.proallargtypes, 1), p.pronargs::int)) o ORDER BY o),
                   p.prosecdef, p.proisstrict, p.proleakproof, p.proparallel::text, coalesce(p.proconfig, '{}'),
                   pg_get_functiondef(p.oid)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
            WHERE p.prokind IN ('f', 'p') AND \(Self.visible("n", object: "p.oid", catalog: "pg_proc"))
              -- constructors PostgreSQL makes for range and multirange types belong to the type
              AND NOT EXISTS (SELECT 1 FROM pg_depend t WHERE t.classid = 'pg_proc'::regclass AND t.objid = p.oid AND t.deptype = 'i')
            """) { row in
            let columns = try row.decode((String, String, [String], String, String, String, String?, Bool, String?,
                                          [String], [String], [String], [String], Bool, Bool, Bool, String, [String], String?).self)
            let (namespace, name, arguments, returnType, language, volatility, body, isProcedure, comment) =
                (columns.0, columns.1, columns.2, columns.3, columns.4, columns.5, columns.6, columns.7, columns.8)
            let spelled: Volatility = switch volatility { case "i": .immutable; case "s": .stable; default: .volatile }
            var function = FunctionInfo(name: QualifiedName(schema: namespace, name: name), argumentTypes: arguments, returnType: returnType,
                                    language: language, volatility: spelled, body: body, isProcedure: isProcedure)
            function.comment = comment
            let (types, modes, names, defaults) = (columns.9, columns.10, columns.11, columns.12)
            function.traits.parameters = types.indices.map { index in
                let mode: FunctionParameter.Mode = switch index < modes.count ? modes[index] : "i" {
                case "o": .out
                case "b": .`inout`
                case "v": .variadic
                case "t": .table
                default: .in
                }
                let parameterName = index < names.count && !names[index].isEmpty ? names[index] : nil
                let value = index < defaults.count && !defaults[index].isEmpty ? defaults[index] : nil
                return FunctionParameter(mode: mode, name: parameterName, type: types[index], defaultExpression: value.map { SQLExpression(text: $0) })
            }
            function.traits.securityDefiner = columns.13
            function.traits.strict = columns.14
            function.traits.leakproof = columns.15
            function.traits.parallel = switch columns.16 { case "s": .safe; case "r": .restricted; default: .unsafe }
            function.traits.settings = columns.17
            function.definition = columns.18
            schema.functions[function.signature] = function
        }

        let columns: [(Int64, RawColumn)], constraintsRead: [RawConstraint]
        do {
            (columns, constraintsRead) = try await (columnRows, constraintRows)
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
        let outside = Set(constraintsRead.filter { $0.kind == "f" && attributeNames[$0.referencedRelation] == nil }.map(\.referencedRelation))
        if !outside.isEmpty {
            try await rows("""
                SELECT a.attrelid::int8, a.attnum, a.attname::text FROM pg_attribute a
                WHERE a.attrelid IN (\(outside.map(String.init).joined(separator: ", "))) AND a.attnum > 0
                """) { row in
                let (relation, number, name) = try row.decode((Int64, Int16, String).self)
                attributeNames[relation, default: [:]][number] = name
            }
        }
        // Indexes on materialized views: the view's name and its columns' names.
        let onViews = Set(rawIndexes.map(\.table).filter { tableNames[$0] == nil })
        if !onViews.isEmpty {
            try await rows("""
                SELECT c.oid::int8, n.nspname::text, c.relname::text, a.attnum, a.attname::text
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
                WHERE c.oid IN (\(onViews.map(String.init).joined(separator: ", ")))
                """) { row in
                let (relation, namespace, name, number, column) = try row.decode((Int64, String, String, Int16, String).self)
                tableNames[relation] = QualifiedName(schema: namespace, name: name)
                attributeNames[relation, default: [:]][number] = column
            }
        }
        var constraints = constraintsRead
        try await printChecks(&constraints, attributeNames: attributeNames)
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
        for function in schema.functions.values { texts += function.traits.parameters.compactMap { $0.defaultExpression?.text } }
        let parsed = PostgresParser.expressions(texts)
        var expressions: [String: SQLExpression] = [:]
        for (text, expression) in zip(texts, parsed) { expressions[text] = expression ?? SQLExpression(text: text) }
        func expression(_ text: String?) -> SQLExpression? { text.map { expressions[$0] ?? SQLExpression(text: $0) } }
        for (signature, function) in schema.functions where function.traits.parameters.contains(where: { $0.defaultExpression != nil }) {
            schema.functions[signature]?.traits.parameters = function.traits.parameters.map { parameter in
                var canonical = parameter
                canonical.defaultExpression = expression(parameter.defaultExpression?.text)
                return canonical
            }
        }

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
            schema.indexes[raw.name] = IndexInfo(name: raw.name, table: raw.table, method: IndexMethod(raw.method), isUnique: raw.unique, keys: keys,
                                             include: raw.include, predicate: expression(raw.predicate), nullsNotDistinct: raw.nullsNotDistinct,
                                             isValid: raw.valid, comment: raw.comment)
        }
        for (oid, trigger) in triggers {
            if let name = tableNames[oid] { schema.tables[name]?.triggers.append(trigger) }
        }
        for raw in policies {
            guard let name = tableNames[raw.table] else { continue }
            let command: PolicyCommand = switch raw.command { case "r": .select; case "a": .insert; case "w": .update; case "d": .delete; default: .all }
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
        // Storage parameters, for the few relations that have any: tables, indexes, materialized views.
        try await rows("""
            SELECT n.nspname::text, c.relname::text, c.relkind::text,
                   coalesce(c.reloptions::text[], '{}') || ARRAY(SELECT 'toast.' || o FROM unnest(t.reloptions) o)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
            WHERE (c.reloptions IS NOT NULL OR t.reloptions IS NOT NULL) AND c.relkind IN ('r', 'p', 'i', 'I', 'm')
              AND \(Self.visible("n", object: "c.oid", catalog: "pg_class"))
            """) { row in
            let (namespace, name, kind, options) = try row.decode((String, String, String, [String]).self)
            let qualified = QualifiedName(schema: namespace, name: name)
            switch kind {
            case "r", "p": schema.tables[qualified]?.storage = options.sorted()
            case "m": schema.views[qualified]?.storage = options.sorted()
            default: schema.indexes[qualified]?.storage = options.sorted()
            }
        }
        return schema
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
