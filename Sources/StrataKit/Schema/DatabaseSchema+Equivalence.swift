extension DatabaseSchema {
    /// Whether the two models describe the same database, wherever their objects were declared:
    /// equality without source locations.
    ///
    /// ```swift
    /// let fromFiles = try SchemaDocument.load(paths: ["db/schema.sql"]).schema
    /// let fromCatalog = try await CatalogReader.read(session)
    /// fromFiles.isEquivalent(to: fromCatalog)   // true when the database matches the files
    /// ```
    public func isEquivalent(to other: DatabaseSchema) -> Bool {
        withoutSourceLocations == other.withoutSourceLocations
    }

    /// The same model with every source location removed (and the unordered lists of a table in
    /// name order).
    public var withoutSourceLocations: DatabaseSchema {
        var schema = mappingSourceLocations { _ in nil }
        for key in schema.tables.keys { schema.tables[key]?.sortUnorderedLists() }
        return schema
    }

    /// The same model with every source location passed through `transform`: a schema read from
    /// generated SQL (Prisma's DDL) points back at the lines that declared it.
    package func mappingSourceLocations(_ transform: (SourceLocation) -> SourceLocation?) -> DatabaseSchema {
        var schema = self
        func map(_ location: inout SourceLocation?) { location = location.flatMap(transform) }
        for key in schema.extensions.keys { map(&schema.extensions[key]!.location) }
        for key in schema.enums.keys { map(&schema.enums[key]!.location) }
        for key in schema.domains.keys {
            map(&schema.domains[key]!.location)
            schema.domains[key]!.checks.mapLocations(transform)
        }
        for key in schema.sequences.keys { map(&schema.sequences[key]!.location) }
        for key in schema.indexes.keys { map(&schema.indexes[key]!.location) }
        for key in schema.views.keys { map(&schema.views[key]!.location) }
        for key in schema.functions.keys { map(&schema.functions[key]!.location) }
        for key in schema.tables.keys { schema.tables[key]!.mapLocations(transform) }
        return schema
    }
}

extension TableInfo {
    fileprivate mutating func mapLocations(_ transform: (SourceLocation) -> SourceLocation?) {
        location = location.flatMap(transform)
        if let key = primaryKey { primaryKey?.location = key.location.flatMap(transform) }
        columns.mapLocations(transform)
        foreignKeys.mapLocations(transform)
        uniqueConstraints.mapLocations(transform)
        checkConstraints.mapLocations(transform)
        exclusionConstraints.mapLocations(transform)
        triggers.mapLocations(transform)
        policies.mapLocations(transform)
    }

    fileprivate mutating func sortUnorderedLists() {
        // Constraints, triggers and policies have no order in the catalog (a constraint dropped and
        // added back is the same table): compared by name.
        foreignKeys.sort { $0.name < $1.name }
        uniqueConstraints.sort { $0.name < $1.name }
        checkConstraints.sort { $0.name < $1.name }
        exclusionConstraints.sort { $0.name < $1.name }
        triggers.sort { $0.name < $1.name }
        policies.sort { $0.name < $1.name }
    }
}

/// A model object declared somewhere in a file.
protocol Located {
    var location: SourceLocation? { get set }
}

extension ColumnInfo: Located {}
extension ForeignKey: Located {}
extension UniqueConstraint: Located {}
extension CheckConstraint: Located {}
extension ExclusionConstraint: Located {}
extension Trigger: Located {}
extension Policy: Located {}

extension Array where Element: Located {
    fileprivate mutating func mapLocations(_ transform: (SourceLocation) -> SourceLocation?) {
        for index in indices { self[index].location = self[index].location.flatMap(transform) }
    }
}
