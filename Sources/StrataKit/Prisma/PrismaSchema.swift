/// A Prisma schema (one file or a folder of them) turned into the DDL Prisma's migration engine
/// writes for PostgreSQL, each line tied to the `.prisma` line that declared it.
///
/// The rules come from two places, named where each is applied: what Prisma Migrate was seen to
/// write on real projects (../shared/prisma-conventions.md, "confirmed") and Prisma's schema
/// reference (prisma.io/docs/orm/reference/prisma-schema-reference, "docs").
///
/// ```swift
/// let prisma = try PrismaSchema.read([(path: "prisma/schema.prisma", text: text)])
/// print(prisma.ddl)          // CREATE TYPE ..., CREATE TABLE ..., CREATE INDEX ..., ALTER TABLE ... FOREIGN KEY
/// ```
package struct PrismaSchema: Sendable {
    /// The migration Prisma would write for an empty database.
    package var ddl: String { lines.map(\.text).joined(separator: "\n") + "\n" }
    /// Each line of ``ddl`` with the Prisma declaration it comes from.
    package var lines: [(text: String, origin: SourceLocation?)] = []
    /// Tables by their database name, with the model and fields that made them: fixes are given in Prisma terms.
    package var models: [QualifiedName: PrismaModelNames] = [:]
    /// The files read, and their text.
    package var sources: [(path: String, text: String)] = []
    package var paths: [String] { sources.map(\.path) }

    /// The Prisma declaration of a DDL line (1-based), if it has one.
    package func origin(ofLine line: Int) -> SourceLocation? {
        line >= 1 && line <= lines.count ? lines[line - 1].origin : nil
    }

    /// Where the DDL lives while it is parsed: never shown, every location is mapped back.
    package var ddlPath: String { (paths.first ?? "schema.prisma") + "#ddl.sql" }

    /// A location in the DDL as the Prisma line that declared it; other files' locations unchanged.
    package func map(_ location: SourceLocation) -> SourceLocation? {
        guard location.file == ddlPath else { return location }
        return origin(ofLine: location.line) ?? SourceLocation(file: paths.first ?? "schema.prisma", line: 1, column: 1)
    }

    /// The DDL parsed, its statements placed at their Prisma declarations.
    package func parsedDDL() -> ParsedFile {
        var file = PostgresParser.parse(path: ddlPath, text: ddl)
        for index in file.statements.indices {
            file.statements[index].location = map(file.statements[index].location) ?? file.statements[index].location
        }
        for index in file.syntaxErrors.indices {
            file.syntaxErrors[index].location = map(file.syntaxErrors[index].location) ?? file.syntaxErrors[index].location
        }
        return file
    }

    /// Reads every `.prisma` source as one schema (Prisma's multi-file schemas).
    package static func read(_ sources: [(path: String, text: String)]) throws(PrismaSchemaError) -> PrismaSchema {
        var files: [PrismaFile] = []
        for source in sources { files.append(try PrismaParser.parse(path: source.path, text: source.text)) }
        var builder = try PrismaDDLBuilder(files: files)
        var schema = try builder.build()
        schema.sources = sources
        return schema
    }
}

/// A model's names: the table it maps to and its fields' columns.
package struct PrismaModelNames: Sendable {
    package var model: String
    package var block: PrismaBlock
    package var location: SourceLocation
    /// Field name by column name.
    package var fields: [String: String]
    /// Relation field by the foreign key's column list (`authorId` -> `author`).
    package var relations: [[String]: String] = [:]

    /// The field declaring `column`.
    package func field(column: String) -> PrismaField? {
        guard let name = fields[column] else { return nil }
        return block.fields.first { $0.name == name }
    }
}

/// Resolves names, types, relations and defaults, then writes the DDL in the order Prisma
/// Migrate lays out a first migration (confirmed): schemas and extensions, enums, tables, indexes,
/// foreign keys.
struct PrismaDDLBuilder {
    typealias Line = (text: String, origin: SourceLocation?)
    let blocks: [PrismaBlock]
    let modelsByName: [String: PrismaBlock]
    let enumsByName: [String: PrismaBlock]
    let datasource: PrismaBlock
    let multiSchema: Bool
    let relationModePrisma: Bool

