/// The model as normalized DDL: one canonical statement per object, in dependency-safe order
/// (types, sequences, tables, then foreign keys, indexes, views, functions, triggers).
/// Identifiers are quoted where SQL needs it and always schema-qualified.
public struct SchemaSQLRenderer: Sendable {
    public init() {}

    public func render(_ schema: DatabaseSchema) -> String {
        var statements: [String] = []
        for name in schema.schemas.sorted() where name != "public" {
            statements.append("CREATE SCHEMA \(quoteIdentifierIfNeeded(name));")
        }
        for ext in schema.extensions.values.sorted(by: { $0.name < $1.name }) {
            statements.append("CREATE EXTENSION IF NOT EXISTS \(quoteIdentifierIfNeeded(ext.name)) WITH SCHEMA \(quoteIdentifierIfNeeded(ext.schema));")
        }
        for type in schema.enums.values.sorted(by: { $0.name < $1.name }) {
            statements.append("CREATE TYPE \(type.name.sql) AS ENUM (\(type.values.map(quoteLiteral).joined(separator: ", ")));")
        }
        for domain in schema.domains.values.sorted(by: { $0.name < $1.name }) { statements.append(createDomain(domain)) }
        let functions = schema.functions.values.sorted { $0.signature < $1.signature }
        for sequence in schema.sequences.values.sorted(by: { $0.name < $1.name }) where !isIdentitySequence(sequence, in: schema) {
            statements.append("CREATE SEQUENCE \(sequence.name.sql) AS \(sequence.dataType)\(sequence.optionsSQL);")
        }
        for table in schema.sortedTables { statements.append(createTable(table)) }
        for sequence in schema.sequences.values.sorted(by: { $0.name < $1.name }) where !isIdentitySequence(sequence, in: schema) {
            if let table = sequence.ownedByTable, let column = sequence.ownedByColumn {
                statements.append("ALTER SEQUENCE \(sequence.name.sql) OWNED BY \(table.sql).\(quoteIdentifierIfNeeded(column));")
            }
        }
        for table in schema.sortedTables {
            for foreignKey in table.foreignKeys.sorted(by: { $0.name < $1.name }) {
                statements.append("ALTER TABLE \(table.name.sql) ADD CONSTRAINT \(quoteIdentifierIfNeeded(foreignKey.name)) \(foreignKeyClause(foreignKey))\(foreignKey.isValid ? "" : " NOT VALID");")
            }
        }
        for index in schema.indexes.values.sorted(by: { $0.name < $1.name }) { statements.append(createIndex(index)) }
        for function in functions { statements.append(createFunction(function)) }
        for view in schema.views.values.sorted(by: { ($0.location?.file ?? "", $0.location?.line ?? 0, $0.name) < ($1.location?.file ?? "", $1.location?.line ?? 0, $1.name) }) {
            statements.append(createView(view))
        }
        for table in schema.sortedTables {
            for trigger in table.triggers.sorted(by: { $0.name < $1.name }) { statements.append(createTrigger(trigger, on: table.name)) }
            if table.rowLevelSecurity { statements.append("ALTER TABLE \(table.name.sql) ENABLE ROW LEVEL SECURITY;") }
            if table.forceRowLevelSecurity { statements.append("ALTER TABLE \(table.name.sql) FORCE ROW LEVEL SECURITY;") }
            for policy in table.policies.sorted(by: { $0.name < $1.name }) { statements.append(createPolicy(policy, on: table.name)) }
        }
        statements += comments(schema)
        return statements.joined(separator: "\n") + (statements.isEmpty ? "" : "\n")
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

    package func createTable(_ table: TableInfo) -> String {
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
        var sql = "CREATE \(kind) \(table.name.sql)"
        if let parent = table.partitionOf {
            sql += " PARTITION OF \(parent.sql) \(table.partitionBound ?? "DEFAULT")"
        } else {
            sql += " (\n    " + elements.joined(separator: ",\n    ") + "\n)"
            if !table.inherits.isEmpty { sql += " INHERITS (\(table.inherits.map(\.sql).joined(separator: ", ")))" }
        }
        if let key = table.partitionKey { sql += " PARTITION BY \(key)" }
        return sql + ";"
    }

    package func createTrigger(_ trigger: Trigger, on table: QualifiedName) -> String {
        var events = trigger.events.map(\.rawValue).joined(separator: " OR ")
        if !trigger.updateColumns.isEmpty {
            events = events.replacing("UPDATE", with: "UPDATE OF \(trigger.updateColumns.map(quoteIdentifierIfNeeded).joined(separator: ", "))")
        }
        return "CREATE TRIGGER \(quoteIdentifierIfNeeded(trigger.name)) \(trigger.timing.rawValue) \(events) ON \(table.sql) FOR EACH \(trigger.forEachRow ? "ROW" : "STATEMENT") EXECUTE FUNCTION \(trigger.function.sql)();"
    }

    package func createPolicy(_ policy: Policy, on table: QualifiedName) -> String {
        var sql = "CREATE POLICY \(quoteIdentifierIfNeeded(policy.name)) ON \(table.sql) AS \(policy.permissive ? "PERMISSIVE" : "RESTRICTIVE") FOR \(policy.command.rawValue.uppercased()) TO \(policy.roles.joined(separator: ", "))"
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
        "CREATE \(view.isMaterialized ? "MATERIALIZED " : "")VIEW \(view.name.sql) AS \(view.definition);"
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

    package func createIndex(_ index: IndexInfo, concurrently: Bool = false) -> String {
        var sql = "CREATE \(index.isUnique ? "UNIQUE " : "")INDEX \(concurrently ? "CONCURRENTLY IF NOT EXISTS " : "")\(quoteIdentifierIfNeeded(index.name.name)) ON \(index.table.sql)"
        if index.method != .btree { sql += " USING \(index.method.name)" }
        sql += " (\(index.keys.map(\.sql).joined(separator: ", ")))\(include(index.include))"
        if index.nullsNotDistinct { sql += " NULLS NOT DISTINCT" }
        if let predicate = index.predicate { sql += " WHERE \(predicate.text)" }
        return sql + ";"
    }

    package func createFunction(_ function: FunctionInfo) -> String {
        let body = function.body ?? ""
        var tag = "$function$"
        while body.contains(tag) { tag = "$f\(tag.count)$" }
        let kind = function.isProcedure ? "PROCEDURE" : "FUNCTION"
        let returns = function.isProcedure ? "" : " RETURNS \(function.returnType)"
        let volatility = function.isProcedure || function.volatility == .volatile ? "" : " \(function.volatility.rawValue.uppercased())"
        return "CREATE OR REPLACE \(kind) \(function.name.sql)(\(function.argumentTypes.joined(separator: ", ")))\(returns) LANGUAGE \(function.language)\(volatility) AS \(tag)\(body)\(tag);"
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
