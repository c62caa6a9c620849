/// Shared wording for migration findings: the lock facts, stated once.
package enum MigrationWording {
    static func lockSentence(_ lock: LockAnalysis.Lock) -> String {
        lock.fact.describe(on: lock.table.description)
    }

    /// The first lock of the statement with this measured case, if any.
    static func lock(_ context: borrowing MigrationStatement, where predicate: (LockFact) -> Bool) -> LockAnalysis.Lock? {
        context.locks.first { predicate($0.fact) }
    }

    static let noTransactionHint = "put it in its own migration whose first line is `-- strata:no-transaction`"
}

extension MigrationStatement {
    /// Constraints added to an existing table, whether by ADD CONSTRAINT or written inline on
    /// ADD COLUMN (`ADD COLUMN n int CHECK (n > 0)`), with where each one is written.
    var addedConstraints: [(table: TableInfo, constraint: ConstraintDefinition)] {
        guard let (table, commands) = alterCommandsOnExistingTable else { return [] }
        return commands.flatMap { command -> [(TableInfo, ConstraintDefinition)] in
            switch command {
            case .addConstraint(let constraint): return [(table, constraint)]
            case .addColumn(let column, _): return column.constraints.map { (table, $0) }
            default: return []
            }
        }
    }

    /// ALTER TABLE subcommands carry no position of their own: where `keyword` first stands in the
    /// statement's text, else the statement's start.
    func location(ofFirst keyword: StaticString) -> SourceLocation {
        let source = migration.parsed.source
        guard let offset = SQLBytes.firstMatch(keyword, in: source.bytes, range: statement.range) else { return location }
        return source.location(at: offset)
    }

    /// The ALTER TABLE commands of this statement on a table that existed before the migration.
    var alterCommandsOnExistingTable: (table: TableInfo, commands: [AlterTableCommand])? {
        guard case .alterTable(let alter) = statement.kind, !alter.isIndex, let table = existingTable(alter.table) else { return nil }
        return (table, alter.commands)
    }
}
