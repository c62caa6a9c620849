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
package struct PrismaWriter: Sendable {
    /// The schema text and what it could not carry.
    package struct Result: Sendable {
        package var text: String
        package var warnings: [String]
    }

    let schema: DatabaseSchema

    package init(schema: DatabaseSchema) { self.schema = schema }

    package func write() -> Result {
        var state = PrismaWriterState(schema: schema)
        return state.write()
    }
}

/// One pass of writing: names chosen once, then models, relations and enums.
struct PrismaWriterState {
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
}
