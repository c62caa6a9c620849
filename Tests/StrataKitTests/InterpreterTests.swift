import Testing
@testable import StrataKit

@Suite struct InterpreterTests {
    func load(_ sql: String) -> LoadedSchema {
        let loaded = SchemaLoader.load(sources: [("t.sql", sql)])
        #expect(loaded.files[0].syntaxErrors.isEmpty, "\(loaded.files[0].syntaxErrors)")
        return loaded
    }

    func table(_ loaded: LoadedSchema, _ name: String, schema: String = "public") -> TableInfo? {
        loaded.schema.tables[QualifiedName(schema: schema, name: name)]
    }

    @Test func implicitNamesArePostgresOwn() throws {
        let loaded = load("""
        CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE, age int CHECK (age > 0), a int, b int, CHECK (a < b));
        CREATE TABLE orders (id serial PRIMARY KEY, user_id bigint REFERENCES users, UNIQUE (user_id, id), EXCLUDE USING gist (id WITH =));
        CREATE INDEX ON orders (user_id);
        CREATE INDEX ON orders (user_id);
        CREATE INDEX ON users (lower(email));
        CREATE UNIQUE INDEX ON users (email, a) INCLUDE (b);
        """)
        let users = try #require(table(loaded, "users"))
        #expect(users.primaryKey?.name == "users_pkey")
        #expect(users.uniqueConstraints.map(\.name) == ["users_email_key"])
        #expect(Set(users.checkConstraints.map(\.name)) == ["users_age_check", "users_check"])
        let orders = try #require(table(loaded, "orders"))
        #expect(orders.foreignKeys.map(\.name) == ["orders_user_id_fkey"])
        #expect(orders.foreignKeys[0].referencedColumns == ["id"])
        #expect(orders.uniqueConstraints.map(\.name) == ["orders_user_id_id_key"])
        #expect(orders.exclusionConstraints.map(\.name) == ["orders_id_excl"])
        #expect(orders.columns[0].defaultExpression?.text == "nextval('orders_id_seq')")
        #expect(orders.columns[0].isNotNull)
        #expect(loaded.schema.sequences[QualifiedName(schema: "public", name: "orders_id_seq")]?.ownedByColumn == "id")
        let indexNames = Set(loaded.schema.indexes.keys.map(\.name))
        #expect(indexNames == ["orders_user_id_idx", "orders_user_id_idx1", "users_lower_idx", "users_email_a_b_idx"])
    }

    @Test func longNamesAreTruncatedLikePostgres() {
        let long = String(repeating: "a", count: 60)
        #expect(ImplicitNames.makeObjectName(long, "column_name", "fkey") == String(repeating: "a", count: 46) + "_column_name_fkey")
        #expect(ImplicitNames.makeObjectName(long, nil, "pkey").utf8.count == 63)
        #expect(ImplicitNames.choose("t", "c", "key") { $0 == "t_c_key" || $0 == "t_c_key1" } == "t_c_key2")
    }

    @Test func alterTableSubcommandsChangeTheModel() throws {
        let loaded = load("""
        CREATE TABLE t (id bigint, name varchar(10), note text, old int);
        ALTER TABLE t ADD COLUMN email text NOT NULL DEFAULT '', ALTER COLUMN name TYPE text, ALTER COLUMN name SET NOT NULL;
        ALTER TABLE t ALTER COLUMN note SET DEFAULT 'x', DROP COLUMN old, ADD PRIMARY KEY (id);
        ALTER TABLE t ADD CONSTRAINT t_email_check CHECK (email <> '') NOT VALID;
        ALTER TABLE t RENAME COLUMN note TO notes;
        ALTER TABLE t ENABLE ROW LEVEL SECURITY;
        ALTER TABLE t ALTER COLUMN notes DROP DEFAULT;
        """)
        let t = try #require(table(loaded, "t"))
        #expect(t.columns.map(\.name) == ["id", "name", "notes", "email"])
        #expect(t.column(named: "name")?.type == "text")
        #expect(t.column(named: "name")?.isNotNull == true)
        #expect(t.column(named: "notes")?.defaultExpression == nil)
        #expect(t.column(named: "email")?.defaultExpression?.text == "''")
        #expect(t.primaryKey?.name == "t_pkey")
        #expect(t.column(named: "id")?.isNotNull == true)
        #expect(t.checkConstraints.first?.isValid == false)
        #expect(t.rowLevelSecurity)
        let validated = load("CREATE TABLE t (n int); ALTER TABLE t ADD CONSTRAINT c CHECK (n > 0) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT c;")
        #expect(table(validated, "t")?.checkConstraints.first?.isValid == true)
    }

