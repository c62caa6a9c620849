extension DatabaseSchema {
    /// Whether the two models describe the same database, wherever their objects were declared:
    /// equality without source locations.
    ///
    /// ```swift
    /// let fromFiles = try SchemaDocument.load(paths: ["db/schema.sql"]).schema
    /// let fromCatalog = try await CatalogReader.read(session)
    /// fromFiles.isEquivalent(to: fromCatalog)   // true when the database matches the files
    /// ```
    package func isEquivalent(to other: DatabaseSchema) -> Bool {
        withoutSourceLocations == other.withoutSourceLocations
    }

    /// The same model with every source location removed (and the unordered lists of a table in
    /// name order).
    package var withoutSourceLocations: DatabaseSchema {
        // A catalog's model has no locations and its lists come sorted: written to, its tables'
        // arrays would each be copied for nothing (shared with `self`), so only what differs is.
        var schema = hasSourceLocations ? mappingSourceLocations { _ in nil } : self
        for key in schema.tables.keys where !schema.tables[key]!.hasSortedUnorderedLists {
            schema.tables[key]!.sortUnorderedLists()
        }
        return schema
    }

    /// Whether any object of the model knows where it was declared.
    var hasSourceLocations: Bool {
        func any<T>(_ objects: some Collection<T>, _ location: (T) -> SourceLocation?) -> Bool { objects.contains { location($0) != nil } }
        return any(extensions.values, \.location) || any(enums.values, \.location) || any(sequences.values, \.location)
            || any(indexes.values, \.location) || any(views.values, \.location) || any(functions.values, \.location)
            || domains.values.contains { $0.location != nil || any($0.checks, \.location) }
            || tables.values.contains(where: \.hasSourceLocations)
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

    var hasSourceLocations: Bool {
        func any(_ objects: [some Located]) -> Bool { objects.contains { $0.location != nil } }
        return location != nil || primaryKey?.location != nil || any(columns) || any(foreignKeys) || any(uniqueConstraints)
            || any(checkConstraints) || any(exclusionConstraints) || any(triggers) || any(policies)
    }

    fileprivate var hasSortedUnorderedLists: Bool {
        func sorted(_ names: [String]) -> Bool { zip(names, names.dropFirst()).allSatisfy { $0 <= $1 } }
        return sorted(foreignKeys.map(\.name)) && sorted(uniqueConstraints.map(\.name)) && sorted(checkConstraints.map(\.name))
            && sorted(exclusionConstraints.map(\.name)) && sorted(triggers.map(\.name)) && sorted(policies.map(\.name))
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
