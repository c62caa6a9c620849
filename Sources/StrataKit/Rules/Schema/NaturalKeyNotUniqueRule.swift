/// Columns that identify a thing to people must be unique in the database.
struct NaturalKeyNotUniqueRule: SchemaRule {
    static let description = RuleDescription(
        id: "natural-key-not-unique", severity: .warning,
        summary: "email, username, sku, ... of the entity they identify without a unique constraint or index",
        rationale: "Application-level uniqueness checks race: two sign-ups with the same email in the same second both pass the check. Only a unique constraint (or a unique index, partial if rows are soft-deleted) in the database holds.",
        triggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, ↓email text NOT NULL);",
            "CREATE TABLE products (id bigint PRIMARY KEY, ↓sku text NOT NULL); CREATE INDEX ON products (sku);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, deleted_at timestamptz); CREATE UNIQUE INDEX ON users (lower(email)) WHERE deleted_at IS NULL;",
            "CREATE TABLE members (id bigint PRIMARY KEY, org_id bigint, username text, UNIQUE (org_id, username));",
            // Nullable: a contact address some rows lack, not what identifies them.
            "CREATE TABLE authors (id bigint PRIMARY KEY, org_name text NOT NULL, email text);",
            // Owned rows: a user's address book, sessions, device credentials. Their email or login
            // is unique in the owner's scope, if at all: which scope is the designer's decision.
            "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE contacts (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users, email text);",
            "CREATE TABLE devices (id bigint PRIMARY KEY, owner_id bigint, login text, domain text);",
            // Rows about a user, not the user: accounting, sign-in log, per-user attributes.
            "CREATE TABLE radacct (radacctid bigserial PRIMARY KEY, username text, acctstarttime timestamptz);",
            "CREATE TABLE radpostauth (id bigserial PRIMARY KEY, username text NOT NULL, reply text);",
        ])

    /// Each natural key and the entities it identifies. `email` identifies a user, not a
    /// sign-in attempt or an accounting row that records one: only the entity's own table is judged.
    static let entitiesByKey: [String: Set<String>] = {
        let people: Set<String> = ["user", "account", "member", "customer", "person", "people", "employee", "admin", "administrator",
                                   "subscriber", "author", "client", "contact_person", "login"]
        let products: Set<String> = ["product", "item", "article", "variant", "product_variant"]
        let sites: Set<String> = ["domain", "site", "tenant", "organization", "organisation", "zone"]
        return ["email": people, "email_address": people, "username": people, "user_name": people, "login": people, "handle": people,
                "sku": products, "ean": products, "upc": products, "isbn": ["book", "publication", "edition"],
                "iban": ["account", "bank_account"], "vin": ["vehicle", "car"], "domain": sites, "subdomain": sites]
    }()

    /// Whether the table is the entity `key` identifies: its name, or its name's last word
    /// (`app_users`), singular, is one of the key's entities.
    static func identifies(_ key: String, table: TableInfo) -> Bool {
        guard let entities = entitiesByKey[key] else { return false }
        let name = table.name.name.lowercased()
        let last = name.split(separator: "_").last.map(String.init) ?? name
        return entities.contains(SchemaFacts.singular(name)) || entities.contains(SchemaFacts.singular(last))
    }

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            // A table that belongs to another (a foreign key, or an `*_id` reference) holds keys that
            // are unique in their owner's scope at most; only an entity of its own is judged.
            let isOwned = !table.foreignKeys.isEmpty || table.columns.contains { $0.name.hasSuffix("_id") && $0.name.count > 3 }
            guard !isOwned else { return [] }
            let uniques = context.indexes(on: table).filter(\.isUnique)
            // A nullable column cannot identify rows: some have no value at all (a contact email).
            return table.columns.filter { $0.isNotNull && Self.identifies($0.name.lowercased(), table: table) }.compactMap { column -> Finding? in
                let covered = uniques.contains { index in
                    index.keys.contains { $0.column == column.name || ($0.expression?.referencedColumns.contains(column.name) ?? false) }
                }
                guard !covered else { return nil }
                return Self.description.finding(
                    "\(table.name).\(column.name) identifies rows but nothing makes it unique",
                    at: column.location, object: context.object(table, column.name),
                    fix: SchemaFacts.createIndexSQL(table: table.name, columns: [column.name], unique: true, in: context.schema))
            }
        }
    }
}
