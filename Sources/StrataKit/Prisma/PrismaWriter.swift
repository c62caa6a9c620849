import Foundation

/// Writes a schema model as an idiomatic `schema.prisma`: PascalCase models mapped to their
/// tables, camelCase fields mapped to their columns, relation fields on both sides, `@db.*` only
/// where Prisma's default mapping differs.
///
/// Reading the result back (``PrismaSchema``) gives the same model for everything Prisma can
/// say. What it cannot say (CHECK constraints, partial and expression indexes, triggers, policies,
/// exclusion constraints, views, functions) is kept as a `///` note on its model and listed in
/// ``Result/warnings``, never dropped silently.
///
/// ```swift
/// let written = PrismaWriter(schema: model).write()
/// try written.text.write(toFile: "prisma/schema.prisma", atomically: true, encoding: .utf8)
/// written.warnings.forEach { print("warning: \($0)") }
/// ```
public struct PrismaWriter: Sendable {
    /// The schema text and what it could not carry.
    public struct Result: Sendable {
        public var text: String
        public var warnings: [String]
    }

    let schema: DatabaseSchema

    public init(schema: DatabaseSchema) { self.schema = schema }

    public func write() -> Result {
        var state = WriterState(schema: schema)
        return state.write()
    }
}

/// One pass of writing: names chosen once, then models, relations and enums.
private struct WriterState {
    let schema: DatabaseSchema
    var warnings: [String] = []
    /// Prisma model name by table.
    var modelNames: [QualifiedName: String] = [:]
    var enumNames: [QualifiedName: String] = [:]
    /// Prisma value name by enum and label.
    var enumValueNames: [QualifiedName: [String: String]] = [:]
    /// Field name by table and column.
    var fieldNames: [QualifiedName: [String: String]] = [:]
    /// Relation and back-relation lines to add to each model.
    var relationLines: [QualifiedName: [[String]]] = [:]
    /// Names taken in each model (fields and relation fields).
    var takenNames: [QualifiedName: Set<String>] = [:]
    /// Join tables of implicit many-to-many relations: not models.
    var joinTables: Set<QualifiedName> = []

    init(schema: DatabaseSchema) { self.schema = schema }

    var usesSchemas: Bool { schema.tables.keys.contains { $0.schema != "public" } || schema.enums.keys.contains { $0.schema != "public" } }

    mutating func write() -> PrismaWriter.Result {
        chooseNames()
        findJoinTables()
        for table in schema.sortedTables where !joinTables.contains(table.name) { relations(of: table) }
        manyToMany()
        var text = header()
        for enumeration in schema.enums.values.sorted(by: { $0.name < $1.name }) { text += "\n" + enumBlock(enumeration) }
        for table in schema.sortedTables where !joinTables.contains(table.name) { text += "\n" + model(table) }
        unexpressedObjects()
        return PrismaWriter.Result(text: text, warnings: warnings)
    }

    // MARK: Names

    mutating func chooseNames() {
        var taken = Set<String>()
        func unique(_ base: String, schema: String) -> String {
            var name = base
            if taken.contains(name) { name = base + PrismaNaming.pascalCase(schema) }
            var counter = 2
            while taken.contains(name) { name = base + String(counter); counter += 1 }
            taken.insert(name)
            return name
        }
        for enumeration in schema.enums.values.sorted(by: { $0.name < $1.name }) {
            enumNames[enumeration.name] = unique(PrismaNaming.typeName(enumeration.name.name, singular: false), schema: enumeration.name.schema)
            var values: [String: String] = [:], used = Set<String>()
            for label in enumeration.values {
                var name = PrismaNaming.identifier(label)
                while used.contains(name) { name += "_" }
                used.insert(name)
                values[label] = name
            }
            enumValueNames[enumeration.name] = values
        }
        for table in schema.sortedTables {
            modelNames[table.name] = unique(PrismaNaming.typeName(table.name.name, singular: true), schema: table.name.schema)
            var fields: [String: String] = [:], used = Set<String>()
            for column in table.columns {
                var name = PrismaNaming.fieldName(column.name)
                while used.contains(name) { name += "_" }
                used.insert(name)
                fields[column.name] = name
            }
            fieldNames[table.name] = fields
            takenNames[table.name] = used
        }
    }