    init(files: [PrismaFile]) throws(PrismaSchemaError) {
        blocks = files.flatMap(\.blocks)
        let datasources = blocks.filter { $0.kind == .datasource }
        guard let datasource = datasources.first else {
            let location = SourceLocation(file: files.first?.path ?? "schema.prisma", line: 1, column: 1)
            throw PrismaSchemaError(location: location, message: "no datasource block: add `datasource db { provider = \"postgresql\" }`")
        }
        if datasources.count > 1 { throw PrismaSchemaError(location: datasources[1].location, message: "a schema has one datasource; \(datasources[0].name) is declared at \(datasources[0].location)") }
        self.datasource = datasource
        guard let provider = datasource.property("provider") else {
            throw PrismaSchemaError(location: datasource.location, message: "datasource \(datasource.name) has no provider")
        }
        // "postgres" is accepted by Prisma as another spelling of "postgresql" (docs).
        guard let name = provider.value.stringValue, name == "postgresql" || name == "postgres" else {
            let given = provider.value.stringValue.map { "\"\($0)\"" } ?? "this provider"
            throw PrismaSchemaError(location: provider.location, message: "provider \(given) is not supported: Strata reads PostgreSQL schemas (provider = \"postgresql\")")
        }
        var models: [String: PrismaBlock] = [:], enums: [String: PrismaBlock] = [:]
        for block in blocks {
            switch block.kind {
            case .model, .view:
                if let other = models[block.name] ?? enums[block.name] { throw PrismaSchemaError(location: block.location, message: "\(block.name) is declared twice (also at \(other.location))") }
                if block.kind == .model { models[block.name] = block }
            case .enumeration:
                if let other = models[block.name] ?? enums[block.name] { throw PrismaSchemaError(location: block.location, message: "\(block.name) is declared twice (also at \(other.location))") }
                enums[block.name] = block
            case .type:
                throw PrismaSchemaError(location: block.location, message: "composite type \(block.name): `type` blocks exist only for MongoDB, not PostgreSQL")
            case .datasource, .generator:
                break
            }
        }
        modelsByName = models
        enumsByName = enums
        multiSchema = datasource.property("schemas") != nil
        relationModePrisma = datasource.property("relationMode")?.value.stringValue == "prisma"
    }

    // MARK: Names

    func tableName(_ model: PrismaBlock) -> QualifiedName {
        QualifiedName(schema: schemaName(model), name: model.attribute("map")?.argument("name", position: 0)?.stringValue ?? model.name)
    }

    func schemaName(_ block: PrismaBlock) -> String {
        block.attribute("schema")?.argument("name", position: 0)?.stringValue ?? "public"
    }

    func columnName(_ field: PrismaField) -> String {
        field.attribute("map")?.argument("name", position: 0)?.stringValue ?? field.name
    }

    func enumName(_ block: PrismaBlock) -> QualifiedName {
        QualifiedName(schema: schemaName(block), name: block.attribute("map")?.argument("name", position: 0)?.stringValue ?? block.name)
    }

    func enumLabel(_ value: PrismaEnumValue) -> String {
        value.attributes.first { $0.name == "map" }?.argument("name", position: 0)?.stringValue ?? value.name
    }

    /// `"public"."User"`: Prisma qualifies every name with its schema (confirmed, recent versions).
    func sql(_ name: QualifiedName) -> String { "\(quoteIdentifier(name.schema)).\(quoteIdentifier(name.name))" }

    /// `{table}_{columns}_{suffix}`, cut as Prisma cuts it when over 63 bytes (confirmed): the
    /// prefix shortened to `63 - len(suffix) - 1` bytes, the suffix kept.
    static func constraintName(table: String, columns: [String], suffix: String) -> String {
        let prefix = ([table] + columns).joined(separator: "_")
        let limit = 63 - suffix.utf8.count - 1
        var cut = ""
        for character in prefix {
            if cut.utf8.count + String(character).utf8.count > limit { break }
            cut.append(character)
        }
        return cut + "_" + suffix
    }

