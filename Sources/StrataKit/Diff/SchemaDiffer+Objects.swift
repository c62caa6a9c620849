/// Schemas, extensions, types, sequences, functions, views, triggers, policies, comments, drops.
extension SchemaDiffer {
    /// How a column names a type: `status` in public, `billing.status` elsewhere (format_type's way).
    static func typeText(_ name: QualifiedName) -> String {
        name.schema == "public" ? quoteIdentifierIfNeeded(name.name) : "\(quoteIdentifierIfNeeded(name.schema)).\(quoteIdentifierIfNeeded(name.name))"
    }

    mutating func planTypesAndFunctions() {
        for name in target.schemas.subtracting(source.schemas).sorted() {
            createTypes.append(Self.step("CREATE SCHEMA \(ifNotExists)\(quoteIdentifierIfNeeded(name));"))
        }
        for (name, ext) in target.extensions.sortedByKey() where source.extensions[name] == nil {
            createTypes.append(Self.step("CREATE EXTENSION IF NOT EXISTS \(quoteIdentifierIfNeeded(name)) WITH SCHEMA \(quoteIdentifierIfNeeded(ext.schema));"))
        }
        for (name, wanted) in target.enums.sortedByKey() {
            guard let current = source.enums[name] else {
                createTypes.append(Self.step("CREATE TYPE \(name.sql) AS ENUM (\(wanted.values.map(quoteLiteral).joined(separator: ", ")));"))
                continue
            }
            guard current.values != wanted.values else { continue }
            if Self.isOrderedSubset(current.values, of: wanted.values) {
                addEnumValues(current.values, wanted.values, to: name)
            } else {
                rebuildEnum(current, wanted)
            }
        }
        for (name, wanted) in target.domains.sortedByKey() {
            guard let current = source.domains[name] else {
                createTypes.append(Self.step(renderer.createDomain(wanted)))
                continue
            }
            planDomainChange(current, wanted)
        }
        for (name, wanted) in target.sequences.sortedByKey() where !renderer.isIdentitySequence(wanted, in: target) {
            if let current = source.sequences[name] {
                if current.dataType != wanted.dataType || Self.options(current) != Self.options(wanted) {
                    createTypes.append(Self.step("ALTER SEQUENCE \(name.sql)\(Self.alterOptionsSQL(from: current, to: wanted));"))
                }
                if current.ownedByTable != wanted.ownedByTable || current.ownedByColumn != wanted.ownedByColumn {
                    objectSteps.append(Self.step(ownedBy(wanted)))
                }
            } else {
                createTypes.append(Self.step("CREATE SEQUENCE \(name.sql) AS \(wanted.dataType)\(wanted.optionsSQL);"))
                if wanted.ownedByTable != nil { objectSteps.append(Self.step(ownedBy(wanted))) }
            }
        }
        for (signature, wanted) in target.functions.sortedByKey() {
            guard let current = source.functions[signature] else {
                createTypes.append(Self.step(renderer.createFunction(wanted, orReplace: false)))
                continue
            }
            var left = current, right = wanted
            left.comment = nil; right.comment = nil
            // The catalog's whole definition compares two servers' functions; a file has none.
            if left.definition == nil || right.definition == nil { left.definition = nil; right.definition = nil }
            // A file's function known by its argument types only says nothing of parameter names.
            if left.traits.parameters.isEmpty || right.traits.parameters.isEmpty { left.traits.parameters = []; right.traits.parameters = [] }
            guard left != right else { continue }
            if Self.replaceable(current, by: wanted) {
                createTypes.append(Self.step(renderer.createFunction(wanted)))
            } else {
                // A new return type cannot be replaced in place: drop (its triggers first) and create.
                dropFunctions.append(Self.step("DROP \(current.isProcedure ? "PROCEDURE" : "FUNCTION") \(ifExists)\(Self.signatureSQL(current));"))
                createTypes.append(Self.step(renderer.createFunction(wanted, orReplace: false)))
                recreatedFunctions.insert(signature)
            }
        }
    }