    mutating func takeName(_ base: String, in table: QualifiedName) -> String {
        var name = base, counter = 2
        while takenNames[table, default: []].contains(name) { name = base + String(counter); counter += 1 }
        takenNames[table, default: []].insert(name)
        return name
    }

    /// `_AToB` tables as Prisma makes them: columns A and B only, each a cascading foreign key.
    mutating func findJoinTables() {
        for table in schema.tables.values where table.name.name.hasPrefix("_") {
            guard table.columns.map(\.name) == ["A", "B"], table.foreignKeys.count == 2,
                  let a = table.foreignKeys.first(where: { $0.columns == ["A"] }), let b = table.foreignKeys.first(where: { $0.columns == ["B"] }),
                  [a, b].allSatisfy({ $0.onDelete == .cascade && $0.onUpdate == .cascade }),
                  let first = modelNames[a.referencedTable], let second = modelNames[b.referencedTable], first <= second,
                  table.checkConstraints.isEmpty, table.triggers.isEmpty else { continue }
            joinTables.insert(table.name)
        }
    }

    // MARK: Relations

    mutating func relations(of table: TableInfo) {
        let uniqueColumnSets = uniqueKeys(of: table)
        for foreignKey in table.foreignKeys.sorted(by: { $0.name < $1.name }) {
            guard let target = schema.tables[foreignKey.referencedTable], let targetModel = modelNames[target.name], let model = modelNames[table.name] else { continue }
            let fields = foreignKey.columns.map { fieldNames[table.name]?[$0] ?? $0 }
            let references = foreignKey.referencedColumns.map { fieldNames[target.name]?[$0] ?? $0 }
            let optional = foreignKey.columns.contains { table.column(named: $0)?.isNotNull == false }
            let pairCount = table.foreignKeys.filter { $0.referencedTable == target.name }.count
                + (target.name == table.name ? 0 : target.foreignKeys.filter { $0.referencedTable == table.name }.count)
            var base = fields.count == 1 ? PrismaNaming.relationFieldName(forColumnField: fields[0]) : nil
            if base == nil || base == fields.first { base = PrismaNaming.lowerFirst(targetModel) }
            let fieldName = takeName(base!, in: table.name)
            let relationName = pairCount > 1 || target.name == table.name ? model + PrismaNaming.upperFirst(fieldName) : nil
            var arguments: [String] = []
            if let relationName { arguments.append("\"\(relationName)\"") }
            arguments.append("fields: [\(fields.joined(separator: ", "))]")
            arguments.append("references: [\(references.joined(separator: ", "))]")
            // Prisma's defaults (confirmed): required -> Restrict, optional -> SetNull; onUpdate Cascade.
            let defaultDelete: ForeignKeyAction = optional ? .setNull : .restrict
            if foreignKey.onDelete != defaultDelete { arguments.append("onDelete: \(PrismaNaming.action(foreignKey.onDelete))") }
            if foreignKey.onUpdate != .cascade { arguments.append("onUpdate: \(PrismaNaming.action(foreignKey.onUpdate))") }
            if foreignKey.name != PrismaDDLBuilder.constraintName(table: table.name.name, columns: foreignKey.columns, suffix: "fkey") {
                arguments.append("map: \(PrismaNaming.string(foreignKey.name))")
            }
            relationLines[table.name, default: []].append([fieldName, targetModel + (optional ? "?" : ""), "@relation(\(arguments.joined(separator: ", ")))"])
            if foreignKey.deferrable || foreignKey.matchFull || !foreignKey.isValid {
                warnings.append("foreign key \(foreignKey.name) on \(table.name): DEFERRABLE, MATCH FULL and NOT VALID cannot be said in Prisma; the relation is written without them")
            }
            // The other side: a list, or a single optional field when the key is unique (one-to-one).
            let oneToOne = uniqueColumnSets.contains(Set(foreignKey.columns))
            let backBase = oneToOne ? PrismaNaming.lowerFirst(model) : PrismaNaming.plural(PrismaNaming.lowerFirst(model))
            let backName = takeName(relationName == nil ? backBase : backBase + PrismaNaming.upperFirst(fieldName), in: target.name)
            var back = [backName, model + (oneToOne ? "?" : "[]")]
            if let relationName { back.append("@relation(\"\(relationName)\")") }
            relationLines[target.name, default: []].append(back)
        }
    }