    /// Without ONLY, ALTER TABLE reaches partitions and inheriting tables, as PostgreSQL recurses.
    @Test func alterTableRecursesToChildren() throws {
        let schema = load("""
        CREATE TABLE events (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE base (id int);
        CREATE TABLE child (extra text) INHERITS (base);
        ALTER TABLE events ADD COLUMN kind text NOT NULL DEFAULT 'x';
        ALTER TABLE base ADD COLUMN note text, ADD CONSTRAINT base_id_positive CHECK (id > 0);
        ALTER TABLE base ALTER COLUMN note SET NOT NULL;
        """).schema
        let partition = try #require(schema.tables[QualifiedName(schema: "public", name: "events_2024")])
        #expect(partition.column(named: "kind")?.isNotNull == true)
        #expect(partition.column(named: "kind")?.defaultExpression?.text == "'x'")
        let child = try #require(schema.tables[QualifiedName(schema: "public", name: "child")])
        #expect(child.columns.map(\.name) == ["id", "extra", "note"])
        #expect(child.column(named: "note")?.isNotNull == true)
        #expect(child.checkConstraints.map(\.name) == ["base_id_positive"])
        // PostgreSQL refuses ONLY here: the children would lack the column.
        let refused = load("CREATE TABLE base (id int);\nCREATE TABLE child () INHERITS (base);\nALTER TABLE ONLY base ADD COLUMN x int;")
        #expect(refused.notes.map(\.message) == ["column must be added to child tables too (ALTER TABLE ONLY base ADD COLUMN)"])
    }