    /// Whether `CREATE OR REPLACE` can turn `current` into `wanted`: PostgreSQL refuses a new
    /// return type (OUT and TABLE parameters included), renamed input parameters and removed
    /// defaults; such a change is a DROP and a CREATE.
    static func replaceable(_ current: FunctionInfo, by wanted: FunctionInfo) -> Bool {
        guard current.returnType == wanted.returnType, current.isProcedure == wanted.isProcedure else { return false }
        let outputs: (FunctionInfo) -> [String] = { function in
            function.traits.parameters.filter { [.out, .inout, .table].contains($0.mode) }.map { "\($0.name ?? "") \($0.type)" }
        }
        guard outputs(current) == outputs(wanted) else { return false }
        let inputs: (FunctionInfo) -> [FunctionParameter] = { $0.traits.parameters.filter { $0.mode != .out && $0.mode != .table } }
        let old = inputs(current), new = inputs(wanted)
        guard old.count == new.count else { return current.traits.parameters.isEmpty || wanted.traits.parameters.isEmpty }
        for (before, after) in zip(old, new) {
            if let name = before.name, !name.isEmpty, before.name != after.name { return false }
            if before.defaultExpression != nil && after.defaultExpression == nil { return false }
        }
        return true
    }

    static func options(_ sequence: SequenceInfo) -> [Int64?] {
        [sequence.increment, sequence.start, sequence.minValue, sequence.maxValue, sequence.cache, sequence.cycle.map { $0 ? 1 : 0 }]
    }

    /// Every option that changes, back to its default where the target leaves it out.
    static func alterOptionsSQL(from current: SequenceInfo, to wanted: SequenceInfo) -> String {
        var text = ""
        if current.dataType != wanted.dataType { text += " AS \(wanted.dataType)" }
        if current.increment != wanted.increment { text += " INCREMENT BY \(wanted.increment ?? 1)" }
        if current.minValue != wanted.minValue || current.dataType != wanted.dataType { text += wanted.minValue.map { " MINVALUE \($0)" } ?? " NO MINVALUE" }
        if current.maxValue != wanted.maxValue || current.dataType != wanted.dataType { text += wanted.maxValue.map { " MAXVALUE \($0)" } ?? " NO MAXVALUE" }
        if current.start != wanted.start || current.increment != wanted.increment || current.minValue != wanted.minValue || current.maxValue != wanted.maxValue {
            let effective = wanted.start ?? ((wanted.increment ?? 1) > 0 ? (wanted.minValue ?? 1) : (wanted.maxValue ?? -1))
            text += " START WITH \(effective)"
        }
        if current.cache != wanted.cache { text += " CACHE \(wanted.cache ?? 1)" }
        if current.cycle != wanted.cycle { text += wanted.cycle == true ? " CYCLE" : " NO CYCLE" }
        return text
    }

    static func signatureSQL(_ function: FunctionInfo) -> String {
        "\(function.name.sql)(\(function.argumentTypes.joined(separator: ", ")))"
    }

    func ownedBy(_ sequence: SequenceInfo) -> String {
        guard let table = sequence.ownedByTable, let column = sequence.ownedByColumn else {
            return "ALTER SEQUENCE \(sequence.name.sql) OWNED BY NONE;"
        }
        return "ALTER SEQUENCE \(sequence.name.sql) OWNED BY \(table.sql).\(quoteIdentifierIfNeeded(column));"
    }

    /// Whether `values` appear in `wanted` in the same order (only additions between them).
    static func isOrderedSubset(_ values: [String], of wanted: [String]) -> Bool {
        var position = wanted.startIndex
        for value in values {
            guard let found = wanted[position...].firstIndex(of: value) else { return false }
            position = wanted.index(after: found)
        }
        return true
    }

    /// New labels in place, each placed BEFORE the next existing label (or AFTER the last): a
    /// catalog change. Outside a transaction, so later statements may use the new value.
    mutating func addEnumValues(_ current: [String], _ wanted: [String], to name: QualifiedName) {
        var existing = current
        for (offset, value) in wanted.enumerated() where !existing.contains(value) {
            let next = wanted[(offset + 1)...].first { existing.contains($0) }
            let placement = next.map { " BEFORE \(quoteLiteral($0))" } ?? existing.last.map { " AFTER \(quoteLiteral($0))" } ?? ""
            preamble.append(Self.step("ALTER TYPE \(name.sql) ADD VALUE IF NOT EXISTS \(quoteLiteral(value))\(placement);", ["a catalog change; the new value is usable once committed"], transaction: .none))
            if let next, let position = existing.firstIndex(of: next) { existing.insert(value, at: position) } else { existing.append(value) }
        }
    }