    /// Column sets with a unique index or key: a foreign key on one of them is one-to-one.
    func uniqueKeys(of table: TableInfo) -> Set<Set<String>> {
        var keys = Set<Set<String>>()
        for index in schema.allIndexes(on: table) where index.isUnique && index.predicate == nil && index.keys.allSatisfy({ $0.column != nil }) {
            keys.insert(Set(index.keys.compactMap(\.column)))
        }
        return keys
    }

    mutating func manyToMany() {
        for name in joinTables.sorted() {
            guard let table = schema.tables[name],
                  let a = table.foreignKeys.first(where: { $0.columns == ["A"] }), let b = table.foreignKeys.first(where: { $0.columns == ["B"] }),
                  let first = modelNames[a.referencedTable], let second = modelNames[b.referencedTable] else { continue }
            let relationName = name.name.dropFirst() == "\(first)To\(second)" ? nil : String(name.name.dropFirst())
            let attribute = relationName.map { ["@relation(\"\($0)\")"] } ?? []
            let onFirst = takeName(PrismaNaming.plural(PrismaNaming.lowerFirst(second)), in: a.referencedTable)
            relationLines[a.referencedTable, default: []].append([onFirst, second + "[]"] + attribute)
            if a.referencedTable != b.referencedTable || relationName != nil {
                let onSecond = takeName(PrismaNaming.plural(PrismaNaming.lowerFirst(first)), in: b.referencedTable)
                relationLines[b.referencedTable, default: []].append([onSecond, first + "[]"] + attribute)
            }
        }
    }

    // MARK: Blocks

    func header() -> String {
        var generator = "generator client {\n  provider = \"prisma-client-js\"\n"
        var preview: [String] = []
        if usesSchemas { preview.append("\"multiSchema\"") }
        if !schema.extensions.isEmpty { preview.append("\"postgresqlExtensions\"") }
        if !preview.isEmpty { generator += "  previewFeatures = [\(preview.joined(separator: ", "))]\n" }
        generator += "}\n\n"
        var datasource = "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n"
        if !schema.extensions.isEmpty {
            let names = schema.extensions.values.sorted { $0.name < $1.name }.map { ext -> String in
                let identifier = PrismaNaming.identifier(ext.name)
                var arguments: [String] = []
                if identifier != ext.name { arguments.append("map: \(PrismaNaming.string(ext.name))") }
                if ext.schema != "public" { arguments.append("schema: \(PrismaNaming.string(ext.schema))") }
                return arguments.isEmpty ? identifier : "\(identifier)(\(arguments.joined(separator: ", ")))"
            }
            datasource += "  extensions = [\(names.joined(separator: ", "))]\n"
        }
        if usesSchemas {
            let names = Set(schema.tables.keys.map(\.schema) + schema.enums.keys.map(\.schema) + ["public"]).sorted()
            datasource += "  schemas  = [\(names.map(PrismaNaming.string).joined(separator: ", "))]\n"
        }
        return generator + datasource + "}\n"
    }

    mutating func enumBlock(_ enumeration: EnumType) -> String {
        let name = enumNames[enumeration.name]!
        var lines: [[String]] = []
        for label in enumeration.values {
            let value = enumValueNames[enumeration.name]![label]!
            lines.append(value == label ? [value] : [value, "@map(\(PrismaNaming.string(label)))"])
        }
        var text = documentation(enumeration.comment, indent: "")
        text += "enum \(name) {\n" + PrismaNaming.aligned(lines)
        var blockAttributes: [String] = []
        if name != enumeration.name.name { blockAttributes.append("@@map(\(PrismaNaming.string(enumeration.name.name)))") }
        if usesSchemas { blockAttributes.append("@@schema(\(PrismaNaming.string(enumeration.name.schema)))") }
        if !blockAttributes.isEmpty { text += "\n" + blockAttributes.map { "  \($0)\n" }.joined() }
        return text + "}\n"
    }

