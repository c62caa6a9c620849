/// Small facts several schema rules share.
package enum SchemaFacts {
    /// Whether a btree index starts with exactly these columns (in any order) and serves every
    /// equality lookup on them: no predicate, or only `column IS NOT NULL` on one of them (an
    /// equality implies it, so the foreign-key check uses such an index).
    static func isLeadingIndexed(_ columns: [String], in indexes: [IndexInfo]) -> Bool {
        indexes.contains { index in
            let servesEquality = index.predicate.map { predicate in predicate.notNullColumn.map(columns.contains) ?? false } ?? true
            guard index.method == .btree, servesEquality, index.keys.count >= columns.count else { return false }
            let leading = index.keys.prefix(columns.count).map(\.column)
            return Set(leading.compactMap { $0 }) == Set(columns) && !leading.contains(nil)
        }
    }

    /// Whether a table, index, sequence or view of `schema` already has this name: a new index
    /// must take another.
    static func isRelationNameTaken(_ name: String, in schemaName: String, of schema: DatabaseSchema) -> Bool {
        let qualified = QualifiedName(schema: schemaName, name: name)
        if schema.tables[qualified] != nil || schema.indexes[qualified] != nil || schema.sequences[qualified] != nil
            || schema.views[qualified] != nil { return true }
        return schema.tables.values.contains { $0.name.schema == schemaName && $0.constraintIndexNames.contains(name) }
    }

    /// `CREATE INDEX CONCURRENTLY orders_user_id_idx ON public.orders (user_id);`, named as
    /// PostgreSQL would name it, with a number added when the name is taken.
    static func createIndexSQL(table: QualifiedName, columns: [String], unique: Bool = false, predicate: String? = nil,
                               in schema: DatabaseSchema) -> String {
        let name = ImplicitNames.choose(table.name, ImplicitNames.joinedColumnNames(columns), "idx") {
            isRelationNameTaken($0, in: table.schema, of: schema)
        }
        var sql = "CREATE \(unique ? "UNIQUE " : "")INDEX CONCURRENTLY \(quoteIdentifierIfNeeded(name)) ON \(table.sql) (\(columns.map(quoteIdentifierIfNeeded).joined(separator: ", ")))"
        if let predicate { sql += " WHERE \(predicate)" }
        return sql + ";"
    }

    /// Removes a unique index or the constraint that owns it, once its replacement is built.
    static func dropUniqueSQL(_ index: IndexInfo, on table: TableInfo) -> String {
        table.constraintIndexNames.contains(index.name.name)
            ? "ALTER TABLE \(table.name.sql) DROP CONSTRAINT \(quoteIdentifierIfNeeded(index.name.name));"
            : "DROP INDEX CONCURRENTLY \(index.name.sql);"
    }

    /// `smallint`, `integer` or `bigint` (the element type, for an array).
    package static func isInteger(_ column: ColumnInfo) -> Bool {
        ["smallint", "integer", "bigint"].contains(column.type)
    }

    /// The declared length of `character varying(n)` or `character(n)`; nil for other types.
    static func declaredLength(of type: String) -> Int? {
        for prefix in ["character varying(", "character("] where type.hasPrefix(prefix) {
            return Int(type.dropFirst(prefix.count).dropLast())
        }
        return nil
    }

    /// `users` -> `user`, `categories` -> `category`, `addresses` -> `address`: a table name's
    /// singular, as names that refer to one row spell it.
    static func singular(_ name: String) -> String {
        if name.hasSuffix("ies") { return String(name.dropLast(3)) + "y" }
        if name.hasSuffix("ses") || name.hasSuffix("xes") { return String(name.dropLast(2)) }
        if name.hasSuffix("s") { return String(name.dropLast()) }
        return name
    }

    static func isTextual(_ column: ColumnInfo) -> Bool {
        column.arrayDimensions == 0 && (column.type == "text" || column.type.hasPrefix("character varying") || column.type == "citext")
    }

    static func isTimestamp(_ column: ColumnInfo) -> Bool {
        column.type.hasPrefix("timestamp") || column.type == "date"
    }

    /// A time series: rows keyed by a moment (a timestamp, or an epoch integer such as `clock`, in
    /// the primary key) and referenced by no table. Such tables take the most inserts and are
    /// trimmed by time, which changes what a constraint costs.
    static func isTimeSeries(_ table: TableInfo, in schema: DatabaseSchema) -> Bool {
        guard let key = table.primaryKey, key.columns.count >= 2 else { return false }
        let keyedByTime = key.columns.contains { name in
            guard let column = table.column(named: name) else { return false }
            return isTimestamp(column) || (isInteger(column) && EpochIntegerTimestampRule.namesInstant(column.name))
        }
        return keyedByTime && !schema.tables.values.contains { other in
            other.name != table.name && other.foreignKeys.contains { $0.referencedTable == table.name }
        }
    }

    /// `a, b, c, ...`: the first few names of a long list, for a message.
    static func listed(_ names: [String], limit: Int = 8) -> String {
        names.prefix(limit).joined(separator: ", ") + (names.count > limit ? ", ..." : "")
    }

    /// A DO block that raises `message` (its `%`s filled by `arguments`, SQL expressions) when
    /// `condition` holds: a fix's first statement, stopping it before anything changes when the
    /// rows contradict what it assumes.
    static func stopIf(_ condition: String, raising message: String, _ arguments: [String]) -> String {
        let body = """
             BEGIN
              IF \(condition) THEN
                RAISE EXCEPTION \(quoteLiteral(message)), \(arguments.joined(separator: ", "));
              END IF;
            END\u{20}
            """
        return "DO " + dollarQuote(body, preferring: "$strata$") + ";"
    }

    /// A finding whose fix changes a column's type: PostgreSQL refuses that while a view reads
    /// the table, and the views must be dropped and created again around it, which a printed fix
    /// cannot do for them. Then the fix is withheld and the message says why.
    /// `views`: the views that read `table`.
    static func blockedByViews(_ finding: Finding, table: TableInfo, views: [String]) -> Finding {
        guard !views.isEmpty, finding.fix?.contains(" TYPE ") == true else { return finding }
        var blocked = finding
        blocked.message += "; views \(listed(views, limit: 4)) read \(table.name): drop and recreate them around the type change (no fix printed)"
        blocked.fix = nil
        return blocked
    }

    /// Tables whose rules about keys and history apply: partitions inherit theirs from the parent.
    static func ownsStructure(_ table: TableInfo) -> Bool { table.partitionOf == nil }

    /// Values allowed by an enum type or a `CHECK (col IN (...))` on the column, if any.
    static func allowedValues(of column: ColumnInfo, in table: TableInfo, schema: DatabaseSchema) -> [String]? {
        let enumName = column.type.contains(".")
            ? column.type.split(separator: ".").map(String.init)
            : ["public", column.type]
        if column.arrayDimensions == 0, enumName.count == 2,
           let type = schema.enums[QualifiedName(schema: enumName[0], name: enumName[1])] {
            return type.values
        }
        for check in table.checkConstraints {
            if let list = check.expression.inList, list.column == column.name { return list.values }
        }
        return nil
    }
}
