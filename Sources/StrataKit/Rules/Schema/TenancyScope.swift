enum TenancyScope {
    /// Tables subject to tenancy: all but excluded ones and partitions (their parent carries the rules).
    static func tenantTables(_ context: ReviewContext) -> [TableInfo] {
        context.tables.filter { table in
            table.partitionOf == nil && table.persistence != .temporary
                && !context.configuration.tenantExcludedTables.contains(table.name.name)
                && !context.configuration.tenantExcludedTables.contains("\(table.name.schema).\(table.name.name)")
        }
    }
}
