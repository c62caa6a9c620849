/// How a plan is written.
public struct DiffOptions: Sendable, Hashable {
    /// Online-safe statements on tables that already exist (CONCURRENTLY, NOT VALID then VALIDATE,
    /// NOT NULL through a validated CHECK, `lock_timeout`). Off: the plain, fastest statements, for
    /// empty or private databases.
    public var online = true
    /// Drop tables and columns, narrow types and remove enum values in use; refused otherwise.
    public var allowDataLoss = false
    /// The `lock_timeout` set first (online plans only).
    public var lockTimeout = "5s"
    /// Renames the target declares (`-- strata:renamed-from`).
    package var renames = RenameHints()

    /// Options; the defaults write an online-safe plan and refuse to lose data.
    public init(online: Bool = true, allowDataLoss: Bool = false) {
        self.online = online
        self.allowDataLoss = allowDataLoss
    }

    package init(online: Bool = true, allowDataLoss: Bool = false, renames: RenameHints) {
        self.online = online
        self.allowDataLoss = allowDataLoss
        self.renames = renames
    }
}

/// Compares two schema models and writes the migration from the first to the second.
///
/// The plan is built in phases, each in dependency order: what depends on something that changes
/// is dropped first (views, triggers, policies, foreign keys, constraints); then types, sequences
/// and functions; renames; tables and columns; constraints and indexes (online: built without
/// blocking writes, validated apart); views, triggers, policies and comments; and drops last.
///
/// ```swift
/// let plan = try SchemaDiffer(from: current, to: desired).plan()
/// let down = try SchemaDiffer(from: desired, to: current, options: .init(allowDataLoss: true)).plan()
/// ```
public struct SchemaDiffer: Sendable {
    /// The source as the plan transforms it: renames are applied to it as they are planned, so the
    /// rest of the comparison matches objects by their new names.
    var source: DatabaseSchema
    let target: DatabaseSchema
    let options: DiffOptions
    let renderer = SchemaSQLRenderer()

    // The phases, in the order they run.
    var preamble: [MigrationPlan.Step] = []      // outside a transaction: DROP INDEX CONCURRENTLY, ADD VALUE
    var dropViews: [MigrationPlan.Step] = []
    var dropTriggers: [MigrationPlan.Step] = []
    var dropForeignKeys: [MigrationPlan.Step] = []
    var dropConstraints: [MigrationPlan.Step] = []
    var dropFunctions: [MigrationPlan.Step] = []
    var createTypes: [MigrationPlan.Step] = []
    var renameSteps: [MigrationPlan.Step] = []
    var tableSteps: [MigrationPlan.Step] = []
    var constraintSteps: [MigrationPlan.Step] = []
    var concurrentIndexes: [MigrationPlan.Step] = []  // outside a transaction
    var attachSteps: [MigrationPlan.Step] = []
    var validations: [MigrationPlan.Step] = []        // each in its own transaction
    var finishSteps: [MigrationPlan.Step] = []
    var objectSteps: [MigrationPlan.Step] = []
    var dropSteps: [MigrationPlan.Step] = []
    var warnings: [String] = []

    /// Tables whose columns change type or go: views over them are dropped and created again.
    var structurallyChanged: Set<QualifiedName> = []
    /// Primary and unique keys dropped: foreign keys that reference them go first and come back.
    var droppedKeys: Set<KeyReference> = []
    /// Sequences a step already dropped (a serial's, when the column becomes an identity).
    var handledSequences: Set<QualifiedName> = []
    /// Functions dropped and created again (return type or kind changed): their triggers follow.
    var recreatedFunctions: Set<String> = []
    /// Views dropped before the change and created after it.
    var rebuiltViews: Set<QualifiedName> = []

    /// `IF EXISTS ` in an online plan, whose script must survive a rerun after a partial failure
    /// (each group commits on its own), as `prefer-robust-statements` asks of such migrations.
    var ifExists: String { options.online ? "IF EXISTS " : "" }
    /// `IF NOT EXISTS ` in an online plan, for the same reason.
    var ifNotExists: String { options.online ? "IF NOT EXISTS " : "" }

