import Foundation

/// A designed database: the DDL, and for every table and index why it is there.
package struct DatabaseDesign: Sendable {
    /// `schema.sql`: extensions, functions, tables, indexes, triggers, policies.
    package var sql: String
    package var tables: [DesignedTable]
    package var indexes: [DesignedIndex]
    /// Each access pattern: the SQL it runs and what serves it.
    package var patterns: [PatternPlan]
    /// Decisions a reader must know (partitioning, tenancy, compliance), one sentence each.
    package var decisions: [String]
    /// Columns holding personal data, as `table.column`.
    package var personalData: [String]
    package var spec: DesignSpec
}

/// A table of the design, the entity it stores and why it exists.
package struct DesignedTable: Sendable {
    package var name: String
    package var entity: String
    package var purpose: String
    package var partitioned: Bool
}

/// An index of the design with the access patterns and foreign keys it serves.
package struct DesignedIndex: Sendable {
    package var name: String
    package var table: String
    package var definition: String
    /// Why each key column sits where it does.
    package var reasons: [String]
    /// The access patterns it serves (by name); foreign keys it covers.
    package var serves: [String]
}

/// How one access pattern runs on the design: its query and the index meant to serve it.
package struct PatternPlan: Sendable {
    package var pattern: DesignSpec.AccessPattern
    /// A query with `$n` parameters, as the application would send it.
    package var sql: String?
    /// The index meant to serve it (`orders_customer_id_created_at_idx`, `customers_pkey`), nil for writes.
    package var index: String?
    package var table: String?
    /// Example parameter values for `--prove` (text, as SQL literals would be cast).
    package var parameters: [String]
    /// A query that picks realistic values of the parameters from filled tables (one row, the
    /// values as text joined by U+001F), for `--prove`: the busiest parent, an existing key.
    package var parameterQuery: String?
}

