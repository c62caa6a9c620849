/// The whole model of a database: every object Strata knows, keyed by qualified name.
///
/// A value type: copy it, apply more statements, and compare the two (`==` ignores source
/// positions). Encodes to canonical JSON: objects sorted by name, no source positions.
public struct DatabaseSchema: Sendable, Hashable {
    public var schemas: Set<String> = ["public"]
    public var extensions: [String: Extension] = [:]
    public var enums: [QualifiedName: EnumType] = [:]
    public var domains: [QualifiedName: Domain] = [:]
    public var sequences: [QualifiedName: SequenceInfo] = [:]
    public var tables: [QualifiedName: TableInfo] = [:]
    /// Standalone indexes; those backing a primary key, unique or exclusion constraint live on the table.
    public var indexes: [QualifiedName: IndexInfo] = [:]
    public var views: [QualifiedName: ViewInfo] = [:]
    /// Keyed by `Function.signature`.
    public var functions: [String: FunctionInfo] = [:]
    public var schemaComments: [String: String] = [:]

    public init() {}

    public var sortedTables: [TableInfo] { tables.values.sorted { $0.name < $1.name } }

    /// Standalone indexes on `table`, plus one synthesized for each constraint-backed index.
    /// Looping over tables? Compute `indexesByTable` once and pass its entry as `standalone`.
    public func allIndexes(on table: TableInfo, standalone: [IndexInfo]? = nil) -> [IndexInfo] {
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
    public func allIndexesByTable(for tables: [TableInfo]? = nil) -> [QualifiedName: [IndexInfo]] {
        let standalone = indexesByTable
        var result: [QualifiedName: [IndexInfo]] = [:]
        for table in tables ?? Array(self.tables.values) {
            result[table.name] = allIndexes(on: table, standalone: standalone[table.name] ?? [])
        }
        return result
    }

    /// Standalone indexes grouped by table (one pass over all indexes: compute it once, not per table).
    public var indexesByTable: [QualifiedName: [IndexInfo]] {
        Dictionary(grouping: indexes.values, by: \.table).mapValues { $0.sorted { $0.name < $1.name } }
    }

    /// Foreign keys of other tables (and self-references) that point at `table`.
    /// In table-name order, so messages listing them read the same on every run.
    public func foreignKeys(referencing table: QualifiedName) -> [(table: TableInfo, foreignKey: ForeignKey)] {
        // Sort only the matches: this runs on every DROP, and most tables reference nothing dropped.
        var matches: [(table: TableInfo, foreignKey: ForeignKey)] = []
        for other in tables.values where !other.foreignKeys.isEmpty {
            for foreignKey in other.foreignKeys where foreignKey.referencedTable == table { matches.append((other, foreignKey)) }
        }
        return matches.sorted { ($0.table.name, $0.foreignKey.name) < ($1.table.name, $1.foreignKey.name) }
    }
}