    mutating func model(_ table: TableInfo) -> String {
        let name = modelNames[table.name]!
        var notes: [String] = []
        var lines: [[String]] = []
        let indexes = schema.indexes.values.filter { $0.table == table.name }.sorted { $0.name < $1.name }
        var blockAttributes: [String] = []
        var singleUnique: [String: String] = [:]
        // Unique constraints and unique indexes alike: Prisma writes unique indexes (confirmed).
        var uniques: [(name: String, columns: [String], isConstraint: Bool)] = table.uniqueConstraints.map { ($0.name, $0.columns, true) }
        var plainIndexes: [IndexInfo] = []
        for index in indexes {
            if let reason = PrismaNaming.inexpressible(index) {
                notes.append("\(reason) \(index.name.name): " + SchemaSQLRenderer().createIndex(index))
                warnings.append("\(table.name): \(reason) \(index.name.name) cannot be said in Prisma; kept as a /// note on model \(name)")
            } else if index.isUnique {
                uniques.append((index.name.name, index.keys.compactMap(\.column), false))
            } else {
                plainIndexes.append(index)
            }
        }
        for unique in uniques {
            if unique.isConstraint {
                warnings.append("\(table.name): unique constraint \(unique.name) is written as @unique; Prisma Migrate makes it a unique index")
            }
            let fields = unique.columns.map { fieldNames[table.name]?[$0] ?? $0 }
            let defaultName = PrismaDDLBuilder.constraintName(table: table.name.name, columns: unique.columns, suffix: "key")
            let map = unique.name == defaultName ? "" : "map: \(PrismaNaming.string(unique.name))"
            if unique.columns.count == 1, singleUnique[unique.columns[0]] == nil {
                singleUnique[unique.columns[0]] = map.isEmpty ? "@unique" : "@unique(\(map))"
            } else {
                blockAttributes.append("@@unique([\(fields.joined(separator: ", "))]\(map.isEmpty ? "" : ", " + map))")
            }
        }
        var idAttribute: [String: String] = [:]
        if let key = table.primaryKey {
            let defaultName = PrismaDDLBuilder.constraintName(table: table.name.name, columns: [], suffix: "pkey")
            let map = key.name == defaultName ? nil : "map: \(PrismaNaming.string(key.name))"
            if key.columns.count == 1 {
                idAttribute[key.columns[0]] = map.map { "@id(\($0))" } ?? "@id"
            } else {
                let fields = key.columns.map { fieldNames[table.name]?[$0] ?? $0 }
                blockAttributes.insert("@@id([\(fields.joined(separator: ", "))]\(map.map { ", " + $0 } ?? ""))", at: 0)
            }
            if !key.include.isEmpty { warnings.append("\(table.name): INCLUDE of primary key \(key.name) cannot be said in Prisma") }
        } else {
            warnings.append("\(table.name) has no primary key: Prisma needs @id or @@unique to use model \(name); Prisma Client ignores it until one is added")
        }
        var hasColumnComments = false
        for column in table.columns {
            let field = fieldNames[table.name]![column.name]!
            var line = [field, fieldType(column, table: table)]
            var attributes: [String] = []
            if let id = idAttribute[column.name] { attributes.append(id) }
            if let unique = singleUnique[column.name] { attributes.append(unique) }
            if let value = defaultAttribute(column, table: table) {
                attributes.append(value)
            } else if ["updated_at", "updatedat"].contains(column.name.lowercased()), PrismaNaming.scalar(for: column.type)?.scalar == "DateTime" {
                // No default in the database: Prisma Client sets @updatedAt fields (the model is the same either way).
                attributes.append("@updatedAt")
            }
            if field != column.name { attributes.append("@map(\(PrismaNaming.string(column.name)))") }
            if let native = nativeType(column) { attributes.append(native) }
            line += attributes
            if let comment = column.comment {
                for commentLine in comment.split(separator: "\n", omittingEmptySubsequences: false) { lines.append(["/// \(commentLine)"]) }
                hasColumnComments = true
            }
            lines.append(line)
            if column.generated != nil {
                notes.append("generated column \(column.name): GENERATED ALWAYS AS (\(column.generated!.text)) STORED")
                warnings.append("\(table.name).\(column.name) is a generated column: Prisma cannot say it; kept as a /// note")
            }
            if column.collation != nil { warnings.append("\(table.name).\(column.name): COLLATE \(column.collation!) cannot be said in Prisma") }
        }
        if hasColumnComments { warnings.append("\(table.name): column comments are written as /// documentation, which Prisma Migrate does not store as COMMENT ON") }
        lines += relationLines[table.name] ?? []
        for index in plainIndexes {
            let fields = index.keys.map { key -> String in
                var field = fieldNames[table.name]?[key.column!] ?? key.column!
                var arguments: [String] = []
                if let opclass = key.opclass { arguments.append("ops: raw(\(PrismaNaming.string(opclass)))") }
                if key.descending { arguments.append("sort: Desc") }
                if !arguments.isEmpty { field += "(\(arguments.joined(separator: ", ")))" }
                return field
            }
            var arguments = ["[\(fields.joined(separator: ", "))]"]
            if index.method != .btree { arguments.append("type: \(PrismaNaming.indexType(index.method))") }
            if index.name.name != PrismaDDLBuilder.constraintName(table: table.name.name, columns: index.keys.compactMap(\.column), suffix: "idx") {
                arguments.append("map: \(PrismaNaming.string(index.name.name))")
            }
            blockAttributes.append("@@index(\(arguments.joined(separator: ", ")))")
        }
        for check in table.checkConstraints {
            notes.append("CHECK \(check.name): \(check.expression.text)")
            warnings.append("\(table.name): CHECK constraint \(check.name) cannot be said in Prisma; kept as a /// note on model \(name) (keep it in a hand-written migration)")
        }
        for exclusion in table.exclusionConstraints {
            notes.append("EXCLUDE \(exclusion.name) USING \(exclusion.method) (\(exclusion.elements.joined(separator: ", ")))")
            warnings.append("\(table.name): exclusion constraint \(exclusion.name) cannot be said in Prisma; kept as a /// note")
        }
        for trigger in table.triggers {
            notes.append("trigger \(trigger.name): \(trigger.timing.rawValue) \(trigger.events.map(\.rawValue).joined(separator: " OR ")) EXECUTE FUNCTION \(trigger.function)")
            warnings.append("\(table.name): trigger \(trigger.name) cannot be said in Prisma; kept as a /// note")
        }
        if table.rowLevelSecurity {
            notes.append("row-level security enabled" + (table.policies.isEmpty ? "" : "; policies: " + table.policies.map(\.name).joined(separator: ", ")))
            warnings.append("\(table.name): row-level security and its policies cannot be said in Prisma; kept as a /// note")
        }
        if table.partitionKey != nil || table.partitionOf != nil || !table.inherits.isEmpty {
            notes.append("partitioning or inheritance: " + [table.partitionKey.map { "PARTITION BY \($0)" }, table.partitionOf.map { "PARTITION OF \($0)" }].compactMap { $0 }.joined(separator: ", "))
            warnings.append("\(table.name): partitioning and inheritance cannot be said in Prisma; kept as a /// note")
        }
        if name != table.name.name { blockAttributes.append("@@map(\(PrismaNaming.string(table.name.name)))") }
        if usesSchemas { blockAttributes.append("@@schema(\(PrismaNaming.string(table.name.schema)))") }
        var text = documentation(table.comment, indent: "")
        if table.comment != nil { warnings.append("\(table.name): its comment is written as /// documentation, which Prisma Migrate does not store as COMMENT ON") }
        for note in notes { text += "/// strata: not expressible in Prisma: \(note.replacingOccurrences(of: "\n", with: " "))\n" }
        text += "model \(name) {\n" + PrismaNaming.aligned(lines)
        if !blockAttributes.isEmpty { text += "\n" + blockAttributes.map { "  \($0)\n" }.joined() }
        return text + "}\n"
    }