    /// Removing or reordering labels: the type is rebuilt under its name and every column that
    /// uses it is converted through text. Rows holding a removed label make the conversion fail.
    mutating func rebuildEnum(_ current: EnumType, _ wanted: EnumType) {
        let name = wanted.name
        let old = QualifiedName(schema: name.schema, name: name.name + "__strata_old")
        let removed = current.values.filter { !wanted.values.contains($0) }
        createTypes.append(Self.step("ALTER TYPE \(name.sql) RENAME TO \(quoteIdentifierIfNeeded(old.name));"))
        createTypes.append(Self.step("CREATE TYPE \(name.sql) AS ENUM (\(wanted.values.map(quoteLiteral).joined(separator: ", ")));"))
        let typeText = Self.typeText(name)
        for (tableName, table) in source.tables.sortedByKey() where target.tables[tableName] != nil {
            for column in table.columns where column.type == typeText {
                let quoted = quoteIdentifierIfNeeded(column.name)
                var steps: [String] = []
                if column.defaultExpression != nil { steps.append("ALTER COLUMN \(quoted) DROP DEFAULT") }
                steps.append("ALTER COLUMN \(quoted) TYPE \(column.fullType) USING \(quoted)::text::\(column.fullType)")
                if let value = target.tables[tableName]?.column(named: column.name)?.defaultExpression ?? column.defaultExpression {
                    steps.append("ALTER COLUMN \(quoted) SET DEFAULT \(value.text)")
                }
                createTypes.append(Self.step("ALTER TABLE \(tableName.sql) " + steps.joined(separator: ", ") + ";",
                                             [hazard(LockFacts.alterTypeRewrite, tableName)],
                                             dataLoss: removed.isEmpty ? nil : "rows of \(tableName) holding \(removed.map(quoteLiteral).joined(separator: ", ")) make the conversion fail; update them first"))
                structurallyChanged.insert(tableName)
            }
        }
        createTypes.append(Self.step("DROP TYPE \(ifExists)\(old.sql);"))
    }

    mutating func planDomainChange(_ current: Domain, _ wanted: Domain) {
        let name = wanted.name.sql
        if current.baseType != wanted.baseType {
            warnings.append("domain \(wanted.name) changes its base type (\(current.baseType) -> \(wanted.baseType)): PostgreSQL cannot alter it; not changed")
        }
        if current.defaultExpression != wanted.defaultExpression {
            createTypes.append(Self.step(wanted.defaultExpression.map { "ALTER DOMAIN \(name) SET DEFAULT \($0.text);" } ?? "ALTER DOMAIN \(name) DROP DEFAULT;"))
        }
        if current.isNotNull != wanted.isNotNull {
            createTypes.append(Self.step("ALTER DOMAIN \(name) \(wanted.isNotNull ? "SET" : "DROP") NOT NULL;", wanted.isNotNull ? ["scans every column of the domain"] : []))
        }
        for check in current.checks where !wanted.checks.contains(where: { $0.name == check.name && $0.expression == check.expression }) {
            createTypes.append(Self.step("ALTER DOMAIN \(name) DROP CONSTRAINT \(quoteIdentifierIfNeeded(check.name));"))
        }
        for check in wanted.checks where !current.checks.contains(where: { $0.name == check.name && $0.expression == check.expression }) {
            createTypes.append(Self.step("ALTER DOMAIN \(name) ADD CONSTRAINT \(quoteIdentifierIfNeeded(check.name)) CHECK (\(check.expression.text));",
                                         [LockFacts.alterDomainAddCheck.describe(on: "every table using \(wanted.name)")]))
        }
    }

    // MARK: - Views

    /// Views in an order where each comes after the views it mentions.
    static func dependencyOrder(_ views: [ViewInfo]) -> [ViewInfo] {
        let names = views.map(\.name)
        return dependencyOrder(views, name: \.name) { view in
            let words = words(of: view.definition)
            return names.filter { words.contains($0.name.lowercased()) }
        }
    }

