/// Unique constraints in a multi-tenant table must include the tenant column.
struct TenantUniqueNotScopedRule: SchemaRule {
    static let description = RuleDescription(
        id: "tenant-unique-not-scoped", severity: .warning, activation: .tenancyConfigured,
        summary: "Unique constraint or index does not include the tenant column",
        rationale: "UNIQUE (email) across tenants means one customer's user blocks another customer from using the same email, and the error message reveals that the email exists elsewhere. Scope uniqueness: UNIQUE (tenant_id, email).",
        triggeringExamples: [RuleExample("CREATE TABLE users (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, email text NOT NULL ↓UNIQUE);", configuration: .tenancy("tenant_id"))],
        nonTriggeringExamples: [RuleExample("CREATE TABLE users (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, email text NOT NULL, UNIQUE (tenant_id, email));", configuration: .tenancy("tenant_id"))])

    func check(_ context: ReviewContext) -> [Finding] {
        guard let tenant = context.configuration.tenantColumn else { return [] }
        return TenancyScope.tenantTables(context).flatMap { table -> [Finding] in
            guard table.column(named: tenant) != nil else { return [] }
            return context.indexes(on: table).filter { index in
                index.isUnique && index.name.name != table.primaryKey?.name && !index.keyColumns.contains(tenant)
            }.map { index in
                let columns = index.keyColumns.compactMap { $0 }
                return Self.description.finding(
                    "unique \(index.name.name) on \(table.name) (\(columns.joined(separator: ", "))) is not scoped by \(tenant)",
                    at: index.location, object: context.object(table, index.name.name),
                    fix: SchemaFacts.createIndexSQL(table: table.name, columns: [tenant] + columns, unique: true, in: context.schema)
                        + "\n" + SchemaFacts.dropUniqueSQL(index, on: table))
            }
        }
    }
}
