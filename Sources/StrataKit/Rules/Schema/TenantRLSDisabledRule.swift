/// Tenant tables should enforce isolation with row-level security.
struct TenantRLSDisabledRule: SchemaRule {
    static let description = RuleDescription(
        id: "tenant-rls-disabled", severity: .warning, activation: .tenancyConfigured,
        summary: "Tenant table without row-level security",
        rationale: "Row-level security makes the database refuse cross-tenant reads even when a query forgets its WHERE tenant_id = ...; it is the last line of defence for isolation.",
        triggeringExamples: [RuleExample("↓CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id bigint NOT NULL);", configuration: .tenancy("tenant_id"))],
        nonTriggeringExamples: [RuleExample("""
            CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id bigint NOT NULL);
            ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON invoices USING (tenant_id = current_setting('app.tenant_id')::bigint);
            """, configuration: .tenancy("tenant_id"))])

    func check(_ context: ReviewContext) -> [Finding] {
        guard let tenant = context.configuration.tenantColumn else { return [] }
        return TenancyScope.tenantTables(context).filter { $0.column(named: tenant) != nil && !$0.rowLevelSecurity }.map { table in
            Self.description.finding(
                "\(table.name) has \(tenant) but row-level security is not enabled",
                at: table.location, object: context.object(table),
                fix: """
                ALTER TABLE \(table.name.sql) ENABLE ROW LEVEL SECURITY;
                CREATE POLICY tenant_isolation ON \(table.name.sql) USING (\(quoteIdentifierIfNeeded(tenant)) = current_setting(\(quoteLiteral("app." + tenant)))::bigint);
                """)
        }
    }
}