    func field(_ name: String, of model: PrismaBlock, at location: SourceLocation) throws(PrismaSchemaError) -> PrismaField {
        guard let field = model.fields.first(where: { $0.name == name }) else {
            throw PrismaSchemaError(location: location, message: "model \(model.name) has no field \(name)")
        }
        return field
    }

    func isRelation(_ field: PrismaField) -> Bool { modelsByName[field.type] != nil }

    // MARK: Types

    /// The column type as Prisma Migrate writes it (confirmed for the scalars, `@db.*` as the
    /// native type list of Prisma's PostgreSQL connector).
    func columnType(_ field: PrismaField, serial: Bool) throws(PrismaSchemaError) -> String {
        if let unsupported = field.unsupportedType { return unsupported + (field.isList ? "[]" : "") }
        if let enumeration = enumsByName[field.type] { return sql(enumName(enumeration)) + (field.isList ? "[]" : "") }
        let native = field.attributes.first { $0.name.hasPrefix("db.") }
        var type: String
        if let native {
            type = try nativeType(native, scalar: field.type)
        } else {
            switch field.type {
            case "String": type = "TEXT"
            case "Boolean": type = "BOOLEAN"
            case "Int": type = "INTEGER"
            case "BigInt": type = "BIGINT"
            case "Float": type = "DOUBLE PRECISION"
            case "Decimal": type = "DECIMAL(65,30)"
            case "DateTime": type = "TIMESTAMP(3)"
            case "Json": type = "JSONB"
            case "Bytes": type = "BYTEA"
            default: throw PrismaSchemaError(location: field.location, message: "field \(field.name) has type \(field.type), which is no scalar, enum or model of this schema")
            }
        }
        if serial {
            // autoincrement() makes the column SERIAL / BIGSERIAL (confirmed); SMALLSERIAL on @db.SmallInt (docs).
            switch type {
            case "INTEGER": type = "SERIAL"
            case "BIGINT": type = "BIGSERIAL"
            case "SMALLINT": type = "SMALLSERIAL"
            default: throw PrismaSchemaError(location: field.location, message: "autoincrement() needs an Int or BigInt field; \(field.name) is \(field.type)")
            }
        }
        return type + (field.isList ? "[]" : "")
    }

    /// `@db.VarChar(255)` -> `VARCHAR(255)`; the scalar each native type belongs to is checked.
    func nativeType(_ attribute: PrismaAttribute, scalar: String) throws(PrismaSchemaError) -> String {
        let name = String(attribute.name.dropFirst(3))
        let numbers = attribute.arguments.compactMap { argument -> String? in if case .number(let text) = argument.value { text } else { nil } }
        let suffix = numbers.isEmpty ? "" : "(\(numbers.joined(separator: ",")))"
        let types: [String: (sql: String, scalar: String)] = [
            "SmallInt": ("SMALLINT", "Int"), "Integer": ("INTEGER", "Int"), "BigInt": ("BIGINT", "BigInt"), "Oid": ("OID", "Int"),
            "Decimal": ("DECIMAL", "Decimal"), "Money": ("MONEY", "Decimal"),
            "Real": ("REAL", "Float"), "DoublePrecision": ("DOUBLE PRECISION", "Float"),
            "Text": ("TEXT", "String"), "VarChar": ("VARCHAR", "String"), "Char": ("CHAR", "String"), "Uuid": ("UUID", "String"),
            "Citext": ("CITEXT", "String"), "Inet": ("INET", "String"), "Xml": ("XML", "String"), "Bit": ("BIT", "String"), "VarBit": ("VARBIT", "String"),
            "Timestamp": ("TIMESTAMP", "DateTime"), "Timestamptz": ("TIMESTAMPTZ", "DateTime"), "Date": ("DATE", "DateTime"),
            "Time": ("TIME", "DateTime"), "Timetz": ("TIMETZ", "DateTime"),
            "Boolean": ("BOOLEAN", "Boolean"), "Json": ("JSON", "Json"), "JsonB": ("JSONB", "Json"), "ByteA": ("BYTEA", "Bytes"),
        ]
        guard let type = types[name] else {
            throw PrismaSchemaError(location: attribute.location, message: "@db.\(name) is not a PostgreSQL native type of Prisma")
        }
        guard type.scalar == scalar else {
            throw PrismaSchemaError(location: attribute.location, message: "@db.\(name) belongs to \(type.scalar) fields, not \(scalar)")
        }
        return type.sql + suffix
    }

