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
        var schema = self
        for key in schema.extensions.keys { schema.extensions[key]?.location = nil }
        for key in schema.enums.keys { schema.enums[key]?.location = nil }
        for key in schema.domains.keys {
            schema.domains[key]?.location = nil
            schema.domains[key]?.checks.stripLocations()
        }
        for key in schema.sequences.keys { schema.sequences[key]?.location = nil }
        for key in schema.indexes.keys { schema.indexes[key]?.location = nil }
        for key in schema.views.keys { schema.views[key]?.location = nil }
        for key in schema.functions.keys { schema.functions[key]?.location = nil }
        for key in schema.tables.keys { schema.tables[key]?.stripLocations() }
        return schema
    }
}

extension TableInfo {
    fileprivate mutating func stripLocations() {
        location = nil
        primaryKey?.location = nil
        columns.stripLocations()
        foreignKeys.stripLocations()
        uniqueConstraints.stripLocations()
        checkConstraints.stripLocations()
        exclusionConstraints.stripLocations()
        triggers.stripLocations()
        policies.stripLocations()
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
    fileprivate mutating func stripLocations() {
        for index in indices { self[index].location = nil }
    }
}