    mutating func planViews() {
        // Dropped before the change: views that go or change, views over tables whose columns
        // change type or go, and (transitively) views over those.
        var rebuilt: Set<QualifiedName> = []
        for (name, view) in source.views {
            var left = view, right = target.views[name]
            left.comment = nil; right?.comment = nil
            left.location = nil; right?.location = nil
            left.storage = []; right?.storage = []  // changed in place below
            if right == nil || left != right || structurallyChanged.contains(where: { Self.mentions(view.definition, $0) })
                || source.tables.keys.contains(where: { target.tables[$0] == nil && Self.mentions(view.definition, $0) }) {
                rebuilt.insert(name)
            }
        }
        var grew = true
        while grew {
            grew = false
            for (name, view) in source.views where !rebuilt.contains(name) && rebuilt.contains(where: { Self.mentions(view.definition, $0) }) {
                rebuilt.insert(name)
                grew = true
            }
        }
        for view in Self.dependencyOrder(source.views.values.filter { rebuilt.contains($0.name) }).reversed() {
            dropViews.append(Self.step("DROP \(view.isMaterialized ? "MATERIALIZED " : "")VIEW \(ifExists)\(view.name.sql);"))
        }
        for view in Self.dependencyOrder(target.views.values.filter { source.views[$0.name] == nil || rebuilt.contains($0.name) }) {
            objectSteps.append(Self.step(renderer.createView(view), view.isMaterialized ? ["runs the view's query to fill it"] : []))
            if view.isMaterialized {
                for index in target.indexes.values.filter({ $0.table == view.name }).sorted(by: { $0.name < $1.name }) {
                    objectSteps.append(Self.step(renderer.createIndex(index, ifNotExists: options.online)))
                }
            }
        }
        rebuiltViews = rebuilt
        for (name, wanted) in target.views.sortedByKey() where wanted.isMaterialized && !rebuilt.contains(name) {
            guard let current = source.views[name], let change = storageChange(from: current.storage, to: wanted.storage) else { continue }
            objectSteps.append(Self.step("ALTER MATERIALIZED VIEW \(name.sql) \(change);"))
        }
        // Indexes of a materialized view kept as it is: changed like a table's; a rebuilt view's
        // indexes were created with it above.
        for (name, old) in source.indexes.sortedByKey() where source.views[old.table]?.isMaterialized == true
            && target.views[old.table] != nil && !rebuilt.contains(old.table) {
            if let new = target.indexes[name], Self.same(old, new) { continue }
            dropConstraints.append(Self.step("DROP INDEX \(ifExists)\(name.sql);", [hazard(LockFacts.dropIndex, old.table)]))
        }
        for (name, new) in target.indexes.sortedByKey() where target.views[new.table]?.isMaterialized == true
            && source.views[new.table] != nil && !rebuilt.contains(new.table) {
            if let old = source.indexes[name], Self.same(old, new) { continue }
            objectSteps.append(Self.step(renderer.createIndex(new, ifNotExists: options.online), [hazard(LockFacts.createIndex, new.table)]))
        }
    }

    // MARK: - Triggers and policies

    mutating func planTriggersAndPolicies() {
        for (name, wanted) in target.tables.sortedByKey() {
            let current = source.tables[name]
            for old in current?.triggers ?? [] {
                let new = wanted.triggers.first { $0.name == old.name }
                if let new, new == old, !recreatedFunctions.contains(where: { $0.hasPrefix("\(old.function.schema).\(old.function.name)(") }) { continue }
                dropTriggers.append(Self.step("DROP TRIGGER \(ifExists)\(quoteIdentifierIfNeeded(old.name)) ON \(name.sql);", [hazard(LockFacts.dropTrigger, name)]))
            }
            for new in wanted.triggers {
                if let old = current?.triggers.first(where: { $0.name == new.name }), old == new,
                   !recreatedFunctions.contains(where: { $0.hasPrefix("\(new.function.schema).\(new.function.name)(") }) { continue }
                objectSteps.append(Self.step(renderer.createTrigger(new, on: name), current == nil ? [] : [hazard(LockFacts.createTrigger, name)]))
            }
            if current == nil {
                if wanted.rowLevelSecurity { objectSteps.append(Self.step("ALTER TABLE \(name.sql) ENABLE ROW LEVEL SECURITY;")) }
                if wanted.forceRowLevelSecurity { objectSteps.append(Self.step("ALTER TABLE \(name.sql) FORCE ROW LEVEL SECURITY;")) }
            }
            for old in current?.policies ?? [] where !wanted.policies.contains(old) {
                dropTriggers.append(Self.step("DROP POLICY \(ifExists)\(quoteIdentifierIfNeeded(old.name)) ON \(name.sql);"))
            }
            for new in wanted.policies where !(current?.policies.contains(new) ?? false) {
                objectSteps.append(Self.step(renderer.createPolicy(new, on: name), current == nil ? [] : [hazard(LockFacts.createPolicy, name)]))
            }
        }
    }

    // MARK: - Comments

