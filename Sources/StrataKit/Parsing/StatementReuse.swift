/// Statements already decoded, by their exact text, for reading files that share most of them:
/// the two sides of a diff are usually two versions of one schema. A statement found here is not
/// parsed again; its locations are moved to where it stands in the file being read.
package struct StatementReuse: Sendable {
    private var statements: [[UInt8]: ParsedStatement] = [:]

    /// The statements of `files`, each under the bytes PostgreSQL's parser saw for it.
    package init(_ files: [ParsedFile]) {
        for file in files where !file.serverBytes.isEmpty {
            for statement in file.statements where statement.range.upperBound <= file.serverBytes.count {
                let text = Array(file.serverBytes[statement.range])
                if statements[text] == nil { statements[text] = statement }
            }
        }
    }

    /// The statement whose text is `bytes`, placed at `range` of `source`; nil when not known.
    func statement(_ bytes: [UInt8], at range: Range<Int>, in source: SourceText) -> ParsedStatement? {
        guard let known = statements[bytes] else { return nil }
        let start = source.location(at: range.lowerBound)
        let old = known.location
        // Lines move by the statement's shift; columns only on its first line.
        let move = { (location: SourceLocation) in
            SourceLocation(file: start.file, line: location.line - old.line + start.line,
                           column: location.line == old.line ? location.column - old.column + start.column : location.column)
        }
        return ParsedStatement(kind: known.kind.relocated(move), range: range, location: start,
                               endLine: source.line(at: max(range.lowerBound, range.upperBound - 1)))
    }
}

extension Statement {
    /// The statement with every source location inside it passed through `move`. Columns and
    /// constraints are the only parts of a statement that carry a location of their own.
    func relocated(_ move: (SourceLocation) -> SourceLocation) -> Statement {
        switch self {
        case .createTable(var table):
            table.columns = table.columns.map { $0.relocated(move) }
            table.constraints = table.constraints.map { $0.relocated(move) }
            return .createTable(table)
        case .alterTable(var alter):
            alter.commands = alter.commands.map { command in
                switch command {
                case .addColumn(let column, let ifNotExists): .addColumn(column.relocated(move), ifNotExists: ifNotExists)
                case .addConstraint(let constraint): .addConstraint(constraint.relocated(move))
                default: command
                }
            }
            return .alterTable(alter)
        case .alterDomain(var alter):
            if case .addConstraint(let constraint) = alter.action { alter.action = .addConstraint(constraint.relocated(move)) }
            return .alterDomain(alter)
        case .createSchema(let name, let ifNotExists, let elements):
            return .createSchema(name: name, ifNotExists: ifNotExists, elements: elements.map { $0.relocated(move) })
        case .createIndex, .drop, .rename, .setSchema, .createEnum, .alterEnum, .createDomain, .dropDatabase, .createSequence,
             .alterSequence, .createView, .createFunction, .createTrigger, .createExtension, .comment, .setSearchPath, .setting,
             .createPolicy, .transaction, .dataChange, .maintenance, .truncate, .select, .other:
            return self
        }
    }
}

extension ColumnDefinition {
    func relocated(_ move: (SourceLocation) -> SourceLocation) -> ColumnDefinition {
        var column = self
        column.location = move(location)
        column.constraints = constraints.map { $0.relocated(move) }
        return column
    }
}

extension ConstraintDefinition {
    func relocated(_ move: (SourceLocation) -> SourceLocation) -> ConstraintDefinition {
        var constraint = self
        constraint.location = move(location)
        return constraint
    }
}
