/// The whole model of a database: every object Strata knows, keyed by qualified name.
///
/// A value type: copy it, apply more statements, and compare the two (`==` ignores source
/// positions). Encodes to canonical JSON: objects sorted by name, no source positions.
///
/// A Swift server builds one from SQL and hands two to ``SchemaDiffer``:
/// ```swift
/// let current = try DatabaseSchema(contentsOf: ["db/schema.sql"])
/// let desired = DatabaseSchema(sql: "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);")
/// let plan = try SchemaDiffer(from: current, to: desired).plan()
/// ```
public struct DatabaseSchema: Sendable, Hashable {
    package var schemas: Set<String> = ["public"]
    package var extensions: [String: Extension] = [:]
    package var enums: [QualifiedName: EnumType] = [:]
    package var domains: [QualifiedName: Domain] = [:]
    package var sequences: [QualifiedName: SequenceInfo] = [:]
    package var tables: [QualifiedName: TableInfo] = [:]
    /// Standalone indexes; those backing a primary key, unique or exclusion constraint live on the table.
    package var indexes: [QualifiedName: IndexInfo] = [:]
    package var views: [QualifiedName: ViewInfo] = [:]
    /// Keyed by `Function.signature`.
    package var functions: [String: FunctionInfo] = [:]
    package var schemaComments: [String: String] = [:]

    package init() {}

    /// The schema SQL files (or a migrations folder's up files, in version order) leave behind,
    /// statements replayed as PostgreSQL would run them.
    ///
    /// - Throws: ``InputError`` when a file cannot be read.
    public init(contentsOf paths: [String]) throws(InputError) {
        self = try SchemaLoader.load(paths: paths).schema
    }

    /// The schema `sql` leaves behind; `path` names it in positions.
    public init(sql: String, path: String = "schema.sql") {
        self = SchemaLoader.load(sources: [(path, sql)]).schema
    }

    package var sortedTables: [TableInfo] { tables.values.sorted { $0.name < $1.name } }

    /// Standalone indexes on `table`, plus one synthesized for each constraint-backed index.
    /// Looping over tables? Compute `indexesByTable` once and pass its entry as `standalone`.
    package func allIndexes(on table: TableInfo, standalone: [IndexInfo]? = nil) -> [IndexInfo] {
        var result = standalone ?? indexes.values.filter { $0.table == table.name }.sorted { $0.name < $1.name }
        if let pk = table.primaryKey {
            result.append(IndexInfo(name: QualifiedName(schema: table.name.schema, name: pk.name), table: table.name,
                                isUnique: true, keys: pk.columns.map { IndexKey(column: $0) }, include: pk.include, location: pk.location))
        }
        for unique in table.uniqueConstraints {
            result.append(IndexInfo(name: QualifiedName(schema: table.name.schema, name: unique.name), table: table.name,
                                isUnique: true, keys: unique.columns.map { IndexKey(column: $0) }, include: unique.include,
                                nullsNotDistinct: unique.nullsNotDistinct, location: unique.location))
        }
        return result
    }

    /// Standalone and constraint-backed indexes of each of `tables` (default: all), in one pass.
    package func allIndexesByTable(for tables: [TableInfo]? = nil) -> [QualifiedName: [IndexInfo]] {
        let standalone = indexesByTable
        var result: [QualifiedName: [IndexInfo]] = [:]
        for table in tables ?? Array(self.tables.values) {
            result[table.name] = allIndexes(on: table, standalone: standalone[table.name] ?? [])
        }
        return result
    }

    /// Standalone indexes grouped by table (one pass over all indexes: compute it once, not per table).
    package var indexesByTable: [QualifiedName: [IndexInfo]] {
        Dictionary(grouping: indexes.values, by: \.table).mapValues { $0.sorted { $0.name < $1.name } }
    }

    /// Foreign keys of other tables (and self-references) that point at `table`.
    /// In table-name order, so messages listing them read the same on every run.
    package func foreignKeys(referencing table: QualifiedName) -> [(table: TableInfo, foreignKey: ForeignKey)] {
        // Sort only the matches: this runs on every DROP, and most tables reference nothing dropped.
        var matches: [(table: TableInfo, foreignKey: ForeignKey)] = []
        for other in tables.values where !other.foreignKeys.isEmpty {
            for foreignKey in other.foreignKeys where foreignKey.referencedTable == table { matches.append((other, foreignKey)) }
        }
        return matches.sorted { ($0.table.name, $0.foreignKey.name) < ($1.table.name, $1.foreignKey.name) }
    }
}
