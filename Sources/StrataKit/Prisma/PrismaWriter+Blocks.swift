import Foundation

/// The blocks of the schema: header, enums, models with their columns and notes.
extension PrismaWriterState {
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
