/// `orders.account_email` copies `accounts.email` although orders already references accounts.
struct DenormalizedCopyRule: SchemaRule {
    static let description = RuleDescription(
        id: "denormalized-copy", severity: .info,
        summary: "Column copies a column of a table it already references",
        rationale: "Third normal form: a fact lives in one place. A copy goes stale the moment the original changes (the account's email is updated, the order still shows the old one). Join instead; denormalize only with measured evidence and a way to keep the copy in sync.",
        triggeringExamples: ["CREATE TABLE accounts (id bigint PRIMARY KEY, email text); CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id), ↓account_email text);"],
        nonTriggeringExamples: [
            "CREATE TABLE dashboard (dashboardid bigint PRIMARY KEY, userid bigint); CREATE TABLE dashboard_user (dashboard_userid bigint PRIMARY KEY, dashboardid bigint NOT NULL REFERENCES dashboard);",
            "CREATE TABLE accounts (id bigint PRIMARY KEY, email text); CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id), shipping_email text);",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            table.foreignKeys.flatMap { foreignKey -> [Finding] in
                guard let target = context.schema.tables[foreignKey.referencedTable], target.name != table.name else { return [] }
                // The prefix the copy would carry: the FK column stem (account_id -> account) or the table name.
                var prefixes = Set([target.name.name, SchemaFacts.singular(target.name.name)])
                if foreignKey.columns.count == 1, foreignKey.columns[0].hasSuffix("_id") { prefixes.insert(String(foreignKey.columns[0].dropLast(3))) }
                return table.columns.compactMap { column -> Finding? in
                    // A key of the table itself (dashboard_user.dashboard_userid) identifies this row, it copies nothing.
                    guard !foreignKey.columns.contains(column.name), !(table.primaryKey?.columns.contains(column.name) ?? false),
                          !table.uniqueConstraints.contains(where: { $0.columns.contains(column.name) }) else { return nil }
                    for prefix in prefixes where column.name.hasPrefix(prefix + "_") {
                        let field = String(column.name.dropFirst(prefix.count + 1))
                        guard field != "id", !foreignKey.referencedColumns.contains(field), target.column(named: field) != nil else { continue }
                        return Self.description.finding(
                            "\(table.name).\(column.name) copies \(target.name).\(field), reachable through \(foreignKey.name); join instead of copying",
                            at: column.location, object: context.object(table, column.name))
                    }
                    return nil
                }
            }
        }
    }
}