    /// PostgreSQL refuses these attachments; the model must too (a cycle once crashed the recursion).
    @Test func attachingATableToItselfIsRefused() {
        let loaded = load("""
        CREATE TABLE p (a int, b text) PARTITION BY LIST (b);
        CREATE TABLE q (a int, b text) PARTITION BY LIST (a);
        ALTER TABLE p ATTACH PARTITION p FOR VALUES IN ('x');
        ALTER TABLE q ATTACH PARTITION p FOR VALUES IN (1);
        ALTER TABLE p ATTACH PARTITION q FOR VALUES IN ('y');
        ALTER TABLE q ALTER COLUMN b SET NOT NULL;
        """)
        #expect(loaded.notes.map(\.message) == [
            "cannot attach public.p as a partition of itself or of its own partition",
            "cannot attach public.q as a partition of itself or of its own partition",
        ].map { $0.replacingOccurrences(of: "public.", with: "") })
        #expect(loaded.schema.tables[QualifiedName(schema: "public", name: "p")]?.column(named: "b")?.isNotNull == true)
    }

    @Test func uniqueUsingIndexTakesOverTheIndex() throws {
        let loaded = load("CREATE TABLE t (id int, code text); CREATE UNIQUE INDEX t_code_uidx ON t (code); ALTER TABLE t ADD CONSTRAINT t_code_key UNIQUE USING INDEX t_code_uidx;")
        #expect(loaded.schema.indexes.isEmpty)
        #expect(table(loaded, "t")?.uniqueConstraints.map(\.name) == ["t_code_key"])
        #expect(table(loaded, "t")?.uniqueConstraints.first?.columns == ["code"])
    }

    @Test func dropColumnTakesItsIndexesAndConstraints() throws {
        let loaded = load("CREATE TABLE t (id int PRIMARY KEY, a int UNIQUE, b int CHECK (b > 0)); CREATE INDEX ON t (a, b); ALTER TABLE t DROP COLUMN b;")
        let t = try #require(table(loaded, "t"))
        #expect(t.checkConstraints.isEmpty)
        #expect(t.uniqueConstraints.count == 1)
        #expect(loaded.schema.indexes.isEmpty)
    }

    @Test func dropTableNeedsCascadeWhenReferenced() {
        let refused = load("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int REFERENCES p); DROP TABLE p;")
        #expect(refused.schema.tables.count == 2)
        #expect(refused.notes.count == 1)
        #expect(refused.notes[0].location.line == 1)
        let cascaded = load("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int REFERENCES p); CREATE INDEX ON p (id); DROP TABLE p CASCADE;")
        #expect(cascaded.schema.tables.count == 1)
        #expect(table(cascaded, "c")?.foreignKeys.isEmpty == true)
        #expect(cascaded.schema.indexes.isEmpty)
        #expect(cascaded.notes.isEmpty)
    }

    @Test func dependentsAreListedInTableOrder() {
        let loaded = load("""
        CREATE TABLE p (id int PRIMARY KEY);
        CREATE TABLE c_zeta (p_id int REFERENCES p); CREATE TABLE c_alpha (p_id int REFERENCES p); CREATE TABLE c_mid (p_id int REFERENCES p);
        DROP TABLE p;
        """)
        #expect(loaded.notes.map(\.message) == [
            "cannot drop table p because other objects depend on it (c_alpha_p_id_fkey on c_alpha, c_mid_p_id_fkey on c_mid, c_zeta_p_id_fkey on c_zeta)",
        ])
    }

    @Test func renamesFollowReferences() throws {
        let loaded = load("""
        CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int REFERENCES p (id)); CREATE INDEX c_p_idx ON c (p_id);
        ALTER TABLE p RENAME TO parents; ALTER TABLE parents RENAME COLUMN id TO parent_id;
        ALTER INDEX c_p_idx RENAME TO c_parent_idx; ALTER TABLE parents RENAME CONSTRAINT p_pkey TO parents_pkey;
        """)
        let child = try #require(table(loaded, "c"))
        #expect(child.foreignKeys[0].referencedTable == QualifiedName(schema: "public", name: "parents"))
        #expect(child.foreignKeys[0].referencedColumns == ["parent_id"])
        #expect(loaded.schema.indexes[QualifiedName(schema: "public", name: "c_parent_idx")] != nil)
        #expect(table(loaded, "parents")?.primaryKey?.name == "parents_pkey")
    }

    @Test func searchPathAndSchemasResolveNames() throws {
        let loaded = load("""
        CREATE SCHEMA app;
        SET search_path TO app, public;
        CREATE TABLE users (id int PRIMARY KEY);
        CREATE TABLE public.audit (id int PRIMARY KEY, user_id int REFERENCES users);
        SET search_path TO public;
        CREATE TABLE users (id int);
        """)
        #expect(table(loaded, "users", schema: "app")?.primaryKey != nil)
        #expect(table(loaded, "users")?.primaryKey == nil)
        #expect(table(loaded, "audit")?.foreignKeys[0].referencedTable == QualifiedName(schema: "app", name: "users"))
    }

    @Test func typesDomainsViewsFunctionsTriggersComments() throws {
        let loaded = load("""
        CREATE TYPE mood AS ENUM ('sad', 'ok');
        ALTER TYPE mood ADD VALUE 'happy' AFTER 'ok';
        ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
        ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';
        CREATE DOMAIN posint AS integer NOT NULL CHECK (VALUE > 0);
        CREATE TABLE t (id int PRIMARY KEY, m mood, n posint);
        COMMENT ON TABLE t IS 'things';
        COMMENT ON COLUMN t.m IS 'how it feels';
        CREATE VIEW v AS SELECT id FROM t;
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
        CREATE EXTENSION IF NOT EXISTS pgcrypto;
        """)
        #expect(loaded.schema.enums.values.first?.values == ["blue", "meh", "ok", "happy"])
        #expect(loaded.schema.domains.values.first?.checks.first?.name == "posint_check")
        let t = try #require(table(loaded, "t"))
        #expect(t.column(named: "m")?.type == "mood")
        #expect(t.comment == "things")
        #expect(t.column(named: "m")?.comment == "how it feels")
        #expect(t.triggers.first?.events == [.insert, .update])
        #expect(t.triggers.first?.timing == .before)
        #expect(loaded.schema.views.values.first?.definition == "SELECT id FROM t")
        #expect(loaded.schema.functions["public.touch()"]?.returnsTrigger == true)
        #expect(loaded.schema.extensions["pgcrypto"] != nil)
        #expect(loaded.notes.isEmpty)
    }

    @Test func partitionsGetTheParentsIndexesAndKeys() throws {
        let loaded = load("""
        CREATE TABLE m (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
        CREATE INDEX m_at_idx ON m (at);
        CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
        """)
        let partition = try #require(table(loaded, "m_2026"))
        #expect(partition.partitionOf == QualifiedName(schema: "public", name: "m"))
        #expect(partition.primaryKey?.name == "m_2026_pkey")
        #expect(partition.columns.map(\.name) == ["id", "at"])
        #expect(loaded.schema.indexes[QualifiedName(schema: "public", name: "m_2026_at_idx")]?.table == partition.name)
        #expect(table(loaded, "m")?.partitionKey == "RANGE (at)")
    }

    @Test func applyingUpThenDownGivesTheSameModel() {
        let before = load("CREATE TABLE t (id int PRIMARY KEY);").schema
        let after = load("""
        CREATE TABLE t (id int PRIMARY KEY);
        ALTER TABLE t ADD COLUMN n int; CREATE INDEX t_n_idx ON t (n);
        DROP INDEX t_n_idx; ALTER TABLE t DROP COLUMN n;
        """).schema
        #expect(before == after)
        let changed = load("CREATE TABLE t (id int PRIMARY KEY, n int);").schema
        #expect(before != changed)
    }

    @Test func unresolvedReferencesAreNotesWithPositions() {
        let loaded = load("ALTER TABLE missing ADD COLUMN x int;\nCREATE TABLE t (id int);\nCREATE TABLE t (id int);")
        #expect(loaded.notes.map(\.location.line) == [1, 3])
        #expect(loaded.notes[1].message.contains("already exists"))
    }
}
