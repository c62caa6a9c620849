import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// Every object kind named the way an attacker, a careless tool or another language would name it:
/// quotes (a quote followed by a combining mark too), semicolons, comment markers, spaces, case,
/// Unicode, backslashes and reserved words. What Strata writes for such a schema must create exactly
/// the named objects, and never run what a name contains: a `canary` table outside the schema must
/// keep its row through every script.
@Suite(.serialized, Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct HostileNameTests {
    /// The canary and the schema that holds everything else. Hand-quoted: not by Strata's quoting.
    static let canary = "CREATE TABLE canary (id integer PRIMARY KEY);\n"

    static let everything = #"""
    CREATE SCHEMA "Sch""; DROP TABLE canary; --";
    CREATE TYPE "Sch""; DROP TABLE canary; --"."mood""x" AS ENUM ('it''s', 'a\b', '"q"', 'select');
    CREATE DOMAIN "Sch""; DROP TABLE canary; --"."dom /* x */" AS text CONSTRAINT "chk""x" CHECK (VALUE <> 'it''s');
    CREATE SEQUENCE "Sch""; DROP TABLE canary; --"."seq""x";
    CREATE TABLE "Sch""; DROP TABLE canary; --"."T 1/*x*/" (
        "select" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "it's" text NOT NULL DEFAULT 'it''s \ x',
        "Ünï""cödé" "Sch""; DROP TABLE canary; --"."mood""x" NOT NULL DEFAULT 'it''s',
        "a;b--c" bigint NOT NULL DEFAULT nextval('"Sch""; DROP TABLE canary; --"."seq""x"'),
        "q""́x" "Sch""; DROP TABLE canary; --"."dom /* x */",
        CONSTRAINT "uq ""x""" UNIQUE ("it's", "a;b--c"),
        CONSTRAINT "ck; --" CHECK ("a;b--c" >= 0)
    );
    CREATE TABLE "Sch""; DROP TABLE canary; --"."child$ÿ" (
        id bigint PRIMARY KEY,
        "Parent" bigint NOT NULL,
        CONSTRAINT "fk;--" FOREIGN KEY ("Parent") REFERENCES "Sch""; DROP TABLE canary; --"."T 1/*x*/" ("select") ON DELETE CASCADE
    );
    CREATE INDEX "idx""; DROP TABLE canary; --" ON "Sch""; DROP TABLE canary; --"."child$ÿ" ("Parent");
    CREATE INDEX "lower ""it's""" ON "Sch""; DROP TABLE canary; --"."T 1/*x*/" (lower("it's")) WHERE "it's" <> 'a''b';
    CREATE VIEW "Sch""; DROP TABLE canary; --"."v""iew" AS SELECT "select", "it's" FROM "Sch""; DROP TABLE canary; --"."T 1/*x*/";
    CREATE MATERIALIZED VIEW "Sch""; DROP TABLE canary; --"."mv""x" AS SELECT "select" FROM "Sch""; DROP TABLE canary; --"."T 1/*x*/";
    CREATE UNIQUE INDEX "mv idx" ON "Sch""; DROP TABLE canary; --"."mv""x" ("select");
    CREATE TYPE "x""; DROP TABLE canary; --" AS ENUM ('a');
    CREATE TABLE "line\#nDROP TABLE canary; --" (id bigint PRIMARY KEY, kind "x""; DROP TABLE canary; --" NOT NULL DEFAULT 'a', amount numeric(10,2));
    ALTER TABLE "Sch""; DROP TABLE canary; --"."T 1/*x*/" ENABLE ROW LEVEL SECURITY;
    CREATE POLICY "pol""x" ON "Sch""; DROP TABLE canary; --"."T 1/*x*/" FOR SELECT TO "x""; DROP TABLE canary; --", "it's \ a role" USING ("it's" <> 'it''s');
    CREATE POLICY "own" ON "Sch""; DROP TABLE canary; --"."T 1/*x*/" FOR UPDATE TO "Mixed Case", CURRENT_USER USING (true);
    COMMENT ON TABLE "Sch""; DROP TABLE canary; --"."T 1/*x*/" IS 'it''s a \ table; DROP TABLE canary; --';
    COMMENT ON COLUMN "Sch""; DROP TABLE canary; --"."T 1/*x*/"."it's" IS '"quoted" and ''single''';
    """#

    /// The same objects changed in place: columns, defaults, enum values, policies, indexes, comments.
    static let changed = everything
        .replacingOccurrences(of: #"'"q"', 'select');"#, with: #"'"q"', 'select', 'new''val\');"#)
        .replacingOccurrences(of: #"DEFAULT 'it''s \ x'"#, with: #"DEFAULT 'it''s \ y'"#)
        .replacingOccurrences(of: #"TO "x""; DROP TABLE canary; --", "it's \ a role""#, with: #"TO "it's \ a role", "Mixed Case""#)
        .replacingOccurrences(of: #"IS 'it''s a \ table; DROP TABLE canary; --'"#, with: #"IS 'it''s still a \ table'"#)
        .replacingOccurrences(of: #"CREATE INDEX "idx""; DROP TABLE canary; --""#, with: #"CREATE INDEX "idx""; DROP TABLE canary; -- 2""#)
        + #"""
        ALTER TABLE "Sch""; DROP TABLE canary; --"."child$ÿ" ADD COLUMN "new; column" text DEFAULT 'a''b';
        ALTER TABLE "line\#nDROP TABLE canary; --" ADD COLUMN "note\#nDROP TABLE canary; --" text;
        CREATE INDEX "idx\#nDROP TABLE canary; --" ON "line\#nDROP TABLE canary; --" (amount);
        CREATE TABLE "Sch""; DROP TABLE canary; --"."NEW ""t""" ("k;" text PRIMARY KEY);
        """#

    static let seed = #"""
    INSERT INTO canary VALUES (1);
    INSERT INTO "Sch""; DROP TABLE canary; --"."T 1/*x*/" ("it's", "Ünï""cödé") VALUES ('row', 'select');
    INSERT INTO "Sch""; DROP TABLE canary; --"."child$ÿ" VALUES (7, 1);
    """#

    /// Every named thing the server holds outside the system schemas, one per line, sorted.
    static let inventory = #"""
    SELECT string_agg(item, E'\n' ORDER BY item) FROM (
      SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema'
      UNION ALL SELECT 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
      UNION ALL SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
      UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace::regnamespace::text NOT LIKE 'pg\_%'
        AND connamespace <> 'information_schema'::regnamespace
      UNION ALL SELECT 'index ' || pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        WHERE c.relnamespace::regnamespace::text NOT LIKE 'pg\_%' AND c.relnamespace <> 'information_schema'::regnamespace
      UNION ALL SELECT 'type ' || t.typname || ' ' || t.typtype::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema' AND t.typtype IN ('e', 'd')
      UNION ALL SELECT 'label ' || enumlabel FROM pg_enum
      UNION ALL SELECT 'policy ' || polname || ' ' || polcmd::text || ' ' || array_to_string(ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r) END FROM unnest(polroles) r ORDER BY 1), ',')
        || ' ' || coalesce(pg_get_expr(polqual, polrelid), '') FROM pg_policy
      UNION ALL SELECT 'comment ' || description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
        WHERE c.relnamespace::regnamespace::text NOT LIKE 'pg\_%'
      UNION ALL SELECT 'canary rows ' || count(*) FROM canary
    ) items(item)
    """#

    static func prepareRoles(_ cluster: EphemeralCluster) async throws {
        try await DatabaseConnection.withSession(cluster.connectionURL) { admin in
            for role in ["\"x\"\"; DROP TABLE canary; --\"", "\"it's \\ a role\"", "\"Mixed Case\""] {
                try await admin.execute("DO $$ BEGIN CREATE ROLE \(role); EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")
            }
        }
    }

    /// The lines only one of two inventories has.
    static func difference(_ wanted: String, _ got: String) -> String {
        let wantedLines = Set(wanted.split(separator: "\n")), gotLines = Set(got.split(separator: "\n"))
        return "missing: \(wantedLines.subtracting(gotLines).sorted()), unexpected: \(gotLines.subtracting(wantedLines).sorted())"
    }

    func inventory(_ database: String, _ proof: ThrowawayServer) async throws -> String {
        try await DatabaseConnection.withSession(proof.url(database)) { try await $0.scalarText(Self.inventory) ?? "" }
    }

    /// Plans `from` -> `to` from the files, runs up, down, up on a database holding the canary and
    /// rows, and compares the server's inventory with databases made from the files themselves.
    func prove(from: String, to: String, allowDataLoss: Bool = false) async throws {
        let cluster = try #require(SharedCluster.cluster)
        try await Self.prepareRoles(cluster)
        let proof = ThrowawayServer(cluster: cluster)
        let fromFiles = SchemaLoader.load(sources: [("from.sql", from)])
        let toFiles = SchemaLoader.load(sources: [("to.sql", to)])
        for file in fromFiles.files + toFiles.files { #expect(file.syntaxErrors.isEmpty, "\(file.syntaxErrors)") }
        let options = DiffOptions(online: true, allowDataLoss: allowDataLoss)
        let plan = try SchemaDiffService.plan(from: fromFiles.schema, to: toFiles.schema, options: options, unmodeled: [])
        let context = "--- up:\n\(plan.up.script)--- down:\n\(plan.down.script)"

        let source = try await proof.createDatabase()
        let target = try await proof.createDatabase()
        try proof.apply(from + (from.contains("T 1/*x*/") ? Self.seed : "INSERT INTO canary VALUES (1);\n"), to: source, label: "source", singleTransaction: true)
        try proof.apply(to + "INSERT INTO canary VALUES (1);\n", to: target, label: "target", singleTransaction: true)
        let original = try await inventory(source, proof)
        let wanted = try await inventory(target, proof)
        #expect(wanted.contains("canary rows 1"))

        try proof.apply(plan.up.script, to: source, label: "up")
        #expect(try await inventory(source, proof) == wanted, "after the up\n\(context)")
        try proof.apply(plan.down.script, to: source, label: "down")
        #expect(try await inventory(source, proof) == original, "after the down\n\(context)")
        try proof.apply(plan.up.script, to: source, label: "up again")
        #expect(try await inventory(source, proof) == wanted, "after the up again\n\(context)")

        // `strata schema --format sql`: the target's model rendered and loaded gives the same objects.
        let rendered = try await proof.createDatabase()
        try proof.apply(SchemaSQLRenderer().render(toFiles.schema) + "INSERT INTO canary VALUES (1);\n", to: rendered, label: "rendered", singleTransaction: true)
        #expect(try await inventory(rendered, proof) == wanted, "the rendered schema\n\(SchemaSQLRenderer().render(toFiles.schema))")

        // The catalog's model of the target, rendered, is the same too (the live-database path).
        let live = try await proof.read(target)
        let fromLive = try await proof.createDatabase()
        try proof.apply(SchemaSQLRenderer().render(live) + "INSERT INTO canary VALUES (1);\n", to: fromLive, label: "rendered from the catalog", singleTransaction: true)
        let fromLiveInventory = try await inventory(fromLive, proof)
        #expect(fromLiveInventory == wanted, "the catalog's schema rendered: \(Self.difference(wanted, fromLiveInventory))\n\(SchemaSQLRenderer().render(live))")

        try await DatabaseConnection.withSession(cluster.connectionURL) { admin in
            for database in [source, target, rendered, fromLive] { try await admin.execute("DROP DATABASE \(database)") }
        }
    }

    @Test func creatingEveryObjectKindWithHostileNamesCreatesExactlyThoseObjects() async throws {
        try await prove(from: Self.canary, to: Self.canary + Self.everything, allowDataLoss: true)
    }

    @Test func changingEveryObjectKindWithHostileNamesChangesExactlyThoseObjects() async throws {
        try await prove(from: Self.canary + Self.everything, to: Self.canary + Self.changed, allowDataLoss: true)
    }
}
