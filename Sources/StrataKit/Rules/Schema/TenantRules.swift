/// Multi-tenant schemas (`[tenancy]` in strata.toml): every tenant table carries the tenant column.
struct TenantColumnMissing: SchemaRule {
    static let description = RuleDescription(
        id: "tenant-column-missing", severity: .error,
        summary: "Table in a multi-tenant schema has no tenant column",
        rationale: "Without the tenant column on the table itself, isolation depends on every query joining through a parent correctly; one missed join leaks another tenant's rows. RLS policies and tenant-scoped indexes need the column locally too.",
        triggeringExamples: [RuleExample("CREATE TABLE tenants (id bigint PRIMARY KEY); ↓CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric);", configuration: .tenancy("tenant_id", exclude: ["tenants"]))],
        nonTriggeringExamples: [RuleExample("CREATE TABLE tenants (id bigint PRIMARY KEY); CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id));", configuration: .tenancy("tenant_id", exclude: ["tenants"]))])

    func check(_ context: ReviewContext) -> [Finding] {
        guard let tenant = context.configuration.tenantColumn else { return [] }
        return TenancyScope.tenantTables(context).filter { $0.column(named: tenant) == nil }.map { table in
            Self.description.finding(
                "\(table.name) has no \(tenant) column; every tenant table needs it for isolation",
                at: table.location, object: context.object(table),
                fix: "ALTER TABLE \(table.name.sql) ADD COLUMN \(quoteIdentifierIfNeeded(tenant)) bigint;  -- backfill, then SET NOT NULL and add the foreign key")
        }
    }
}

/// Unique constraints in a multi-tenant table must include the tenant column.
struct TenantUniqueNotScoped: SchemaRule {
    static let description = RuleDescription(
        id: "tenant-unique-not-scoped", severity: .warning,
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
                    fix: SchemaFacts.createIndexSQL(table: table.name, columns: [tenant] + columns, unique: true))
            }
        }
    }
}

/// Tenant tables should enforce isolation with row-level security.
struct TenantRLSDisabled: SchemaRule {
    static let description = RuleDescription(
        id: "tenant-rls-disabled", severity: .warning,
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
                CREATE POLICY tenant_isolation ON \(table.name.sql) USING (\(quoteIdentifierIfNeeded(tenant)) = current_setting('app.\(tenant)')::bigint);
                """)
        }
    }
}

enum TenancyScope {
    /// Tables subject to tenancy: all but excluded ones and partitions (their parent carries the rules).
    static func tenantTables(_ context: ReviewContext) -> [Table] {
        context.tables.filter { table in
            table.partitionOf == nil && table.persistence != .temporary
                && !context.configuration.tenantExcludedTables.contains(table.name.name)
                && !context.configuration.tenantExcludedTables.contains("\(table.name.schema).\(table.name.name)")
        }
    }
}