    func documentation(_ comment: String?, indent: String) -> String {
        guard let comment else { return "" }
        return comment.split(separator: "\n", omittingEmptySubsequences: false).map { "\(indent)/// \($0)\n" }.joined()
    }

    mutating func unexpressedObjects() {
        for view in schema.views.values.sorted(by: { $0.name < $1.name }) {
            warnings.append("view \(view.name) is not written: Prisma Migrate does not create views; keep its CREATE VIEW in a migration")
        }
        for function in schema.functions.values.sorted(by: { $0.signature < $1.signature }) {
            warnings.append("function \(function.signature) is not written: Prisma cannot say functions")
        }
        for domain in schema.domains.values.sorted(by: { $0.name < $1.name }) {
            warnings.append("domain \(domain.name) is not written: its columns are Unsupported(\"\(domain.name.name)\")")
        }
        for sequence in schema.sequences.values.sorted(by: { $0.name < $1.name }) where sequence.ownedByTable == nil {
            warnings.append("sequence \(sequence.name) is not written: Prisma only knows the sequences of autoincrement() columns")
        }
    }

    // MARK: Columns

    /// The enum a column's type names, if any.
    func enumType(_ column: ColumnInfo, table: TableInfo) -> EnumType? {
        let name = PrismaNaming.unquotedTypeName(column.type)
        let qualified = name.contains(".") ? QualifiedName(schema: String(name.split(separator: ".")[0]), name: String(name.split(separator: ".", maxSplits: 1)[1]))
            : QualifiedName(schema: "public", name: name)
        return schema.enums[qualified] ?? schema.enums[QualifiedName(schema: table.name.schema, name: name)]
    }