/// Turns a spec into a schema by the architect's rules: 3NF tables named in plural snake_case,
/// identity (or UUID v7) keys, NOT NULL by default, business keys UNIQUE, CHECKs for fixed sets
/// and ranges, foreign keys with deliberate ON DELETE, `created_at`/`updated_at` everywhere,
/// soft deletes with partial indexes, tenant isolation in keys and policies, and one index per
/// access pattern, foreign keys covered.
package struct SchemaDesigner: Sendable {
    let spec: DesignSpec

    package init(spec: DesignSpec) { self.spec = spec }

    struct Column {
        var name: String
        var definition: String
        var isPersonal = false
    }

    struct Table {
        var entity: String
        var name: String
        var columns: [Column] = []
        var constraints: [String] = []
        var softDelete = false
        var uuidKeys = false
        var tenant = false
        var partitioned = false
        var purpose = ""
        var uniqueAttributes: [String] = []
        /// Columns of the primary key and unique constraints, and of the foreign keys, as added:
        /// what the index pass reads instead of the SQL text.
        var keyColumns: [[String]] = []
        var foreignKeyColumns: [[String]] = []

        /// `CONSTRAINT name PRIMARY KEY (...)` or `UNIQUE (...)`, recorded with its columns.
        mutating func addKey(_ name: String, _ kind: String, _ columns: [String], at position: Int? = nil) {
            let sql = "CONSTRAINT \(name) \(kind) (\(columns.joined(separator: ", ")))"
            if let position { constraints.insert(sql, at: position) } else { constraints.append(sql) }
            keyColumns.append(columns)
        }

        mutating func addForeignKey(_ key: (sql: String, columns: [String])) {
            constraints.append(key.sql)
            foreignKeyColumns.append(key.columns)
        }
    }

    struct IndexPlan {
        var table: String
        var keys: [String]
        var method = "btree"
        var predicate: String?
        var unique = false
        var reasons: [String]
        var serves: [String]
        var name: String {
            let columns = keys.map { $0.split(separator: " ")[0].replacingOccurrences(of: "\"", with: "") }
            let suffix = unique ? "key" : (predicate != nil ? "live_idx" : "idx")
            return String(([table] + columns).joined(separator: "_").prefix(58)) + "_" + suffix
        }
    }

    var schemaName: String { spec.tenancy == .schemaPerTenant ? "tenant_template" : "public" }
    func qualified(_ table: String) -> String { schemaName == "public" ? table : "\(schemaName).\(table)" }

    package func design() -> DatabaseDesign {
        var tables: [String: Table] = [:]
        var order: [String] = []
        var decisions: [String] = []
        let shared = spec.tenancy == .shared
        func add(_ table: Table) { tables[table.name] = table; order.append(table.name) }

        if shared {
            var tenants = Table(entity: "tenant", name: "tenants")
            tenants.columns = [Column(name: "id", definition: "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
                               Column(name: "name", definition: "name text NOT NULL UNIQUE")]
            tenants.purpose = "The tenants sharing this database; every other table's rows belong to one (tenant_id)."
            add(tenants)
            decisions.append("Shared tenancy: every table carries tenant_id, in its keys, unique constraints and foreign keys, and row-level security limits each session to current_setting('app.tenant_id').")
        }
        if spec.tenancy == .schemaPerTenant {
            decisions.append("Schema per tenant: the tables live in the template schema tenant_template; each tenant's schema is created from it (operations.md).")
        }
        if spec.tenancy == .databasePerTenant {
            decisions.append("Database per tenant: this schema is created in each tenant's database; migrations run once per database.")
        }

        let referenced = Set(spec.relationships.map(\.parent) + spec.rules.compactMap { rule -> String? in
            if case .noOverlap(_, _, let per) = rule.kind { return per }
            if case .uniquePer(_, let per) = rule.kind { return per }
            return nil
        })
        for entity in spec.entities {
            var table = Table(entity: entity.name, name: Naming.table(entity.name))
            table.softDelete = entity.softDelete
            table.uuidKeys = entity.uuidKeys
            table.tenant = shared && !entity.global
            table.purpose = "One row per \(entity.name.replacingOccurrences(of: "_", with: " "))."
            table.columns.append(Column(name: "id", definition: entity.uuidKeys
                ? "id uuid NOT NULL DEFAULT \(qualified("uuid_generate_v7"))()"
                : "id bigint GENERATED ALWAYS AS IDENTITY"))
            if table.tenant { table.columns.append(Column(name: "tenant_id", definition: "tenant_id bigint NOT NULL")) }
            for attribute in entity.attributes {
                table.columns.append(column(attribute, table: table.name))
                if attribute.unique { table.uniqueAttributes.append(attribute.name) }
            }
            // Large, time-bound and referenced by nothing: partitioned by month on created_at.
            let rows = spec.rows[entity.name] ?? 0, growth = spec.growthPerMonth[entity.name] ?? 0
            if spec.retentionDays[entity.name] != nil, rows >= 10_000_000 || growth >= 1_000_000 {
                if referenced.contains(entity.name) {
                    decisions.append("\(table.name) is large and has a retention period, but other tables reference it: it is not partitioned (a partitioned table's key must include the partition column in every referencing key); retention runs as batched deletes (operations.md).")
                } else {
                    table.partitioned = true
                    decisions.append("\(table.name) is partitioned by month on created_at: \(Self.count(rows)) rows, \(Self.count(growth)) more a month, kept \(Self.days(spec.retentionDays[entity.name]!)); old months are detached and dropped, not deleted row by row.")
                }
            }
            add(table)
        }

        // Relationships: foreign keys on the child, or a join table with its own attributes.
        for relationship in spec.relationships {
            let parentTable = Naming.table(relationship.parent)
            guard let parent = tables[parentTable] else { continue }
            switch relationship.kind {
            case .hasMany, .hasOne:
                let childTable = Naming.table(relationship.child)
                guard var child = tables[childTable] else { continue }
                let column = "\(relationship.parent)_id"
                child.columns.insert(Column(name: column, definition: "\(column) \(parent.uuidKeys ? "uuid" : "bigint")\(relationship.optional ? "" : " NOT NULL")"), at: child.tenant ? 2 : 1)
                // Deliberate ON DELETE: a required child keeps its parent from being deleted (its
                // history matters); an optional one is detached.
                let action = relationship.optional ? "SET NULL (\(column))" : "RESTRICT"
                child.addForeignKey(foreignKey(child: child, columns: [column], parent: parent, onDelete: action))
                if case .hasOne = relationship.kind {
                    child.addKey("\(childTable)_\(column)_key", "UNIQUE", (child.tenant ? ["tenant_id"] : []) + [column])
                }
                child.purpose += " Belongs to a \(relationship.parent.replacingOccurrences(of: "_", with: " "))."
                tables[childTable] = child
            case .manyThrough(let joinEntity, let attributes):
                let childTable = Naming.table(relationship.child)
                guard let child = tables[childTable] else { continue }
                var join = Table(entity: joinEntity, name: Naming.table(joinEntity))
                join.tenant = parent.tenant
                let parentColumn = "\(relationship.parent)_id", childColumn = "\(relationship.child)_id"
                if join.tenant { join.columns.append(Column(name: "tenant_id", definition: "tenant_id bigint NOT NULL")) }
                join.columns.append(Column(name: parentColumn, definition: "\(parentColumn) \(parent.uuidKeys ? "uuid" : "bigint") NOT NULL"))
                join.columns.append(Column(name: childColumn, definition: "\(childColumn) \(child.uuidKeys ? "uuid" : "bigint") NOT NULL"))
                for attribute in attributes { join.columns.append(column(attribute, table: join.name)) }
                join.addKey("\(join.name)_pkey", "PRIMARY KEY", (join.tenant ? ["tenant_id"] : []) + [parentColumn, childColumn])
                // The join rows belong to the parent (deleted with it); the child is protected.
                join.addForeignKey(foreignKey(child: join, columns: [parentColumn], parent: parent, onDelete: "CASCADE"))
                join.addForeignKey(foreignKey(child: join, columns: [childColumn], parent: child, onDelete: "RESTRICT"))
                join.purpose = "Links \(parentTable) and \(childTable) (many to many), with what belongs to the pair."
                add(join)
            }
        }

        var needsGist = false
        for rule in spec.rules {
            let name = Naming.table(rule.entity)
            guard var table = tables[name] else { continue }
            switch rule.kind {
            case .noOverlap(let start, let end, let per):
                needsGist = true
                let perColumn = "\(per)_id"
                let tenantKey = table.tenant ? "tenant_id WITH =, " : ""
                table.constraints.append("CONSTRAINT \(name)_\(start)_\(end)_check CHECK (\(start) < \(end))")
                table.constraints.append("CONSTRAINT \(name)_no_overlap EXCLUDE USING gist (\(tenantKey)\(perColumn) WITH =, tstzrange(\(start), \(end)) WITH &&)\(table.softDelete ? " WHERE (deleted_at IS NULL)" : "")")
                decisions.append("Two \(name) of one \(per) never overlap: an exclusion constraint (btree_gist) enforces it in the database, whatever the application does.")
            case .uniquePer(let attribute, let per):
                table.addKey("\(name)_\(per)_id_\(attribute)_key", "UNIQUE", (table.tenant ? ["tenant_id"] : []) + ["\(per)_id", attribute])
            }
            tables[name] = table
        }

        // Every table: the audit columns last; keys and tenant links.
        for name in order {
            var table = tables[name]!
            table.columns.append(Column(name: "created_at", definition: "created_at timestamptz NOT NULL DEFAULT now()"))
            table.columns.append(Column(name: "updated_at", definition: "updated_at timestamptz NOT NULL DEFAULT now()"))
            if table.softDelete { table.columns.append(Column(name: "deleted_at", definition: "deleted_at timestamptz")) }
            if table.columns.first?.name == "id" {
                table.addKey("\(name)_pkey", "PRIMARY KEY", table.partitioned ? ["id", "created_at"] : ["id"], at: 0)
                table.columns[0].definition = table.columns[0].definition.replacingOccurrences(of: " PRIMARY KEY", with: "")
                if table.tenant && !table.partitioned { table.addKey("\(name)_tenant_id_id_key", "UNIQUE", ["tenant_id", "id"], at: 1) }
            }
            if table.tenant, let tenants = tables["tenants"] {
                table.addForeignKey(("CONSTRAINT \(name)_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES \(qualified(tenants.name)) (id) ON DELETE RESTRICT", ["tenant_id"]))
            }
            for attribute in table.uniqueAttributes where !table.softDelete {
                table.addKey("\(name)_\(attribute)_key", "UNIQUE", (table.tenant ? ["tenant_id"] : []) + [attribute])
            }
            tables[name] = table
        }

        var indexes = indexPlans(tables: tables, order: order)
        let patterns = patternPlans(tables: tables, indexes: &indexes)
        indexes = coverForeignKeys(tables: tables, order: order, indexes: indexes)
        let audit = spec.compliance.contains("audit")
        if audit { decisions.append("Audit: every insert, update and delete is written to audit_log by a trigger (who, when, the row before and after), in the same transaction as the change.") }
        if spec.compliance.contains("gdpr-erasure") { decisions.append("GDPR erasure: personal data columns are listed in operations.md with the statement that erases one person, audit_log included.") }

        var sql = "-- Designed by strata design from \(spec.path). Review: strata review schema.sql\n\n"
        if schemaName != "public" { sql += "CREATE SCHEMA \(schemaName);\n\n" }
        if needsGist { sql += "CREATE EXTENSION IF NOT EXISTS btree_gist;\n\n" }
        if spec.entities.contains(where: \.uuidKeys) { sql += uuidV7Function() }
        sql += """
            -- Keeps updated_at current on every UPDATE, whoever writes.
            CREATE FUNCTION \(qualified("set_updated_at"))() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.updated_at := now();
                RETURN NEW;
            END
            $$;


            """
        var personal: [String] = []
        for name in order {
            let table = tables[name]!
            sql += "-- \(table.purpose)\n"
            sql += "CREATE TABLE \(qualified(name)) (\n"
            let items = table.columns.map(\.definition) + table.constraints
            sql += items.map { "    " + $0 }.joined(separator: ",\n")
            sql += table.partitioned ? "\n) PARTITION BY RANGE (created_at);\n" : "\n);\n"
            if table.partitioned { sql += partitions(name) }
            sql += "CREATE TRIGGER \(name)_set_updated_at BEFORE UPDATE ON \(qualified(name)) FOR EACH ROW EXECUTE FUNCTION \(qualified("set_updated_at"))();\n"
            if table.tenant {
                sql += "ALTER TABLE \(qualified(name)) ENABLE ROW LEVEL SECURITY;\n"
                sql += "CREATE POLICY \(name)_tenant_isolation ON \(qualified(name)) USING (tenant_id = current_setting('app.tenant_id')::bigint);\n"
            }
            sql += "\n"
            personal += table.columns.filter(\.isPersonal).map { "\(name).\($0.name)" }
        }
        for index in indexes {
            sql += "-- \(index.serves.joined(separator: "; "))\n"
            sql += indexSQL(index) + "\n"
        }
        if audit { sql += "\n" + auditSQL(tables: order.map { tables[$0]! }) }

        return DatabaseDesign(
            sql: sql,
            tables: order.map { DesignedTable(name: $0, entity: tables[$0]!.entity, purpose: tables[$0]!.purpose, partitioned: tables[$0]!.partitioned) }
                + (audit ? [DesignedTable(name: "audit_log", entity: "audit", purpose: "Every change to every table: who, when, before and after.", partitioned: false)] : []),
            indexes: indexes.map { DesignedIndex(name: $0.name, table: $0.table, definition: indexSQL($0), reasons: $0.reasons, serves: $0.serves) },
            patterns: patterns, decisions: decisions, personalData: personal, spec: spec)
    }

    // MARK: Columns

    static let personalWords: Set<String> = ["email", "name", "first_name", "last_name", "phone", "address", "birth_date", "birthday", "ip", "ip_address", "ssn", "full_name"]

    func column(_ attribute: DesignSpec.Attribute, table: String) -> Column {
        var definition = "\(attribute.name) \(attribute.type)"
        if !attribute.optional { definition += " NOT NULL" }
        if let value = attribute.defaultValue { definition += " DEFAULT \(defaultSQL(value, type: attribute.type))" }
        if let labels = attribute.enumLabels {
            // A fixed set as a CHECK list: adding a value later is one constraint swap, online.
            definition += " CONSTRAINT \(table)_\(attribute.name)_check CHECK (\(attribute.name) IN (\(labels.map(quoteLiteral).joined(separator: ", "))))"
        } else if let check = attribute.check {
            definition += " CONSTRAINT \(table)_\(attribute.name)_check CHECK (\(attribute.name) \(check))"
        } else if attribute.type.hasPrefix("numeric(12,2)") {
            definition += " CONSTRAINT \(table)_\(attribute.name)_check CHECK (\(attribute.name) >= 0)"
        }
        return Column(name: attribute.name, definition: definition, isPersonal: Self.personalWords.contains(attribute.name))
    }

    func defaultSQL(_ value: String, type: String) -> String {
        if value == "now()" || value == "true" || value == "false" || Double(value) != nil { return value }
        if value.hasPrefix("'") { return value }
        return quoteLiteral(value)
    }

    /// The constraint and the columns it holds (the tenant first in shared tenancy).
    func foreignKey(child: Table, columns: [String], parent: Table, onDelete: String) -> (sql: String, columns: [String]) {
        let name = "\(child.name)_\(columns.joined(separator: "_"))_fkey"
        if child.tenant && parent.tenant {
            // The tenant is part of the reference: a row can only point at its own tenant's rows.
            let action = onDelete.hasPrefix("SET NULL") ? "SET NULL (\(columns.joined(separator: ", ")))" : onDelete
            return ("CONSTRAINT \(name) FOREIGN KEY (tenant_id, \(columns.joined(separator: ", "))) REFERENCES \(qualified(parent.name)) (tenant_id, id) ON DELETE \(action)",
                    ["tenant_id"] + columns)
        }
        let action = onDelete.hasPrefix("SET NULL") ? "SET NULL" : onDelete
        return ("CONSTRAINT \(name) FOREIGN KEY (\(columns.joined(separator: ", "))) REFERENCES \(qualified(parent.name)) (id) ON DELETE \(action)", columns)
    }

    // MARK: Indexes

    /// Unique attributes of soft-deleted tables: unique among live rows only.
    func indexPlans(tables: [String: Table], order: [String]) -> [IndexPlan] {
        var plans: [IndexPlan] = []
        for name in order {
            let table = tables[name]!
            guard table.softDelete else { continue }
            for attribute in table.uniqueAttributes {
                plans.append(IndexPlan(table: name, keys: (table.tenant ? ["tenant_id"] : []) + [attribute], predicate: "deleted_at IS NULL", unique: true,
                                       reasons: ["\(attribute) is unique among live rows; a deleted row frees its value"],
                                       serves: ["uniqueness of \(name).\(attribute) among live rows"]))
            }
        }
        return plans
    }

    /// Each access pattern's query and the index that serves it (added when none does yet).
    func patternPlans(tables: [String: Table], indexes: inout [IndexPlan]) -> [PatternPlan] {
        var plans: [PatternPlan] = []
        func entityTable(_ word: String) -> Table? {
            tables.values.first { $0.name == word || $0.entity == word || Naming.table(word) == $0.name }
        }
        for pattern in spec.accessPatterns {
            guard let phrase = pattern.query else {
                let index = pattern.sql.flatMap { Self.primaryKeyLookup($0, tables: tables) }
                let table = index.map { String($0.dropLast("_pkey".count)) }
                plans.append(PatternPlan(pattern: pattern, sql: pattern.sql, index: index, table: table, parameters: [],
                                         parameterQuery: table.map { "SELECT id::text FROM \(qualified($0)) LIMIT 1" }))
                continue
            }
            let words = phrase.split(separator: " ").map(String.init)
            guard let first = words.first, let table = entityTable(first) else {
                plans.append(PatternPlan(pattern: pattern, sql: nil, index: nil, table: nil, parameters: []))
                continue
            }
            let live = table.softDelete ? " AND deleted_at IS NULL" : ""
            let tenantKeys = table.tenant ? ["tenant_id"] : []
            let tenantWhere = table.tenant ? "tenant_id = $1 AND " : ""
            let tenantParameters = table.tenant ? ["1"] : []
            let next = table.tenant ? 2 : 1
            var plan = PatternPlan(pattern: pattern, sql: nil, index: nil, table: table.name, parameters: [])
            let selected = table.columns.prefix(4).map(\.name).joined(separator: ", ")
            var index: IndexPlan?
            if words.count >= 3, words[1] == "of", let parent = entityTable(words[2]) {
                // `orders of customer by created_at desc limit 20`: equality first, then the order.
                let foreign = "\(parent.entity)_id"
                var keys = tenantKeys + [foreign]
                var orderBy = ""
                if let by = words.firstIndex(of: "by"), by + 1 < words.count {
                    let descending = words.count > by + 2 && words[by + 2] == "desc"
                    keys.append(words[by + 1] + (descending ? " DESC" : ""))
                    orderBy = " ORDER BY \(words[by + 1])\(descending ? " DESC" : "")"
                }
                let limit = words.firstIndex(of: "limit").flatMap { $0 + 1 < words.count ? " LIMIT \(words[$0 + 1])" : nil } ?? " LIMIT 100"
                plan.sql = "SELECT \(selected) FROM \(qualified(table.name)) WHERE \(tenantWhere)\(foreign) = $\(next)\(live)\(orderBy)\(limit)"
                plan.parameters = tenantParameters + ["1"]
                let tenantText = table.tenant ? "tenant_id::text || chr(31) || " : ""
                plan.parameterQuery = "SELECT \(tenantText)\(foreign)::text FROM \(qualified(table.name)) GROUP BY \(table.tenant ? "tenant_id, " : "")\(foreign) ORDER BY count(*) DESC LIMIT 1"
                var reasons = table.tenant ? ["tenant_id first: every query of a tenant is limited to it"] : []
                reasons.append("\(foreign) by equality: the rows of one \(parent.entity)")
                if keys.count > tenantKeys.count + 1 { reasons.append("\(keys.last!) next, in the query's order: the first rows read are the ones returned, no sort") }
                index = IndexPlan(table: table.name, keys: keys, predicate: table.softDelete ? "deleted_at IS NULL" : nil, reasons: reasons, serves: [pattern.name])
            } else if words.count >= 3, words[1] == "by" {
                let attribute = words[2]
                plan.sql = "SELECT \(selected) FROM \(qualified(table.name)) WHERE \(tenantWhere)\(attribute) = $\(next)\(live)"
                plan.parameters = tenantParameters + [Self.example(for: attribute, table: table)]
                plan.parameterQuery = "SELECT \(table.tenant ? "tenant_id::text || chr(31) || " : "")\(attribute)::text FROM \(qualified(table.name)) WHERE \(attribute) IS NOT NULL\(live) LIMIT 1"
                if attribute == "id" {
                    plan.index = "\(table.name)_pkey"
                } else if table.uniqueAttributes.contains(attribute) {
                    plan.index = table.softDelete ? IndexPlan(table: table.name, keys: tenantKeys + [attribute], predicate: "deleted_at IS NULL", unique: true, reasons: [], serves: []).name
                        : "\(table.name)_\(attribute)_key"
                    if let existing = indexes.firstIndex(where: { $0.name == plan.index }) { indexes[existing].serves.append(pattern.name) }
                } else {
                    index = IndexPlan(table: table.name, keys: tenantKeys + [attribute], predicate: table.softDelete ? "deleted_at IS NULL" : nil,
                                      reasons: (table.tenant ? ["tenant_id first: every query of a tenant is limited to it"] : []) + ["\(attribute) by equality"], serves: [pattern.name])
                }
            } else if words.count >= 4, words[1] == "where", words[3] == "contains" {
                let attribute = words[2]
                plan.sql = "SELECT \(selected) FROM \(qualified(table.name)) WHERE \(tenantWhere)\(attribute) @> $\(next)::jsonb\(live) LIMIT 100"
                plan.parameters = tenantParameters + ["{\"color\": \"red\"}"]
                if table.tenant { plan.parameterQuery = "SELECT tenant_id::text || chr(31) || '{\"color\": \"red\"}' FROM \(qualified(table.name)) LIMIT 1" }
                index = IndexPlan(table: table.name, keys: ["\(attribute) jsonb_path_ops"], method: "gin", predicate: nil,
                                  reasons: ["GIN with jsonb_path_ops: containment (@>) of any key, the smallest GIN for it"], serves: [pattern.name])
            } else if words.count >= 5, words[1] == "where", words[3] == "is", words[4] == "null" {
                let attribute = words[2]
                plan.sql = "SELECT \(selected) FROM \(qualified(table.name)) WHERE \(tenantWhere)\(attribute) IS NULL\(live) ORDER BY created_at LIMIT 100"
                plan.parameters = tenantParameters
                if table.tenant { plan.parameterQuery = "SELECT tenant_id::text FROM \(qualified(table.name)) LIMIT 1" }
                index = IndexPlan(table: table.name, keys: tenantKeys + ["created_at"], predicate: "\(attribute) IS NULL" + (table.softDelete ? " AND deleted_at IS NULL" : ""),
                                  reasons: ["partial: only the rows whose \(attribute) is null, so it stays small as they get one", "created_at: oldest first without a sort"], serves: [pattern.name])
            }
            if let index {
                if let existing = indexes.firstIndex(where: { Self.covers($0, index) }) {
                    indexes[existing].serves.append(pattern.name)
                    plan.index = indexes[existing].name
                } else if let narrower = indexes.firstIndex(where: { Self.covers(index, $0) }) {
                    var wider = index
                    wider.serves = indexes[narrower].serves + index.serves
                    indexes[narrower] = wider
                    plan.index = wider.name
                } else {
                    indexes.append(index)
                    plan.index = index.name
                }
            }
            plans.append(plan)
        }
        for index in plans.indices where plans[index].index != nil {
            // Names may have changed when a wider index took a narrower one's place.
            if let name = plans[index].index, !indexes.contains(where: { $0.name == name }), !name.hasSuffix("_pkey"), !name.hasSuffix("_key") {
                plans[index].index = indexes.first { $0.serves.contains(plans[index].pattern.name) }?.name
            }
        }
        return plans
    }

    /// `a` serves everything `b` does: same table, method and predicate, `b`'s keys a prefix of `a`'s.
    static func covers(_ a: IndexPlan, _ b: IndexPlan) -> Bool {
        a.table == b.table && a.method == b.method && a.predicate == b.predicate && !b.unique
            && b.keys.count <= a.keys.count && Array(a.keys.prefix(b.keys.count)) == b.keys
    }

    /// Every foreign key gets an index whose leading columns are its own, unless a key or a
    /// pattern's index already starts with them.
    func coverForeignKeys(tables: [String: Table], order: [String], indexes: [IndexPlan]) -> [IndexPlan] {
        var result = indexes
        for name in order {
            let table = tables[name]!
            for columns in table.foreignKeyColumns {
                let covered = table.keyColumns.contains { Array($0.prefix(columns.count)) == columns }
                    || result.contains { $0.table == name && $0.predicate == nil && $0.method == "btree" && Array($0.keys.prefix(columns.count).map { String($0.split(separator: " ")[0]) }) == columns }
                let reference = "foreign key (\(columns.joined(separator: ", ")))"
                if covered {
                    if let index = result.firstIndex(where: { $0.table == name && $0.predicate == nil && Array($0.keys.prefix(columns.count)) == columns }) { result[index].serves.append(reference) }
                    continue
                }
                result.append(IndexPlan(table: name, keys: columns, reasons: ["the foreign key's columns: deletes and key updates of the referenced row find the referencing rows without a scan"],
                                        serves: [reference]))
            }
            if table.softDelete && !result.contains(where: { $0.table == name && $0.predicate?.contains("deleted_at IS NULL") == true }) {
                result.append(IndexPlan(table: name, keys: (table.tenant ? ["tenant_id"] : []) + ["created_at"], predicate: "deleted_at IS NULL",
                                        reasons: ["partial on live rows: deleted rows stay out of every scan of recent rows"], serves: ["live \(name), newest or oldest first"]))
            }
        }
        return result
    }

    func indexSQL(_ index: IndexPlan) -> String {
        let method = index.method == "btree" ? "" : " USING \(index.method)"
        let predicate = index.predicate.map { " WHERE \($0)" } ?? ""
        return "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(index.name) ON \(qualified(index.table))\(method) (\(index.keys.joined(separator: ", ")))\(predicate);"
    }

    static func primaryKeyLookup(_ sql: String, tables: [String: Table]) -> String? {
        let lower = sql.lowercased()
        guard let from = lower.range(of: " from ") else { return nil }
        let tableName = lower[from.upperBound...].split(separator: " ").first.map(String.init) ?? ""
        guard tables[tableName] != nil, lower.contains("where id = $1") || lower.contains("where id=$1") else { return nil }
        return "\(tableName)_pkey"
    }

    static func example(for attribute: String, table: Table) -> String {
        if attribute.contains("email") { return "user1@example.com" }
        if attribute == "id" || attribute.hasSuffix("_id") { return "1" }
        return "value-1"
    }

    // MARK: Pieces

    func partitions(_ table: String) -> String {
        // A default partition takes any row: the monthly job (operations.md) creates each month
        // ahead of time and detaches the oldest.
        "CREATE TABLE \(qualified(table + "_default")) PARTITION OF \(qualified(table)) DEFAULT;\n"
    }

    /// PostgreSQL 15 has no uuidv7(): time-ordered UUIDs keep B-tree inserts at the right edge.
    func uuidV7Function() -> String {
        """
        -- UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits; inserts stay at
        -- the right edge of the primary key's B-tree, unlike random (v4) UUIDs.
        CREATE FUNCTION \(qualified("uuid_generate_v7"))() RETURNS uuid LANGUAGE sql VOLATILE AS $$
            SELECT encode(
                set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
        $$;


        """
    }

    func auditSQL(tables: [Table]) -> String {
        var sql = """
            -- Every change to every table, written in the same transaction as the change.
            CREATE TABLE \(qualified("audit_log")) (
                id bigint GENERATED ALWAYS AS IDENTITY,
                table_name text NOT NULL,
                row_id text NOT NULL,
                action text NOT NULL CONSTRAINT audit_log_action_check CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
                old_row jsonb,
                new_row jsonb,
                changed_by text NOT NULL DEFAULT current_user,
                created_at timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT audit_log_pkey PRIMARY KEY (id)
            );
            CREATE INDEX audit_log_table_name_row_id_idx ON \(qualified("audit_log")) (table_name, row_id);
            CREATE INDEX audit_log_created_at_idx ON \(qualified("audit_log")) USING brin (created_at);
            CREATE FUNCTION \(qualified("audit_row"))() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO \(qualified("audit_log")) (table_name, row_id, action, old_row, new_row)
                VALUES (TG_TABLE_NAME, COALESCE(to_jsonb(NEW) ->> 'id', to_jsonb(OLD) ->> 'id', ''), TG_OP,
                        CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END, CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
                RETURN NULL;
            END
            $$;

            """
        for table in tables {
            sql += "CREATE TRIGGER \(table.name)_audit AFTER INSERT OR UPDATE OR DELETE ON \(qualified(table.name)) FOR EACH ROW EXECUTE FUNCTION \(qualified("audit_row"))();\n"
        }
        return sql
    }

    static func count(_ value: Double) -> String {
        if value >= 1e9 { return "\((value / 1e9).fixed(decimals: 1).replacingOccurrences(of: ".0", with: ""))B" }
        if value >= 1e6 { return "\((value / 1e6).fixed(decimals: 1).replacingOccurrences(of: ".0", with: ""))M" }
        if value >= 1e3 { return "\((value / 1e3).fixed(decimals: 1).replacingOccurrences(of: ".0", with: ""))k" }
        return "\(Int(value))"
    }

    static func days(_ days: Double) -> String {
        days >= 365 ? "\((days / 365).fixed(decimals: 1).replacingOccurrences(of: ".0", with: "")) years" : "\(Int(days)) days"
    }
}