    // MARK: Defaults

    /// The column's `DEFAULT`, nil when the database has none (client-side defaults, @updatedAt).
    func defaultExpression(_ field: PrismaField, type: String) throws(PrismaSchemaError) -> String? {
        guard let attribute = field.attribute("default"), let value = attribute.argument("value", position: 0) else { return nil }
        switch value {
        case .function(let name, let arguments):
            switch name {
            case "now": return "CURRENT_TIMESTAMP"
            // Generated by Prisma Client, not the database (confirmed for cuid/uuid, docs for the rest).
            case "uuid", "cuid", "nanoid", "ulid", "autoincrement": return nil
            case "dbgenerated":
                guard let expression = arguments.first?.value.stringValue else { return nil }
                return expression
            default:
                throw PrismaSchemaError(location: attribute.location, message: "\(name)() is not a default Prisma supports on PostgreSQL")
            }
        case .array(let values):
            // `[]` -> `ARRAY[]::TEXT[]`, `[V]` -> `ARRAY['V']::"E"[]` (confirmed).
            let elements = try values.map { value throws(PrismaSchemaError) in try literal(value, field: field, at: attribute.location) }
            return "ARRAY[\(elements.joined(separator: ", "))]::\(type)"
        default:
            return try literal(value, field: field, at: attribute.location)
        }
    }

    func literal(_ value: PrismaValue, field: PrismaField, at location: SourceLocation) throws(PrismaSchemaError) -> String {
        switch value {
        case .string(let text): return quoteLiteral(text)
        case .number(let text): return text
        case .constant(let name):
            if field.type == "Boolean" && (name == "true" || name == "false") { return name }
            if let enumeration = enumsByName[field.type] {
                guard let member = enumeration.values.first(where: { $0.name == name }) else {
                    throw PrismaSchemaError(location: location, message: "\(name) is not a value of enum \(enumeration.name)")
                }
                return quoteLiteral(enumLabel(member))
            }
            throw PrismaSchemaError(location: location, message: "default \(name) does not fit field \(field.name) of type \(field.type)")
        default:
            throw PrismaSchemaError(location: location, message: "this default does not fit field \(field.name)")
        }
    }

    // MARK: DDL

