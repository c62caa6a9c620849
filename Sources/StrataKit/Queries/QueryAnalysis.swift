/// What a query's text says about how it reads and writes: its kind, the tables it touches, whether
/// it selects `*`, whether it can return an unbounded number of rows, and its WHERE conjuncts.
/// The query rules judge these facts; they come from libpg_query's tree of the query.
package struct QueryAnalysis: Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable {
        case select, insert, update, delete, merge
        /// BEGIN / START TRANSACTION.
        case begin
        /// COMMIT, END, ROLLBACK, ABORT (a transaction block ends).
        case end
        /// SAVEPOINT, RELEASE, ROLLBACK TO: inside a transaction block, changing nothing about it.
        case savepoint
        /// SET, SHOW, DDL, COPY, ...: not the application's reads and writes.
        case other
    }

    package var kind: Kind
    /// Statements in the text (a simple-protocol string may carry several; they run in one
    /// implicit transaction).
    package var statementCount: Int
    /// Base tables of the top-level statement: FROM items and joins for a SELECT, the target
    /// first for a write. CTE names are not tables.
    package var tables: [ObjectName]
    /// The alias (or bare name) each table is referred to by.
    package var aliases: [String: ObjectName]
    /// Tables whose columns the top-level select list takes with `*` or `t.*`.
    package var starTables: [ObjectName]
    /// LIMIT or FETCH FIRST, or an aggregate without GROUP BY: a bounded number of rows.
    package var bounded: Bool
    /// The WHERE clause's conjuncts (of a SELECT, UPDATE or DELETE).
    package var predicates: [SQLPredicate]
    /// The columns an INSERT names.
    package var insertColumns: [String]
    /// The columns a SELECT returns when its select list is plain columns (nil otherwise: `*`,
    /// expressions, aggregates).
    package var selectedColumns: [String]?

    package init(kind: Kind, statementCount: Int = 1, tables: [ObjectName] = [], aliases: [String: ObjectName] = [:],
                 starTables: [ObjectName] = [], bounded: Bool = false, predicates: [SQLPredicate] = [], insertColumns: [String] = []) {
        self.kind = kind
        self.statementCount = statementCount
        self.tables = tables
        self.aliases = aliases
        self.starTables = starTables
        self.bounded = bounded
        self.predicates = predicates
        self.insertColumns = insertColumns
    }

    package var isWrite: Bool { kind == .insert || kind == .update || kind == .delete || kind == .merge }
    package var isTransactionControl: Bool { kind == .begin || kind == .end || kind == .savepoint }

    /// The table a predicate's column belongs to: its qualifier's table, else the only table.
    package func table(of predicate: SQLPredicate) -> ObjectName? {
        if let qualifier = predicate.qualifier { return aliases[qualifier] }
        return tables.count == 1 ? tables[0] : nil
    }

    /// Columns compared for equality with a value (not with another column), per table.
    package func equalityColumns(of table: ObjectName) -> Set<String> {
        Set(predicates.filter { $0.kind == .equality && self.table(of: $0) == table }.compactMap(\.column))
    }

    /// libpg_query's reading of `sql`; nil when it does not parse.
    package static func of(_ sql: String) -> QueryAnalysis? { PostgresParser.analyzeQuery(sql) }
}
