/// The model as normalized DDL: one canonical statement per object, in dependency-safe order
/// (types, sequences, tables, then foreign keys, indexes, views, functions, triggers).
/// Identifiers are quoted where SQL needs it and always schema-qualified.
package struct SchemaSQLRenderer: Sendable {
    package init() {}

    package func render(_ schema: DatabaseSchema) -> String {
        let references = References(schema)
        var order = CreationOrder()
        for name in schema.schemas.sorted() where name != "public" {
            order.add(phase: 0, key: "schema:" + name, statements: ["CREATE SCHEMA \(quoteIdentifierIfNeeded(name));"])
        }
        for ext in schema.extensions.values.sorted(by: { $0.name < $1.name }) {
            order.add(phase: 1, key: "extension:" + ext.name,
                      statements: ["CREATE EXTENSION IF NOT EXISTS \(quoteIdentifierIfNeeded(ext.name)) WITH SCHEMA \(quoteIdentifierIfNeeded(ext.schema));"])
        }
        for type in schema.enums.values.sorted(by: { $0.name < $1.name }) {
            order.add(phase: 2, key: References.key(type: type.name),
                      statements: ["CREATE TYPE \(type.name.sql) AS ENUM (\(type.values.map(quoteLiteral).joined(separator: ", ")));"])
        }
        for domain in schema.domains.values.sorted(by: { $0.name < $1.name }) {
            let texts = [domain.baseType, domain.defaultExpression?.text ?? ""] + domain.checks.map(\.expression.text)
            order.add(phase: 3, key: References.key(type: domain.name), statements: [createDomain(domain)], needs: references.needs(texts))
        }
        for sequence in schema.sequences.values.sorted(by: { $0.name < $1.name }) where !isIdentitySequence(sequence, in: schema) {
            order.add(phase: 4, key: "sequence:" + sequence.name.description,
                      statements: ["CREATE SEQUENCE \(sequence.name.sql) AS \(sequence.dataType)\(sequence.optionsSQL);"])
        }
        for function in schema.functions.values.sorted(by: { $0.signature < $1.signature }) {
            // A SQL-language body is checked against the catalog when created; other languages' are not.
            let texts = function.argumentTypes + [function.returnType] + (function.language.lowercased() == "sql" ? [function.body ?? ""] : [])
            order.add(phase: 5, key: References.key(function: function), statements: [createFunction(function)], needs: references.needs(texts))
        }
        for table in schema.sortedTables {
            var texts = table.columns.flatMap { [$0.fullType, $0.defaultExpression?.text ?? "", $0.generated?.text ?? ""] }
            texts += table.checkConstraints.map(\.expression.text)
            var needs = references.needs(texts)
            for parent in [table.partitionOf].compactMap({ $0 }) + table.inherits { needs.insert(References.key(relation: parent)) }
            order.add(phase: 6, key: References.key(relation: table.name), statements: [createTable(table)], needs: needs)
        }
        for sequence in schema.sequences.values.sorted(by: { $0.name < $1.name }) where isIdentitySequence(sequence, in: schema) {
            guard let table = sequence.ownedByTable, let column = sequence.ownedByColumn else { continue }
            let options = sequence.identityOptionsSQL(from: nil, restart: true)
            guard !options.isEmpty else { continue }
            order.add(phase: 7, key: "identity:" + sequence.name.description,
                      statements: ["ALTER TABLE \(table.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(column))\(options);"],
                      needs: [References.key(relation: table)])
        }
        for sequence in schema.sequences.values.sorted(by: { $0.name < $1.name }) where !isIdentitySequence(sequence, in: schema) {
            if let table = sequence.ownedByTable, let column = sequence.ownedByColumn {
                order.add(phase: 7, key: "owned:" + sequence.name.description,
                          statements: ["ALTER SEQUENCE \(sequence.name.sql) OWNED BY \(table.sql).\(quoteIdentifierIfNeeded(column));"],
                          needs: [References.key(relation: table), "sequence:" + sequence.name.description])
            }
        }
        let indexes = schema.indexes.values.sorted(by: { $0.name < $1.name })
        for table in schema.sortedTables {
            for foreignKey in table.foreignKeys.sorted(by: { $0.name < $1.name }) {
                // The referenced key may be a unique index rather than a constraint.
                var needs: Set<String> = [References.key(relation: table.name), References.key(relation: foreignKey.referencedTable)]
                for index in indexes where index.isUnique && index.table == foreignKey.referencedTable { needs.insert(References.key(index: index.name)) }
                order.add(phase: 8, key: "foreign key:\(table.name.description).\(foreignKey.name)",
                          statements: ["ALTER TABLE \(table.name.sql) ADD CONSTRAINT \(quoteIdentifierIfNeeded(foreignKey.name)) \(foreignKeyClause(foreignKey))\(foreignKey.isValid ? "" : " NOT VALID");"],
                          needs: needs)
            }
        }
        for index in indexes {
            var needs = references.needs(index.keys.compactMap { $0.expression?.text } + [index.predicate?.text ?? ""])
            needs.insert(References.key(relation: index.table))
            order.add(phase: 9, key: References.key(index: index.name), statements: [createIndex(index)], needs: needs)
        }
        for view in schema.views.values.sorted(by: { ($0.location?.file ?? "", $0.location?.line ?? 0, $0.name) < ($1.location?.file ?? "", $1.location?.line ?? 0, $1.name) }) {
            order.add(phase: 10, key: References.key(relation: view.name), statements: [createView(view)], needs: references.needs([view.definition]))
        }
        for table in schema.sortedTables {
            for trigger in table.triggers.sorted(by: { $0.name < $1.name }) {
                var needs = references.needs(functionNamed: trigger.function)
                needs.insert(References.key(relation: table.name))
                order.add(phase: 11, key: "trigger:\(table.name.description).\(trigger.name)", statements: [createTrigger(trigger, on: table.name)], needs: needs)
            }
            var security: [String] = []
            if table.rowLevelSecurity { security.append("ALTER TABLE \(table.name.sql) ENABLE ROW LEVEL SECURITY;") }
            if table.forceRowLevelSecurity { security.append("ALTER TABLE \(table.name.sql) FORCE ROW LEVEL SECURITY;") }
            let policies = table.policies.sorted(by: { $0.name < $1.name })
            security += policies.map { createPolicy($0, on: table.name) }
            var needs = references.needs(policies.flatMap { [$0.using?.text ?? "", $0.withCheck?.text ?? ""] })
            needs.insert(References.key(relation: table.name))
            order.add(phase: 12, key: "security:" + table.name.description, statements: security, needs: needs)
        }
        let statements = order.ordered() + comments(schema)
        return statements.joined(separator: "\n") + (statements.isEmpty ? "" : "\n")
    }

    /// Which objects a piece of SQL can mean, by the names it mentions: relations (tables, views,
    /// their row types), types (enums, domains) and functions.
    struct References {
        private var byName: [String: Set<String>] = [:]
        private var functionsByName: [String: Set<String>] = [:]

        static func key(relation: QualifiedName) -> String { "relation:" + relation.description }
        static func key(type: QualifiedName) -> String { "type:" + type.description }
        static func key(index: QualifiedName) -> String { "index:" + index.description }
        static func key(function: FunctionInfo) -> String { "function:" + function.signature }

        init(_ schema: DatabaseSchema) {
            for name in schema.tables.keys { byName[name.name, default: []].insert(Self.key(relation: name)) }
            for name in schema.views.keys { byName[name.name, default: []].insert(Self.key(relation: name)) }
            for name in schema.enums.keys { byName[name.name, default: []].insert(Self.key(type: name)) }
            for name in schema.domains.keys { byName[name.name, default: []].insert(Self.key(type: name)) }
            for function in schema.functions.values {
                byName[function.name.name, default: []].insert(Self.key(function: function))
                functionsByName[function.name.name, default: []].insert(Self.key(function: function))
            }
        }

        func needs(_ texts: [String]) -> Set<String> {
            guard !byName.isEmpty else { return [] }
            var result: Set<String> = []
            for text in texts where !text.isEmpty {
                for name in PostgresParser.mentionedNames(in: text) { result.formUnion(byName[name] ?? []) }
            }
            return result
        }

        func needs(functionNamed name: QualifiedName) -> Set<String> { functionsByName[name.name] ?? [] }
    }

    package func isIdentitySequence(_ sequence: SequenceInfo, in schema: DatabaseSchema) -> Bool {
        guard let table = sequence.ownedByTable, let column = sequence.ownedByColumn else { return false }
        return schema.tables[table]?.column(named: column)?.identity != nil
    }

    /// `email text COLLATE "C" DEFAULT '' NOT NULL`: a column as CREATE TABLE and ADD COLUMN write it.
    package func columnDefinition(_ column: ColumnInfo) -> String {
        var sql = "\(quoteIdentifierIfNeeded(column.name)) \(column.fullType)"
        if let collation = column.collation { sql += " COLLATE \(collation)" }
        if let identity = column.identity { sql += " GENERATED \(identity.rawValue) AS IDENTITY" }
        if let generated = column.generated { sql += " GENERATED ALWAYS AS (\(generated.text)) STORED" }
        if let value = column.defaultExpression { sql += " DEFAULT \(value.text)" }
        if column.isNotNull && column.identity == nil { sql += " NOT NULL" }
        return sql
    }

    /// `PRIMARY KEY (id)`, `UNIQUE NULLS NOT DISTINCT (a, b) DEFERRABLE`, ...: a constraint's
    /// definition after `CONSTRAINT name`.
    package func primaryKeyClause(_ key: PrimaryKey) -> String {
        "PRIMARY KEY (\(key.columns.map(quoteIdentifierIfNeeded).joined(separator: ", ")))\(include(key.include))"
    }

    package func uniqueClause(_ unique: UniqueConstraint) -> String {
        var sql = "UNIQUE\(unique.nullsNotDistinct ? " NULLS NOT DISTINCT" : "") (\(unique.columns.map(quoteIdentifierIfNeeded).joined(separator: ", ")))\(include(unique.include))"
        if unique.deferrable { sql += " DEFERRABLE" + (unique.initiallyDeferred ? " INITIALLY DEFERRED" : "") }
        return sql
    }

    package func exclusionClause(_ exclusion: ExclusionConstraint) -> String {
        var sql = "EXCLUDE USING \(exclusion.method.name) (\(exclusion.elements.joined(separator: ", ")))"
        if let predicate = exclusion.predicate { sql += " WHERE (\(predicate.text))" }
        return sql
    }

    /// `ifNotExists` for scripts that must survive a rerun after a partial failure (diff's online plans).
    package func createTable(_ table: TableInfo, ifNotExists: Bool = false) -> String {
        var elements: [String] = table.columns.map(columnDefinition)
        if let pk = table.primaryKey {
            elements.append("CONSTRAINT \(quoteIdentifierIfNeeded(pk.name)) \(primaryKeyClause(pk))")
        }
        for unique in table.uniqueConstraints.sorted(by: { $0.name < $1.name }) {
            elements.append("CONSTRAINT \(quoteIdentifierIfNeeded(unique.name)) \(uniqueClause(unique))")
        }
        for check in table.checkConstraints.sorted(by: { $0.name < $1.name }) {
            elements.append("CONSTRAINT \(quoteIdentifierIfNeeded(check.name)) CHECK (\(check.expression.text))\(check.isValid ? "" : " NOT VALID")")
        }
        for exclusion in table.exclusionConstraints.sorted(by: { $0.name < $1.name }) {
            elements.append("CONSTRAINT \(quoteIdentifierIfNeeded(exclusion.name)) \(exclusionClause(exclusion))")
        }
        let kind = switch table.persistence {
        case .permanent: "TABLE"
        case .unlogged: "UNLOGGED TABLE"
        case .temporary: "TEMPORARY TABLE"
        }
        var sql = "CREATE \(kind) \(ifNotExists ? "IF NOT EXISTS " : "")\(table.name.sql)"
        if let parent = table.partitionOf {
            sql += " PARTITION OF \(parent.sql) \(table.partitionBound ?? "DEFAULT")"
        } else {
            sql += " (\n    " + elements.joined(separator: ",\n    ") + "\n)"
            if !table.inherits.isEmpty { sql += " INHERITS (\(table.inherits.map(\.sql).joined(separator: ", ")))" }
        }
        if let key = table.partitionKey { sql += " PARTITION BY \(key)" }
        return sql + storageClause(table.storage) + ";"
    }

    package func createTrigger(_ trigger: Trigger, on table: QualifiedName) -> String {
        var events = trigger.events.map(\.rawValue).joined(separator: " OR ")
        if !trigger.updateColumns.isEmpty {
            events = events.replacing("UPDATE", with: "UPDATE OF \(trigger.updateColumns.map(quoteIdentifierIfNeeded).joined(separator: ", "))")
        }
        let when = trigger.when.map { " WHEN (\($0.text))" } ?? ""
        let arguments = trigger.arguments.map(quoteLiteral).joined(separator: ", ")
        return "CREATE TRIGGER \(quoteIdentifierIfNeeded(trigger.name)) \(trigger.timing.rawValue) \(events) ON \(table.sql) FOR EACH \(trigger.forEachRow ? "ROW" : "STATEMENT")\(when) EXECUTE FUNCTION \(trigger.function.sql)(\(arguments));"
    }

    package func createPolicy(_ policy: Policy, on table: QualifiedName) -> String {
        var sql = "CREATE POLICY \(quoteIdentifierIfNeeded(policy.name)) ON \(table.sql) AS \(policy.permissive ? "PERMISSIVE" : "RESTRICTIVE") FOR \(policy.command.rawValue.uppercased()) TO \(policy.roles.map(roleSQL).joined(separator: ", "))"
        if let using = policy.using { sql += " USING (\(using.text))" }
        if let check = policy.withCheck { sql += " WITH CHECK (\(check.text))" }
        return sql + ";"
    }

    package func createDomain(_ domain: Domain) -> String {
        var sql = "CREATE DOMAIN \(domain.name.sql) AS \(domain.baseType)"
        if let value = domain.defaultExpression { sql += " DEFAULT \(value.text)" }
        if domain.isNotNull { sql += " NOT NULL" }
        for check in domain.checks { sql += " CONSTRAINT \(quoteIdentifierIfNeeded(check.name)) CHECK (\(check.expression.text))" }
        return sql + ";"
    }

    package func createView(_ view: ViewInfo) -> String {
        "CREATE \(view.isMaterialized ? "MATERIALIZED " : "")VIEW \(view.name.sql)\(view.isMaterialized ? storageClause(view.storage) : "") AS \(view.definition);"
    }

    /// ` WITH (fillfactor = '70')`: storage parameters from their `name=value` form, each value a
    /// literal (PostgreSQL parses every reloption from text), nothing when there are none.
    package func storageClause(_ storage: [String]) -> String {
        guard !storage.isEmpty else { return "" }
        return " WITH (" + storage.map(storageAssignment).joined(separator: ", ") + ")"
    }

    /// `fillfactor = '70'`, `toast.autovacuum_enabled = 'false'`.
    package func storageAssignment(_ parameter: String) -> String {
        let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
        return storageName(parts[0]) + " = " + quoteLiteral(parts.count > 1 ? parts[1] : "true")
    }

    /// `fillfactor`, `toast.autovacuum_enabled`: a storage parameter's name, each part quoted where needed.
    package func storageName(_ name: String) -> String {
        name.split(separator: ".").map { quoteIdentifierIfNeeded(String($0)) }.joined(separator: ".")
    }

    package func include(_ columns: [String]) -> String {
        columns.isEmpty ? "" : " INCLUDE (\(columns.map(quoteIdentifierIfNeeded).joined(separator: ", ")))"
    }

    package func foreignKeyClause(_ foreignKey: ForeignKey) -> String {
        var sql = "FOREIGN KEY (\(foreignKey.columns.map(quoteIdentifierIfNeeded).joined(separator: ", "))) REFERENCES \(foreignKey.referencedTable.sql) (\(foreignKey.referencedColumns.map(quoteIdentifierIfNeeded).joined(separator: ", ")))"
        if foreignKey.matchFull { sql += " MATCH FULL" }
        if foreignKey.onUpdate != .noAction { sql += " ON UPDATE \(foreignKey.onUpdate.rawValue)" }
        if foreignKey.onDelete != .noAction { sql += " ON DELETE \(foreignKey.onDelete.rawValue)" }
        if foreignKey.deferrable { sql += " DEFERRABLE" + (foreignKey.initiallyDeferred ? " INITIALLY DEFERRED" : "") }
        return sql
    }

    package func createIndex(_ index: IndexInfo, concurrently: Bool = false, ifNotExists: Bool = false) -> String {
        var sql = "CREATE \(index.isUnique ? "UNIQUE " : "")INDEX \(concurrently ? "CONCURRENTLY " : "")\(concurrently || ifNotExists ? "IF NOT EXISTS " : "")\(quoteIdentifierIfNeeded(index.name.name)) ON \(index.table.sql)"
        if index.method != .btree { sql += " USING \(index.method.name)" }
        sql += " (\(index.keys.map(\.sql).joined(separator: ", ")))\(include(index.include))"
        if index.nullsNotDistinct { sql += " NULLS NOT DISTINCT" }
        sql += storageClause(index.storage)
        if let predicate = index.predicate { sql += " WHERE \(predicate.text)" }
        return sql + ";"
    }

    package func createFunction(_ function: FunctionInfo, orReplace: Bool = true) -> String {
        let kind = function.isProcedure ? "PROCEDURE" : "FUNCTION"
        var sql = "CREATE \(orReplace ? "OR REPLACE " : "")\(kind) \(function.name.sql)(\(parameterList(function)))"
        let table = function.traits.parameters.filter { $0.mode == .table }
        if !function.isProcedure {
            if table.isEmpty {
                sql += " RETURNS \(function.returnType)"
            } else {
                sql += " RETURNS TABLE(\(table.map { "\(quoteIdentifierIfNeeded($0.name ?? "column")) \($0.type)" }.joined(separator: ", ")))"
            }
        }
        sql += " LANGUAGE \(quoteIdentifierIfNeeded(function.language))"
        if !function.isProcedure {
            if function.volatility != .volatile { sql += " \(function.volatility.rawValue.uppercased())" }
            if function.traits.strict { sql += " STRICT" }
            if function.traits.leakproof { sql += " LEAKPROOF" }
            if function.traits.parallel != .unsafe { sql += " PARALLEL \(function.traits.parallel.rawValue.uppercased())" }
        }
        if function.traits.securityDefiner { sql += " SECURITY DEFINER" }
        for setting in function.traits.settings {
            guard let equals = setting.firstIndex(of: "=") else { continue }
            let name = String(setting[..<equals]), value = String(setting[setting.index(after: equals)...])
            sql += " SET \(quoteIdentifierIfNeeded(name)) TO \(settingValues(name: name, value).map(quoteLiteral).joined(separator: ", "))"
        }
        return sql + " AS \(dollarQuote(function.body ?? "", preferring: "$function$"));"
    }

    /// `p_id bigint, OUT total numeric, p_limit integer DEFAULT 10`: every parameter but the
    /// `RETURNS TABLE` columns; the bare argument types for a function known by its signature only.
    func parameterList(_ function: FunctionInfo) -> String {
        guard !function.traits.parameters.isEmpty else { return function.argumentTypes.joined(separator: ", ") }
        return function.traits.parameters.filter { $0.mode != .table }.map { parameter in
            var text = parameter.mode == .in ? "" : parameter.mode.rawValue + " "
            if let name = parameter.name { text += quoteIdentifierIfNeeded(name) + " " }
            text += parameter.type
            if let value = parameter.defaultExpression { text += " DEFAULT \(value.text)" }
            return text
        }.joined(separator: ", ")
    }

    /// A `proconfig` value back into the values of `SET name TO ...`: list settings split at their
    /// commas (items quoted as identifiers where needed), others whole.
    func settingValues(name: String, _ value: String) -> [String] {
        guard FunctionInfo.listSettings.contains(name) else { return [value] }
        return value.split(separator: ",").map { item in
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\""), trimmed.hasSuffix("\""), trimmed.count >= 2 else { return trimmed }
            return String(trimmed.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
    }

    func comments(_ schema: DatabaseSchema) -> [String] {
        var statements: [String] = []
        for table in schema.sortedTables {
            if let comment = table.comment { statements.append("COMMENT ON TABLE \(table.name.sql) IS \(quoteLiteral(comment));") }
            for column in table.columns {
                if let comment = column.comment {
                    statements.append("COMMENT ON COLUMN \(table.name.sql).\(quoteIdentifierIfNeeded(column.name)) IS \(quoteLiteral(comment));")
                }
            }
        }
        for view in schema.views.values.sorted(by: { $0.name < $1.name }) {
            if let comment = view.comment { statements.append("COMMENT ON \(view.isMaterialized ? "MATERIALIZED VIEW" : "VIEW") \(view.name.sql) IS \(quoteLiteral(comment));") }
        }
        for index in schema.indexes.values.sorted(by: { $0.name < $1.name }) {
            if let comment = index.comment { statements.append("COMMENT ON INDEX \(index.name.sql) IS \(quoteLiteral(comment));") }
        }
        return statements
    }
}