    mutating func build() throws(PrismaSchemaError) -> PrismaSchema {
        var schema = PrismaSchema()
        var head: [Line] = [], enums: [Line] = [], tables: [Line] = [], indexes: [Line] = [], foreignKeys: [Line] = []
        if let schemas = datasource.property("schemas") {
            for name in schemas.value.arrayValue?.compactMap(\.stringValue) ?? [] where name != "public" {
                head.append(("CREATE SCHEMA IF NOT EXISTS \(quoteIdentifier(name));", schemas.location))
            }
        }
        if let extensions = datasource.property("extensions") {
            // `extensions = [citext, uuid_ossp(map: "uuid-ossp", schema: "extensions")]` (docs, postgresqlExtensions).
            for value in extensions.value.arrayValue ?? [] {
                guard let name = value.reference else { continue }
                var sqlName = name, schemaClause = ""
                if case .function(_, let arguments) = value {
                    if let mapped = arguments.first(where: { $0.name == "map" })?.value.stringValue { sqlName = mapped }
                    if let schema = arguments.first(where: { $0.name == "schema" })?.value.stringValue { schemaClause = " SCHEMA \(quoteIdentifier(schema))" }
                }
                head.append(("CREATE EXTENSION IF NOT EXISTS \(quoteIdentifier(sqlName))\(schemaClause);", extensions.location))
            }
        }
        for block in blocks where block.kind == .enumeration {
            let labels = block.values.map { quoteLiteral(enumLabel($0)) }.joined(separator: ", ")
            enums.append(("CREATE TYPE \(sql(enumName(block))) AS ENUM (\(labels));", block.location))
        }
        for model in blocks where model.kind == .model {
            let table = tableName(model)
            var names = PrismaModelNames(model: model.name, block: model, location: model.location, fields: [:])
            tables.append(("CREATE TABLE \(sql(table)) (", model.location))
            var items: [Line] = []
            var primaryKey: (columns: [String], name: String?, origin: SourceLocation)?
            for field in model.fields where !isRelation(field) {
                let column = columnName(field)
                names.fields[column] = field.name
                let serial: Bool
                if case .function("autoincrement", _)? = field.attribute("default")?.argument("value", position: 0) { serial = true } else { serial = false }
                let type = try columnType(field, serial: serial)
                var definition = "    \(quoteIdentifier(column)) \(type)"
                if !field.isOptional && !field.isList { definition += " NOT NULL" }
                if let value = try defaultExpression(field, type: type) { definition += " DEFAULT \(value)" }
                items.append((definition, field.location))
                if let id = field.attribute("id") {
                    primaryKey = ([column], id.argument("map")?.stringValue, id.location)
                }
                if let unique = field.attribute("unique") {
                    let name = unique.argument("map")?.stringValue ?? Self.constraintName(table: table.name, columns: [column], suffix: "key")
                    indexes.append(("CREATE UNIQUE INDEX \(quoteIdentifier(name)) ON \(sql(table))(\(quoteIdentifier(column)));", unique.location))
                }
            }
            if let id = model.attribute("id") {
                let columns = try indexColumns(id, model: model).map(\.column)
                primaryKey = (columns, id.argument("map")?.stringValue, id.location)
            }
            if let primaryKey {
                let name = primaryKey.name ?? Self.constraintName(table: table.name, columns: [], suffix: "pkey")
                items.append(("    CONSTRAINT \(quoteIdentifier(name)) PRIMARY KEY (\(primaryKey.columns.map(quoteIdentifier).joined(separator: ", ")))", primaryKey.origin))
            }
            for index in items.indices.dropLast() { items[index].text += "," }
            tables += items
            tables.append((");", model.location))
            for attribute in model.attributes where attribute.name == "unique" || attribute.name == "index" {
                indexes.append(try index(attribute, model: model, table: table))
            }
            for field in model.fields where isRelation(field) {
                guard let relation = field.attribute("relation"), let fields = relation.argument("fields") else { continue }
                let target = modelsByName[field.type]!
                let references = relation.argument("references")?.names ?? []
                let columns = try fields.names.map { name throws(PrismaSchemaError) in columnName(try self.field(name, of: model, at: relation.location)) }
                let referenced = try references.map { name throws(PrismaSchemaError) in columnName(try self.field(name, of: target, at: relation.location)) }
                guard columns.count == referenced.count, !columns.isEmpty else {
                    throw PrismaSchemaError(location: relation.location, message: "relation \(field.name) lists \(columns.count) fields and \(referenced.count) references")
                }
                names.relations[columns] = field.name
                if relationModePrisma { continue }
                // Omitted actions (confirmed): required -> ON DELETE RESTRICT, optional -> SET NULL; ON UPDATE CASCADE.
                let onDelete = try action(relation.argument("onDelete"), at: relation.location) ?? (field.isOptional ? "SET NULL" : "RESTRICT")
                let onUpdate = try action(relation.argument("onUpdate"), at: relation.location) ?? "CASCADE"
                let name = relation.argument("map")?.stringValue ?? Self.constraintName(table: table.name, columns: columns, suffix: "fkey")
                foreignKeys.append(("ALTER TABLE \(sql(table)) ADD CONSTRAINT \(quoteIdentifier(name)) FOREIGN KEY (\(columns.map(quoteIdentifier).joined(separator: ", "))) REFERENCES \(sql(tableName(target)))(\(referenced.map(quoteIdentifier).joined(separator: ", "))) ON DELETE \(onDelete) ON UPDATE \(onUpdate);", field.location))
            }
            schema.models[table] = names
        }
        try implicitManyToMany(tables: &tables, indexes: &indexes, foreignKeys: &foreignKeys)
        func section(_ title: String, _ lines: [Line]) -> [Line] { lines.isEmpty ? [] : [("-- \(title)", nil)] + lines + [("", nil)] }
        schema.lines = section("Schemas and extensions", head) + section("CreateEnum", enums) + section("CreateTable", tables)
            + section("CreateIndex", indexes) + section("AddForeignKey", foreignKeys)
        return schema
    }