    func fieldType(_ column: ColumnInfo, table: TableInfo) -> String {
        let list = column.arrayDimensions == 1
        var type: String
        if let enumeration = enumType(column, table: table) {
            type = enumNames[enumeration.name]!
        } else if column.arrayDimensions > 1 {
            return "Unsupported(\(PrismaNaming.string(column.fullType)))" + (column.isNotNull ? "" : "?")
        } else if let scalar = PrismaNaming.scalar(for: column.type) {
            type = scalar.scalar
        } else {
            return "Unsupported(\(PrismaNaming.string(column.fullType)))" + (column.isNotNull ? "" : "?")
        }
        if list { return type + "[]" }
        return type + (column.isNotNull ? "" : "?")
    }

    func nativeType(_ column: ColumnInfo) -> String? {
        guard column.arrayDimensions <= 1, let scalar = PrismaNaming.scalar(for: column.type) else { return nil }
        return scalar.native.map { "@db.\($0.replacingOccurrences(of: ",", with: ", "))" }
    }

    mutating func defaultAttribute(_ column: ColumnInfo, table: TableInfo) -> String? {
        if column.identity != nil {
            warnings.append("\(table.name).\(column.name) is an identity column: Prisma writes autoincrement() as serial")
            return "@default(autoincrement())"
        }
        guard let expression = column.defaultExpression?.text else { return nil }
        if expression.hasPrefix("nextval("), let sequence = schema.sequences.values.first(where: { $0.ownedByTable == table.name && $0.ownedByColumn == column.name }) {
            if sequence.name.name != "\(table.name.name)_\(column.name)_seq" {
                warnings.append("\(table.name).\(column.name): its sequence \(sequence.name) will be named \(table.name.name)_\(column.name)_seq by Prisma")
            }
            return "@default(autoincrement())"
        }
        if expression == "CURRENT_TIMESTAMP" { return "@default(now())" }
        if expression == "true" || expression == "false" { return "@default(\(expression))" }
        if Double(expression) != nil, PrismaNaming.scalar(for: column.type) != nil, column.arrayDimensions == 0 { return "@default(\(expression))" }
        if let literal = PrismaNaming.stringLiteral(expression), column.arrayDimensions == 0 {
            if let enumeration = enumType(column, table: table), let value = enumValueNames[enumeration.name]?[literal] { return "@default(\(value))" }
            if PrismaNaming.scalar(for: column.type)?.scalar == "String" || PrismaNaming.scalar(for: column.type)?.scalar == "Json" {
                return "@default(\(PrismaNaming.string(literal)))"
            }
        }
        if column.arrayDimensions == 1, let elements = PrismaNaming.arrayElements(expression) {
            let enumeration = enumType(column, table: table)
            var values: [String] = []
            for element in elements {
                if let literal = PrismaNaming.stringLiteral(element) {
                    if let enumeration {
                        guard let value = enumValueNames[enumeration.name]?[literal] else { values = []; break }
                        values.append(value)
                    } else {
                        values.append(PrismaNaming.string(literal))
                    }
                } else if Double(element) != nil || element == "true" || element == "false" {
                    values.append(element)
                } else {
                    values = []
                    break
                }
            }
            if values.count == elements.count { return "@default([\(values.joined(separator: ", "))])" }
        }
        return "@default(dbgenerated(\(PrismaNaming.string(expression))))"
    }
}