    /// A differ from `source` (what the database holds) to `target` (what it should hold).
    public init(from source: DatabaseSchema, to target: DatabaseSchema, options: DiffOptions = DiffOptions()) {
        self.source = source.withoutSourceLocations
        self.target = target.withoutSourceLocations
        self.options = options
    }

    /// The plan, or a ``DataLossError`` naming each statement that would destroy data (unless
    /// ``DiffOptions/allowDataLoss``), or an ``UnsupportedChangeError``.
    public func plan() throws -> MigrationPlan {
        var differ = self
        try differ.build()
        var plan = MigrationPlan()
        plan.warnings = differ.warnings
        // One main transaction holds every change that can share one; what must run outside it
        // (concurrent index builds) or apart (validations) follows.
        let main: [MigrationPlan.Step] = differ.dropViews + differ.dropTriggers + differ.dropForeignKeys + differ.dropConstraints
            + differ.dropFunctions + differ.createTypes + differ.renameSteps + differ.tableSteps
            + differ.constraintSteps + differ.objectSteps + differ.dropSteps
        plan.steps = differ.preamble + main + differ.concurrentIndexes + differ.attachSteps + differ.validations + differ.finishSteps
        if !plan.steps.isEmpty, options.online { plan.lockTimeout = options.lockTimeout }
        if !options.allowDataLoss, !plan.dataLossSteps.isEmpty {
            throw DataLossError(statements: plan.dataLossSteps.map { ($0.sql, $0.dataLoss ?? "") }, suggestions: differ.renameSuggestions())
        }
        return plan
    }

    mutating func build() throws {
        applyRenames()
        planTypesAndFunctions()
        try planTables()
        planIdentityOptions()
        planViews()
        planTriggersAndPolicies()
        planComments()
        planDrops()
    }

    // MARK: - Helpers

    /// The working source after `sql` (a rename): parsed and replayed as lint replays migrations.
    mutating func replay(_ sql: String) {
        var interpreter = SchemaInterpreter(schema: source)
        for statement in PostgresParser.parse(path: "plan.sql", text: sql).statements { interpreter.apply(statement) }
        source = interpreter.schema.withoutSourceLocations
    }

    static func step(_ sql: String, _ hazards: [String] = [], transaction: MigrationPlan.TransactionMode = .shared, dataLoss: String? = nil) -> MigrationPlan.Step {
        MigrationPlan.Step(sql: sql, hazards: hazards, transaction: transaction, dataLoss: dataLoss)
    }