    /// `Cascade` -> `CASCADE`, nil when not given.
    func action(_ value: PrismaValue?, at location: SourceLocation) throws(PrismaSchemaError) -> String? {
        guard let value else { return nil }
        switch value.constantValue {
        case "Cascade": return "CASCADE"
        case "Restrict": return "RESTRICT"
        case "NoAction": return "NO ACTION"
        case "SetNull": return "SET NULL"
        case "SetDefault": return "SET DEFAULT"
        default: throw PrismaSchemaError(location: location, message: "unknown referential action \(value.reference ?? "here"): use Cascade, Restrict, NoAction, SetNull or SetDefault")
        }
    }

    /// The columns of `@@id`, `@@unique` or `@@index`, with `sort:` and `ops:` of each.
    func indexColumns(_ attribute: PrismaAttribute, model: PrismaBlock) throws(PrismaSchemaError) -> [(column: String, key: String)] {
        guard let list = attribute.argument("fields", position: 0) else {
            throw PrismaSchemaError(location: attribute.location, message: "@@\(attribute.name) needs a list of fields")
        }
        var result: [(column: String, key: String)] = []
        for item in list.arrayValue ?? [list] {
            guard let name = item.reference else { throw PrismaSchemaError(location: attribute.location, message: "@@\(attribute.name) lists fields by name") }
            let column = columnName(try field(name, of: model, at: attribute.location))
            var key = quoteIdentifier(column)
            if case .function(_, let arguments) = item {
                if let ops = arguments.first(where: { $0.name == "ops" })?.value { key += " " + operatorClass(ops) }
                if arguments.first(where: { $0.name == "sort" })?.value.constantValue == "Desc" { key += " DESC" }
            }
            result.append((column, key))
        }
        return result
    }

    func index(_ attribute: PrismaAttribute, model: PrismaBlock, table: QualifiedName) throws(PrismaSchemaError) -> Line {
        let columns = try indexColumns(attribute, model: model)
        let unique = attribute.name == "unique"
        // `map:` names the index; on @@index the older `name:` did too (docs). On @@unique `name:`
        // names the client's compound key only (confirmed).
        let given = attribute.argument("map")?.stringValue ?? (unique ? nil : attribute.argument("name")?.stringValue)
        let name = given ?? Self.constraintName(table: table.name, columns: columns.map(\.column), suffix: unique ? "key" : "idx")
        var method = ""
        if let type = attribute.argument("type")?.constantValue, type != "BTree" {
            let methods = ["Hash": "HASH", "Gist": "GIST", "Gin": "GIN", "SpGist": "SPGIST", "Brin": "BRIN"]
            guard let sqlMethod = methods[type] else { throw PrismaSchemaError(location: attribute.location, message: "unknown index type \(type): use BTree, Hash, Gist, Gin, SpGist or Brin") }
            method = " USING \(sqlMethod)"
        }
        let keys = columns.map(\.key).joined(separator: ", ")
        return ("CREATE \(unique ? "UNIQUE " : "")INDEX \(quoteIdentifier(name)) ON \(sql(table))\(method) (\(keys));", attribute.location)
    }