/// Prisma's names and spellings: identifiers, cases, scalars, actions.
package enum PrismaNaming {
    /// The scalar and `@db` attribute of a PostgreSQL type as `format_type` prints it; nil for
    /// types Prisma has no scalar for (written as `Unsupported`).
    package static func scalar(for type: String) -> (scalar: String, native: String?)? {
        func precision(_ prefix: String, _ suffix: String) -> String? {
            guard type.hasPrefix(prefix + "("), type.hasSuffix(")" + suffix) else { return nil }
            return String(type.dropFirst(prefix.count + 1).dropLast(suffix.count + 1))
        }
        switch type {
        case "text": return ("String", nil)
        case "boolean": return ("Boolean", nil)
        case "integer": return ("Int", nil)
        case "bigint": return ("BigInt", nil)
        case "double precision": return ("Float", nil)
        case "numeric(65,30)": return ("Decimal", nil)
        case "timestamp(3) without time zone": return ("DateTime", nil)
        case "jsonb": return ("Json", nil)
        case "bytea": return ("Bytes", nil)
        case "smallint": return ("Int", "SmallInt")
        case "oid": return ("Int", "Oid")
        case "real": return ("Float", "Real")
        case "numeric": return ("Decimal", "Decimal")
        case "money": return ("Decimal", "Money")
        case "uuid": return ("String", "Uuid")
        case "citext": return ("String", "Citext")
        case "inet": return ("String", "Inet")
        case "xml": return ("String", "Xml")
        case "character varying": return ("String", "VarChar")
        case "json": return ("Json", "Json")
        case "date": return ("DateTime", "Date")
        case "timestamp without time zone": return ("DateTime", "Timestamp")
        case "timestamp with time zone": return ("DateTime", "Timestamptz")
        case "time without time zone": return ("DateTime", "Time")
        case "time with time zone": return ("DateTime", "Timetz")
        default: break
        }
        if let n = precision("character varying", "") { return ("String", "VarChar(\(n))") }
        if let n = precision("character", "") { return ("String", "Char(\(n))") }
        if let n = precision("bit varying", "") { return ("String", "VarBit(\(n))") }
        if let n = precision("bit", "") { return ("String", "Bit(\(n))") }
        if let n = precision("numeric", "") { return ("Decimal", "Decimal(\(n))") }
        if let n = precision("timestamp", " without time zone") { return ("DateTime", "Timestamp(\(n))") }
        if let n = precision("timestamp", " with time zone") { return ("DateTime", "Timestamptz(\(n))") }
        if let n = precision("time", " without time zone") { return ("DateTime", "Time(\(n))") }
        if let n = precision("time", " with time zone") { return ("DateTime", "Timetz(\(n))") }
        return nil
    }

    /// Why an index cannot be an `@@index` / `@@unique`, or nil when it can.
    static func inexpressible(_ index: IndexInfo) -> String? {
        if index.predicate != nil { return "partial index" }
        if case .other(let method) = index.method { return "index using \(method)" }
        if index.keys.contains(where: { $0.column == nil }) { return "expression index" }
        if !index.include.isEmpty { return "index with INCLUDE" }
        if index.nullsNotDistinct { return "NULLS NOT DISTINCT index" }
        if index.keys.contains(where: { $0.collation != nil || $0.nullsFirst != nil }) { return "index with COLLATE or NULLS ordering" }
        if index.isUnique && (index.method != .btree || index.keys.contains { $0.descending || $0.opclass != nil }) { return "unique index with a method, order or operator class" }
        return nil
    }

    static func indexType(_ method: IndexMethod) -> String {
        switch method {
        case .hash: "Hash"
        case .gist: "Gist"
        case .gin: "Gin"
        case .spgist: "SpGist"
        case .brin: "Brin"
        case .btree, .other: "BTree"
        }
    }

    static func action(_ action: ForeignKeyAction) -> String {
        switch action {
        case .noAction: "NoAction"
        case .restrict: "Restrict"
        case .cascade: "Cascade"
        case .setNull: "SetNull"
        case .setDefault: "SetDefault"
        }
    }

    /// A PSL string literal.
    static func string(_ text: String) -> String {
        "\"" + text.escaping(["\"": "\\\"", "\\": "\\\\", "\n": "\\n"]) + "\""
    }

    /// `ARRAY['a', 'b']::text[]` -> `'a'`, `'b'`; nil when the expression is not an array of constants.
    static func arrayElements(_ expression: String) -> [String]? {
        guard expression.hasPrefix("ARRAY[") else { return nil }
        var elements: [String] = [], current = "", inString = false
        for character in expression.dropFirst(6) {
            if inString {
                current.append(character)
                if character == "'" { inString = false }
                continue
            }
            switch character {
            case "'": inString = true; current.append(character)
            case ",": elements.append(current.trimmingCharacters(in: .whitespaces)); current = ""
            case "]":
                let last = current.trimmingCharacters(in: .whitespaces)
                if !last.isEmpty { elements.append(last) }
                return elements
            case "[", "(": return nil
            default: current.append(character)
            }
        }
        return nil
    }

    /// `'it''s'` -> `it's`; nil when the expression is not one string literal.
    static func stringLiteral(_ expression: String) -> String? {
        guard expression.count >= 2, expression.hasPrefix("'"), expression.hasSuffix("'") else { return nil }
        let body = expression.dropFirst().dropLast()
        // A quote inside must be doubled; anything else (`'a' || 'b'`) is no single literal.
        var result = "", pendingQuote = false
        for character in body {
            if pendingQuote {
                guard character == "'" else { return nil }
                result.append("'")
                pendingQuote = false
            } else if character == "'" {
                pendingQuote = true
            } else {
                result.append(character)
            }
        }
        return pendingQuote ? nil : result
    }

    static func unquotedTypeName(_ type: String) -> String {
        type.replacingOccurrences(of: "\"", with: "")
    }

    /// A valid PSL identifier from any name: letters, digits and `_`, starting with a letter.
    static func identifier(_ name: String) -> String {
        var result = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if result.first.map({ !$0.isLetter }) ?? true { result = "V" + result }
        return result
    }

    static func words(_ name: String) -> [String] {
        name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// `order_items` -> `OrderItem`; a name already in PascalCase stays.
    static func typeName(_ table: String, singular: Bool) -> String {
        let parts = words(table)
        guard !parts.isEmpty else { return identifier(table) }
        var pieces = parts.map(upperFirst)
        if singular, let last = pieces.popLast() { pieces.append(singularize(last)) }
        return identifier(pieces.joined())
    }

    static func pascalCase(_ text: String) -> String { words(text).map(upperFirst).joined() }

    /// `created_at` -> `createdAt`; camelCase stays.
    static func fieldName(_ column: String) -> String {
        let parts = words(column)
        guard let first = parts.first else { return identifier(column) }
        let head = first == first.uppercased() && first.count > 1 ? first.lowercased() : lowerFirst(first)
        return identifier(head + parts.dropFirst().map(upperFirst).joined())
    }

    /// `authorId` -> `author`; nil when the column does not name its target.
    static func relationFieldName(forColumnField field: String) -> String? {
        for suffix in ["Id", "ID", "_id"] where field.hasSuffix(suffix) && field.count > suffix.count {
            return String(field.dropLast(suffix.count))
        }
        return nil
    }

    static func upperFirst(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
    static func lowerFirst(_ text: String) -> String { text.prefix(1).lowercased() + text.dropFirst() }

    static func singularize(_ word: String) -> String {
        let lower = word.lowercased()
        if lower.hasSuffix("ies"), word.count > 3 { return String(word.dropLast(3)) + "y" }
        if lower.hasSuffix("sses") || lower.hasSuffix("xes") || lower.hasSuffix("ches") || lower.hasSuffix("shes") { return String(word.dropLast(2)) }
        if lower.hasSuffix("ss") || lower.hasSuffix("us") || lower.hasSuffix("is") { return word }
        if lower.hasSuffix("s"), word.count > 1 { return String(word.dropLast()) }
        return word
    }

    static func plural(_ word: String) -> String {
        let lower = word.lowercased()
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) { return String(word.dropLast()) + "ies" }
        if lower.hasSuffix("s") || lower.hasSuffix("x") || lower.hasSuffix("ch") || lower.hasSuffix("sh") { return word + "es" }
        return word + "s"
    }

    /// Lines of a block with their columns aligned, as `prisma format` writes them.
    static func aligned(_ lines: [[String]]) -> String {
        var widths: [Int] = []
        for line in lines where line.count > 1 {
            for (index, cell) in line.prefix(2).enumerated() {
                if widths.count <= index { widths.append(0) }
                widths[index] = max(widths[index], cell.count)
            }
        }
        return lines.map { line in
            var text = "  "
            for (index, cell) in line.enumerated() {
                let last = index == line.count - 1
                text += cell
                if !last { text += index < 2 && index < widths.count ? String(repeating: " ", count: widths[index] - cell.count + 1) : " " }
            }
            return text + "\n"
        }.joined()
    }
}