    /// Identifier words of a SQL text, lowercased: what a view or function body mentions.
    static func words(of text: String) -> Set<String> {
        var result: Set<String> = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "_" || character == "$" { current.append(character) } else {
                if !current.isEmpty { result.insert(current) }
                current = ""
            }
        }
        if !current.isEmpty { result.insert(current) }
        return result
    }

    /// Whether `text` mentions the relation `name` (by its unqualified name).
    static func mentions(_ text: String, _ name: QualifiedName) -> Bool {
        words(of: text).contains(name.name.lowercased())
    }

    /// Where a dropped and an added column (or table) look alike, the comment that keeps the data.
    func renameSuggestions() -> [String] {
        var suggestions: [String] = []
        for (name, table) in target.tables.sortedByKey() {
            guard let old = source.tables[name] else { continue }
            let added = table.columns.filter { old.column(named: $0.name) == nil }
            let dropped = old.columns.filter { table.column(named: $0.name) == nil }
            for column in added {
                if let candidate = dropped.first(where: { $0.fullType == column.fullType && $0.isNotNull == column.isNotNull }) {
                    suggestions.append("if \(name).\(column.name) is \(name).\(candidate.name) renamed, write `-- \(RenameHints.marker) \(candidate.name)` on its line in the desired schema")
                }
            }
        }
        let addedTables = target.tables.values.filter { source.tables[$0.name] == nil }
        for old in source.tables.values.filter({ target.tables[$0.name] == nil }).sorted(by: { $0.name < $1.name }) {
            let shape = old.columns.map(\.fullType)
            if let candidate = addedTables.first(where: { $0.columns.map(\.fullType) == shape }) {
                suggestions.append("if \(candidate.name) is \(old.name) renamed, write `-- \(RenameHints.marker) \(old.name.name)` on its CREATE TABLE line in the desired schema")
            }
        }
        return suggestions
    }

    // MARK: - Renames

    /// Declared renames first, so everything after compares objects by their new names; then
    /// constraints, indexes and owned sequences whose definition is unchanged but whose name is
    /// not (a renamed table keeps `users_pkey`; the target says `accounts_pkey`).
    mutating func applyRenames() {
        for (new, old) in options.renames.tables.sortedByKey()
        where source.tables[old] != nil && source.tables[new] == nil && target.tables[new] != nil {
            var sql = ""
            if old.schema != new.schema {
                sql = "ALTER TABLE \(old.sql) SET SCHEMA \(quoteIdentifierIfNeeded(new.schema));"
                if old.name != new.name {
                    sql += "\nALTER TABLE \(QualifiedName(schema: new.schema, name: old.name).sql) RENAME TO \(quoteIdentifierIfNeeded(new.name));"
                }
            } else {
                sql = "ALTER TABLE \(old.sql) RENAME TO \(quoteIdentifierIfNeeded(new.name));"
            }
            renameSteps.append(Self.step(sql, ["takes ACCESS EXCLUSIVE on \(old) briefly; clients that still use the old name fail: deploy code that uses the new one with it"]))
            replay(sql)
        }
        for (tableName, renames) in options.renames.columns.sortedByKey() {
            guard let table = source.tables[tableName], let wanted = target.tables[tableName] else { continue }
            for (new, old) in renames.sortedByKey()
            where table.column(named: old) != nil && table.column(named: new) == nil && wanted.column(named: new) != nil {
                let sql = "ALTER TABLE \(tableName.sql) RENAME COLUMN \(quoteIdentifierIfNeeded(old)) TO \(quoteIdentifierIfNeeded(new));"
                renameSteps.append(Self.step(sql, ["takes ACCESS EXCLUSIVE on \(tableName) briefly; clients that still use \(old) fail: deploy code that uses \(new) with it"]))
                replay(sql)
            }
        }
        renameMatchingObjects()
    }

    mutating func renameMatchingObjects() {
        for (name, wanted) in target.tables.sortedByKey() {
            guard let current = source.tables[name], current != wanted else { continue }
            func rename(_ from: String, _ to: String) {
                let sql = "ALTER TABLE \(name.sql) RENAME CONSTRAINT \(quoteIdentifierIfNeeded(from)) TO \(quoteIdentifierIfNeeded(to));"
                renameSteps.append(Self.step(sql))
                replay(sql)
            }
            if let have = current.primaryKey, let want = wanted.primaryKey, have.name != want.name,
               have.columns == want.columns, have.include == want.include, !current.constraintNames.contains(want.name) {
                rename(have.name, want.name)
            }
            let taken = Set(current.constraintNames)
            for want in wanted.uniqueConstraints where !taken.contains(want.name) {
                if let have = current.uniqueConstraints.first(where: { have in Self.same(have, want) && wanted.uniqueConstraints.allSatisfy { $0.name != have.name } }) {
                    rename(have.name, want.name)
                }
            }
            for want in wanted.foreignKeys where !taken.contains(want.name) {
                if let have = current.foreignKeys.first(where: { have in Self.same(have, want) && wanted.foreignKeys.allSatisfy { $0.name != have.name } }) {
                    rename(have.name, want.name)
                }
            }
            for want in wanted.checkConstraints where !taken.contains(want.name) {
                if let have = current.checkConstraints.first(where: { have in have.expression == want.expression && wanted.checkConstraints.allSatisfy { $0.name != have.name } }) {
                    rename(have.name, want.name)
                }
            }
        }
        // Only indexes that exist on one side can be a rename of each other.
        let unmatched = source.indexes.values.filter { target.indexes[$0.name] == nil }.sorted { $0.name < $1.name }
        for (name, want) in target.indexes.filter({ source.indexes[$0.key] == nil }).sortedByKey() {
            if let have = unmatched.first(where: { Self.same($0, want) && source.indexes[$0.name] != nil }) {
                let sql = "ALTER INDEX \(have.name.sql) RENAME TO \(quoteIdentifierIfNeeded(name.name));"
                renameSteps.append(Self.step(sql))
                replay(sql)
            }
        }
        // A sequence follows its owner: a renamed table keeps users_id_seq, the target says accounts_id_seq.
        for (name, want) in target.sequences.sortedByKey() where source.sequences[name] == nil {
            guard let owner = want.ownedByTable, let column = want.ownedByColumn,
                  let have = source.sequences.values.first(where: { $0.ownedByTable == owner && $0.ownedByColumn == column && target.sequences[$0.name] == nil }),
                  have.name.schema == name.schema else { continue }
            let sql = "ALTER SEQUENCE \(have.name.sql) RENAME TO \(quoteIdentifierIfNeeded(name.name));"
            renameSteps.append(Self.step(sql))
            replay(sql)
            // Defaults name the sequence by OID: after the rename they print the new name.
            if var table = source.tables[owner], let position = table.columnIndex(named: column), let expression = table.columns[position].defaultExpression {
                var renamed = expression
                renamed.text = expression.text.replacingOccurrences(of: quoteLiteral(have.name.name), with: quoteLiteral(name.name))
                    .replacingOccurrences(of: quoteLiteral(have.name.description), with: quoteLiteral(name.description))
                table.columns[position].defaultExpression = renamed
                source.tables[owner] = table
            }
        }
    }

    static func same(_ a: UniqueConstraint, _ b: UniqueConstraint) -> Bool {
        var a = a, b = b
        a.name = ""; b.name = ""
        return a == b
    }

    static func same(_ a: ForeignKey, _ b: ForeignKey) -> Bool {
        var a = a, b = b
        a.name = ""; b.name = ""
        return a == b
    }

    /// An identity's sequence options (`INCREMENT BY`, `CACHE`, bounds, `START`, `CYCLE`), set on the
    /// column after it exists: on a new identity every option that is not the default, on an
    /// existing one what changes. The sequence's position is never moved.
    mutating func planIdentityOptions() {
        func identities(_ schema: DatabaseSchema) -> [String: SequenceInfo] {
            var result: [String: SequenceInfo] = [:]
            for sequence in schema.sequences.values where renderer.isIdentitySequence(sequence, in: schema) {
                if let table = sequence.ownedByTable, let column = sequence.ownedByColumn { result["\(table.description).\(column)"] = sequence }
            }
            return result
        }
        let before = identities(source)
        for (key, wanted) in identities(target).sortedByKey() {
            guard let table = wanted.ownedByTable, let column = wanted.ownedByColumn else { continue }
            let current = before[key]
            // Only a table this plan creates has an unused sequence to move to its start.
            let options = wanted.identityOptionsSQL(from: current, restart: source.tables[table] == nil)
            guard !options.isEmpty else { continue }
            tableSteps.append(Self.step("ALTER TABLE \(table.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(column))\(options);",
                                        current == nil ? [] : ["the identity's sequence options: a catalog change"]))
        }
    }

    /// `SET (fillfactor = '70'), RESET (autovacuum_enabled)`: what turns one set of storage
    /// parameters into another, or nil when they are the same.
    func storageChange(from current: [String], to wanted: [String]) -> String? {
        guard current != wanted else { return nil }
        let kept = Set(wanted.map(storageParameterName))
        let set = wanted.filter { !current.contains($0) }
        let reset = current.map(storageParameterName).filter { !kept.contains($0) }
        var clauses: [String] = []
        if !set.isEmpty { clauses.append("SET (" + set.map(renderer.storageAssignment).joined(separator: ", ") + ")") }
        if !reset.isEmpty { clauses.append("RESET (" + reset.map(renderer.storageName).joined(separator: ", ") + ")") }
        return clauses.joined(separator: ", ")
    }

    static func same(_ a: IndexInfo, _ b: IndexInfo) -> Bool {
        var a = a, b = b
        a.name = b.name; a.comment = nil; b.comment = nil
        return a == b
    }
}