    mutating func planComments() {
        // The object's name is spelled only for a comment that changes: most of thousands do not.
        func comment(_ kind: String, _ object: @autoclosure () -> String, _ old: String?, _ new: String?, recreated: Bool) {
            guard recreated ? new != nil : old != new else { return }
            objectSteps.append(Self.step("COMMENT ON \(kind) \(object()) IS \(new.map(quoteLiteral) ?? "NULL");"))
        }
        for (name, table) in target.tables.sortedByKey() {
            let current = source.tables[name]
            comment("TABLE", name.sql, current?.comment, table.comment, recreated: current == nil)
            for column in table.columns {
                let old = current?.column(named: column.name)
                let recreated = old == nil || (old?.generated != column.generated)
                comment("COLUMN", "\(name.sql).\(quoteIdentifierIfNeeded(column.name))", old?.comment, column.comment, recreated: recreated)
            }
        }
        for (name, view) in target.views.sortedByKey() {
            let recreated = source.views[name] == nil || rebuiltViews.contains(name)
            comment(view.isMaterialized ? "MATERIALIZED VIEW" : "VIEW", name.sql, source.views[name]?.comment, view.comment, recreated: recreated)
        }
        for (name, index) in target.indexes.sortedByKey() {
            let old = source.indexes[name]
            let recreated = old == nil || !Self.same(old!, index)
            comment("INDEX", name.sql, old?.comment, index.comment, recreated: recreated)
        }
        for (name, type) in target.enums.sortedByKey() {
            let old = source.enums[name]
            let recreated = old == nil || !Self.isOrderedSubset(old!.values, of: type.values)
            comment("TYPE", name.sql, old?.comment, type.comment, recreated: recreated)
        }
        for (signature, function) in target.functions.sortedByKey() {
            comment(function.isProcedure ? "PROCEDURE" : "FUNCTION", Self.signatureSQL(function), source.functions[signature]?.comment,
                    function.comment, recreated: source.functions[signature] == nil || recreatedFunctions.contains(signature))
        }
        for name in target.schemas.union(source.schemas).sorted() where target.schemas.contains(name) {
            comment("SCHEMA", quoteIdentifierIfNeeded(name), source.schemaComments[name], target.schemaComments[name], recreated: !source.schemas.contains(name))
        }
    }

    // MARK: - Drops

    mutating func planDrops() {
        let droppedTables = source.tables.values.filter { target.tables[$0.name] == nil }
        // Children before parents: a partition or inheriting table goes before the table above it.
        for table in Self.parentsFirst(droppedTables).reversed() {
            dropSteps.append(Self.step("DROP TABLE \(ifExists)\(table.name.sql);", [hazard(LockFacts.dropTable, table.name)], dataLoss: "every row of \(table.name) is deleted"))
        }
        let droppedTableNames = Set(droppedTables.map(\.name))
        for (name, sequence) in source.sequences.sortedByKey() where target.sequences[name] == nil && !handledSequences.contains(name) {
            // Owned sequences go with their table or column.
            if let owner = sequence.ownedByTable, droppedTableNames.contains(owner) || source.tables[owner]?.column(named: sequence.ownedByColumn ?? "")?.identity != nil
                || target.tables[owner]?.column(named: sequence.ownedByColumn ?? "") == nil { continue }
            dropSteps.append(Self.step("DROP SEQUENCE \(ifExists)\(name.sql);", ["the sequence's position is lost"]))
        }
        for (signature, function) in source.functions.sortedByKey() where target.functions[signature] == nil {
            dropSteps.append(Self.step("DROP \(function.isProcedure ? "PROCEDURE" : "FUNCTION") \(ifExists)\(Self.signatureSQL(function));"))
        }
        for (name, _) in source.domains.sortedByKey() where target.domains[name] == nil {
            dropSteps.append(Self.step("DROP DOMAIN \(ifExists)\(name.sql);"))
        }
        for (name, _) in source.enums.sortedByKey() where target.enums[name] == nil {
            dropSteps.append(Self.step("DROP TYPE \(ifExists)\(name.sql);"))
        }
        for (name, _) in source.extensions.sortedByKey() where target.extensions[name] == nil {
            dropSteps.append(Self.step("DROP EXTENSION \(ifExists)\(quoteIdentifierIfNeeded(name));", ["drops the extension's functions, types and operators"]))
        }
        for name in source.schemas.subtracting(target.schemas).sorted() {
            dropSteps.append(Self.step("DROP SCHEMA \(ifExists)\(quoteIdentifierIfNeeded(name));"))
        }
    }
}
