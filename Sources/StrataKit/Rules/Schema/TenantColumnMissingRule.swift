/// Multi-tenant schemas (`[tenancy]` in strata.toml): every tenant table carries the tenant column.
struct TenantColumnMissingRule: SchemaRule {
    static let description = RuleDescription(
        id: "tenant-column-missing", severity: .error,
        activation: .tenancyConfigured,
        summary: "Table in a multi-tenant schema has no tenant column",
        rationale: "Without the tenant column on the table itself, isolation depends on every query joining through a parent correctly; one missed join leaks another tenant's rows. RLS policies and tenant-scoped indexes need the column locally too.",
        triggeringExamples: [RuleExample("CREATE TABLE tenants (id bigint PRIMARY KEY); ↓CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric);", configuration: .tenancy("tenant_id", exclude: ["tenants"]))],
        nonTriggeringExamples: [RuleExample("CREATE TABLE tenants (id bigint PRIMARY KEY); CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id));", configuration: .tenancy("tenant_id", exclude: ["tenants"]))])

    func check(_ context: ReviewContext) -> [Finding] {
        guard let tenant = context.configuration.tenantColumn else { return [] }
        return TenancyScope.tenantTables(context).filter { $0.column(named: tenant) == nil }.map { table in
            Self.description.finding(
                "\(table.name) has no \(tenant) column; every tenant table needs it for isolation: add it with its foreign key to the tenants table and an index leading with it, backfill it, then SET NOT NULL and enable row-level security",
                at: table.location, object: context.object(table))
        }
    }
}