    /// `JsonbPathOps` -> `jsonb_path_ops`, `TimestampTzMinMaxOps` -> `timestamptz_minmax_ops`;
    /// `raw("gin_trgm_ops")` as written.
    func operatorClass(_ value: PrismaValue) -> String {
        if case .function("raw", let arguments) = value, let text = arguments.first?.value.stringValue { return text }
        guard let name = value.reference else { return "" }
        var words: [String] = []
        for character in name {
            if character.isUppercase || words.isEmpty { words.append(String(character).lowercased()) } else { words[words.count - 1].append(character) }
        }
        return words.joined(separator: "_").replacingOccurrences(of: "min_max", with: "minmax").replacingOccurrences(of: "_tz_", with: "tz_")
    }

    /// Two list relation fields without `fields:` make a join table `_{A}To{B}` (model names in
    /// alphabetical order) or `_{Name}` (confirmed): columns `A` and `B`, their pair the primary
    /// key `_{T}_AB_pkey` (Prisma 6; before it a unique index `_{T}_AB_unique`), an index on `B`,
    /// both foreign keys ON DELETE CASCADE ON UPDATE CASCADE.
    func implicitManyToMany(tables: inout [Line], indexes: inout [Line], foreignKeys: inout [Line]) throws(PrismaSchemaError) {
        var seen = Set<String>()
        for model in blocks where model.kind == .model {
            for field in model.fields where field.isList && isRelation(field) && field.attribute("relation")?.argument("fields") == nil {
                let target = modelsByName[field.type]!
                let relationName = field.attribute("relation")?.argument("name", position: 0)?.stringValue
                let opposite = target.fields.filter {
                    $0.type == model.name && $0.isList && $0.attribute("relation")?.argument("name", position: 0)?.stringValue == relationName
                        && $0.attribute("relation")?.argument("fields") == nil && !(target.name == model.name && $0.name == field.name)
                }
                // A list without an opposite list is the back side of a one-to-many relation.
                guard !opposite.isEmpty else { continue }
                let (first, second) = model.name <= target.name ? (model, target) : (target, model)
                let tableBase = relationName ?? "\(first.name)To\(second.name)"
                guard seen.insert(tableBase).inserted else { continue }
                let table = QualifiedName(schema: schemaName(first), name: "_" + tableBase)
                let firstType = try idColumnType(first, at: field.location)
                let secondType = try idColumnType(second, at: field.location)
                tables.append(("CREATE TABLE \(sql(table)) (", field.location))
                tables.append(("    \"A\" \(firstType.type) NOT NULL,", field.location))
                tables.append(("    \"B\" \(secondType.type) NOT NULL,", field.location))
                tables.append(("    CONSTRAINT \(quoteIdentifier(Self.constraintName(table: table.name, columns: ["AB"], suffix: "pkey"))) PRIMARY KEY (\"A\", \"B\")", field.location))
                tables.append((");", field.location))
                indexes.append(("CREATE INDEX \(quoteIdentifier(Self.constraintName(table: table.name, columns: ["B"], suffix: "index"))) ON \(sql(table))(\"B\");", field.location))
                if relationModePrisma { continue }
                for (column, side, type) in [("A", first, firstType), ("B", second, secondType)] {
                    let name = Self.constraintName(table: table.name, columns: [column], suffix: "fkey")
                    foreignKeys.append(("ALTER TABLE \(sql(table)) ADD CONSTRAINT \(quoteIdentifier(name)) FOREIGN KEY (\"\(column)\") REFERENCES \(sql(tableName(side)))(\(quoteIdentifier(type.column))) ON DELETE CASCADE ON UPDATE CASCADE;", field.location))
                }
            }
        }
    }

    /// The single-column id of a model in a many-to-many relation, typed without its serial.
    func idColumnType(_ model: PrismaBlock, at location: SourceLocation) throws(PrismaSchemaError) -> (column: String, type: String) {
        guard let id = model.fields.first(where: { $0.attribute("id") != nil }) else {
            throw PrismaSchemaError(location: location, message: "an implicit many-to-many relation needs a single-field @id on \(model.name)")
        }
        return (columnName(id), try columnType(id, serial: false))
    }
}
