// Initializers for the model's values, for the other targets of the package that build models
// (the catalog reader). Inside StrataKit the memberwise initializers serve.

extension ColumnInfo {
    package init(name: String, type: String, arrayDimensions: Int = 0, isNotNull: Bool = false, defaultExpression: SQLExpression? = nil,
                 identity: Identity? = nil, generated: SQLExpression? = nil, collation: String? = nil, comment: String? = nil) {
        self.name = name
        self.type = type
        self.arrayDimensions = arrayDimensions
        self.isNotNull = isNotNull
        self.defaultExpression = defaultExpression
        self.identity = identity
        self.generated = generated
        self.collation = collation
        self.comment = comment
    }
}

extension PrimaryKey {
    package init(name: String, columns: [String], include: [String]) {
        self.name = name
        self.columns = columns
        self.include = include
    }
}

extension ForeignKey {
    package init(name: String, columns: [String], referencedTable: QualifiedName, referencedColumns: [String], onDelete: ForeignKeyAction,
                 onUpdate: ForeignKeyAction, matchFull: Bool, deferrable: Bool, initiallyDeferred: Bool, isValid: Bool) {
        self.name = name
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.onDelete = onDelete
        self.onUpdate = onUpdate
        self.matchFull = matchFull
        self.deferrable = deferrable
        self.initiallyDeferred = initiallyDeferred
        self.isValid = isValid
    }
}

extension UniqueConstraint {
    package init(name: String, columns: [String], include: [String], nullsNotDistinct: Bool, deferrable: Bool, initiallyDeferred: Bool) {
        self.name = name
        self.columns = columns
        self.include = include
        self.nullsNotDistinct = nullsNotDistinct
        self.deferrable = deferrable
        self.initiallyDeferred = initiallyDeferred
    }
}

extension CheckConstraint {
    package init(name: String, expression: SQLExpression, isValid: Bool) {
        self.name = name
        self.expression = expression
        self.isValid = isValid
    }
}

extension Trigger {
    package init(name: String, function: QualifiedName, timing: TriggerTiming, events: [TriggerEvent], updateColumns: [String], forEachRow: Bool) {
        self.name = name
        self.function = function
        self.timing = timing
        self.events = events
        self.updateColumns = updateColumns
        self.forEachRow = forEachRow
    }
}

extension Policy {
    package init(name: String, command: PolicyCommand, permissive: Bool, roles: [String], using: SQLExpression?, withCheck: SQLExpression?) {
        self.name = name
        self.command = command
        self.permissive = permissive
        self.roles = roles
        self.using = using
        self.withCheck = withCheck
    }
}

extension IndexInfo {
    package init(name: QualifiedName, table: QualifiedName, method: IndexMethod, isUnique: Bool, keys: [IndexKey], include: [String],
                 predicate: SQLExpression?, nullsNotDistinct: Bool, isValid: Bool, comment: String?) {
        self.name = name
        self.table = table
        self.method = method
        self.isUnique = isUnique
        self.keys = keys
        self.include = include
        self.predicate = predicate
        self.nullsNotDistinct = nullsNotDistinct
        self.isValid = isValid
        self.comment = comment
    }
}

extension EnumType {
    package init(name: QualifiedName, values: [String], comment: String?) {
        self.name = name
        self.values = values
        self.comment = comment
    }
}

extension Domain {
    package init(name: QualifiedName, baseType: String, isNotNull: Bool, defaultExpression: SQLExpression?, checks: [CheckConstraint]) {
        self.name = name
        self.baseType = baseType
        self.isNotNull = isNotNull
        self.defaultExpression = defaultExpression
        self.checks = checks
    }
}

extension SequenceInfo {
    package init(name: QualifiedName, dataType: String) {
        self.name = name
        self.dataType = dataType
    }
}

extension ViewInfo {
    package init(name: QualifiedName, definition: String, isMaterialized: Bool, comment: String?) {
        self.name = name
        self.definition = definition
        self.isMaterialized = isMaterialized
        self.comment = comment
    }
}

extension FunctionInfo {
    package init(name: QualifiedName, argumentTypes: [String], returnType: String, language: String, volatility: Volatility, body: String?,
                 isProcedure: Bool) {
        self.name = name
        self.argumentTypes = argumentTypes
        self.returnType = returnType
        self.language = language
        self.volatility = volatility
        self.body = body
        self.isProcedure = isProcedure
    }
}

extension Extension {
    package init(name: String, schema: String) {
        self.name = name
        self.schema = schema
    }
}
