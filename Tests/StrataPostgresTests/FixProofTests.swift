import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// Every fix Strata prints runs: each schema rule's triggering examples are loaded into a real
/// server, the printed fixes applied, the catalog read back and reviewed again. The finding must
/// be gone, and no finding of another rule may appear that was not there before.
/// One rule at a time: each case opens several connections on the shared cluster.
@Suite(.serialized, Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct FixProofTests {
    static let rules: [String] = RuleCatalog.schemaRules.filter { $0.description.category != .live }.map { $0.description.id }

    static func rule(_ id: String) -> any SchemaRule.Type { RuleCatalog.schemaRules.first { $0.description.id == id }! }

    /// The review of the live database with every file rule, as (rule, object) pairs.
    static func review(_ session: DatabaseSession, configuration: Configuration) async throws -> (all: Set<String>, findings: [Finding]) {
        let schema = try await CatalogReader(session: session).readSchema()
        let loaded = LoadedSchema(files: [], schema: schema, notes: [])
        let rules = RuleCatalog.schemaRules.filter { $0.description.category != .live }
        let findings = Reviewer(configuration: configuration).review(loaded, rules: rules).findings
        return (Set(findings.map { "\($0.rule) \($0.object ?? "")" }), findings)
    }

    @Test(arguments: rules)
    func printedFixesRunAndResolveTheFinding(_ id: String) async throws {
        let rule = Self.rule(id)
        for example in rule.description.triggeringExamples {
            let sql = example.sql.replacing(String(RuleExample.marker), with: "")
            let findings = Reviewer(configuration: example.configuration)
                .review(SchemaLoader.load(sources: [("example.sql", sql)]), rules: [rule]).findings.filter { $0.rule == id }
            let fixes = findings.compactMap(\.fix)
            guard !fixes.isEmpty else { continue }
            let location = rule.description.declaration(of: example)
            let sourceLocation = Testing.SourceLocation(fileID: "StrataKit/x.swift", filePath: location.file, line: location.line, column: 1)
            let reviews = try await SharedCluster.withFreshDatabase { session -> (before: (all: Set<String>, findings: [Finding]), after: (all: Set<String>, findings: [Finding]))? in
                _ = try await ScriptRunner.run(PostgresParser.parse(path: "example.sql", text: sql), on: session)
                let before = try await Self.review(session, configuration: example.configuration)
                do {
                    for fix in fixes {
                        _ = try await ScriptRunner.run(PostgresParser.parse(path: "fix.sql", text: fix), on: session)
                    }
                } catch {
                    Issue.record("\(id): the fix does not run: \(error)\n\(fixes.joined(separator: "\n"))", sourceLocation: sourceLocation)
                    return nil
                }
                return (before, try await Self.review(session, configuration: example.configuration))
            }
            guard let (before, after) = reviews else { continue }
            let remaining = after.findings.filter { $0.rule == id }
            #expect(remaining.isEmpty, "\(id): still reported after its fix:\n\(fixes.joined(separator: "\n"))\n-> \(remaining.map(\.message))",
                    sourceLocation: sourceLocation)
            let introduced = after.all.subtracting(before.all)
            #expect(introduced.isEmpty, "\(id): its fix brings new findings: \(introduced.sorted())\n\(fixes.joined(separator: "\n"))",
                    sourceLocation: sourceLocation)
        }
    }
}

/// On a live database an inferred reference is checked against the data: orphans (an anti-join)
/// and sentinel zeros are counted in the message, and a foreign key the data would fail is not
/// validated by the fix.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct InferredReferenceEvidenceTests {
    @Test func orphansAndSentinelsAreCountedFromTheData() async throws {
        let url = try await SharedCluster.freshDatabaseURL()
        let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(url, environment: [:]))
        defer { Task { await session.close() } }
        _ = try await ScriptRunner.run(PostgresParser.parse(path: "data.sql", text: """
            CREATE TABLE queues (id integer PRIMARY KEY);
            CREATE TABLE tickets (id bigint PRIMARY KEY, queue_id integer NOT NULL DEFAULT 0);
            CREATE INDEX ON tickets (queue_id);
            INSERT INTO queues VALUES (1), (2);
            INSERT INTO tickets VALUES (1, 1), (2, 2), (3, 0), (4, 0), (5, 9);
            """), on: session)
        let snapshot = try await LiveDatabase.read(database: url, statistics: true, environment: [:])
        let finding = try #require(Reviewer().review(schema: snapshot.schema, statistics: snapshot.statistics).findings
            .first { $0.rule == "missing-foreign-key" })
        #expect(finding.message.contains("in the data: 1 orphan, 2 rows holding 0"), "\(finding.message)")
        // queue_id is NOT NULL: every row must hold a value, so the zeros are not turned into NULLs.
        #expect(finding.fix?.contains("UPDATE") == false, "\(finding.fix ?? "")")
        #expect(finding.fix?.contains("DROP NOT NULL") == false)
        #expect(finding.fix?.contains("-- rows holding 0 point at no queues row") == true, "\(finding.fix ?? "")")
        #expect(finding.fix?.contains("\nALTER TABLE public.tickets VALIDATE") == false, "the data would fail validation")
        #expect(finding.fix?.contains("-- 1 row points at no queues row") == true, "\(finding.fix ?? "")")
    }
}

/// Fixes run with realistic rows present: they convert what they name and nothing else, and a
/// fix whose assumption the rows contradict refuses and changes nothing.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct FixesOnRealRowsTests {
    /// The fixes `rule` prints for `sql`.
    func fixes(_ rule: String, _ sql: String) -> [String] {
        Reviewer().review(SchemaLoader.load(sources: [("schema.sql", sql)])).findings.filter { $0.rule == rule }.compactMap(\.fix)
    }

    func apply(_ fixes: [String], on session: DatabaseSession) async throws {
        for fix in fixes { _ = try await ScriptRunner.run(PostgresParser.parse(path: "fix.sql", text: fix), on: session) }
    }

    /// A fresh database with `schema` and `rows` loaded, for `body`.
    func withRows(_ schema: String, _ rows: String, _ body: (DatabaseSession) async throws -> Void) async throws {
        try await SharedCluster.withFreshDatabase { session in
            _ = try await ScriptRunner.run(PostgresParser.parse(path: "schema.sql", text: schema + rows), on: session)
            try await body(session)
        }
    }

    /// A column named in milliseconds converts as milliseconds; the other columns and rows stay.
    @Test func anEpochInMillisecondsConvertsToTheSameInstants() async throws {
        let schema = "CREATE TABLE pings (id bigint PRIMARY KEY, sent_ms bigint NOT NULL, host text);"
        let fixes = fixes("epoch-integer-timestamp", schema)
        #expect(fixes.count == 1 && fixes[0].contains("/ 1000.0"), "\(fixes)")
        try await withRows(schema, """
                INSERT INTO pings VALUES (1, 1700000000123, 'a'), (2, 1600000000000, 'b');
                """) { (session: DatabaseSession) async throws in
            try await apply(fixes, on: session)
            let rows = try await session.scalarText("SELECT string_agg(id || '|' || extract(epoch FROM sent_ms) || '|' || host, ',' ORDER BY id) FROM pings")
            #expect(rows == "1|1700000000.123000|a,2|1600000000.000000|b", "\(rows ?? "")")
        }
    }

    /// Days since 1970 under a name that states no unit: the fix assumes seconds, finds values
    /// that are no date of this century in seconds, and refuses before changing anything.
    @Test func anEpochWhoseValuesAreNotSecondsIsRefusedUnchanged() async throws {
        let schema = "CREATE TABLE shadow (name text PRIMARY KEY, lastchange integer);"
        let fixes = fixes("epoch-integer-timestamp", schema)
        #expect(fixes.count == 1, "\(fixes)")
        try await withRows(schema, """
                INSERT INTO shadow VALUES ('root', 19700), ('daemon', 19000);
                """) { (session: DatabaseSession) async throws in
            await #expect(throws: (any Error).self) { try await apply(fixes, on: session) }
            #expect(try await session.scalarText("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'shadow'::regclass AND attname = 'lastchange'") == "integer")
            #expect(try await session.scalarText("SELECT string_agg(name || '=' || lastchange, ',' ORDER BY name) FROM shadow") == "daemon=19000,root=19700")
        }
    }

    /// A unique index that is already partial, on an expression, keeps both when it learns to
    /// skip soft-deleted rows; existing rows (a deleted duplicate among them) fit it.
    @Test func aPartialUniqueKeepsItsPredicateAndExpression() async throws {
        let schema = """
            CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, tenant_id bigint, deleted_at timestamptz);
            CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE tenant_id IS NOT NULL;
            """
        let fixes = fixes("soft-delete-unique-not-partial", schema)
        #expect(fixes.count == 1, "\(fixes)")
        try await withRows(schema, """
                INSERT INTO users VALUES (1, 'a@x', 1, NULL), (2, 'b@x', NULL, NULL), (3, 'c@x', 1, now());
                """) { (session: DatabaseSession) async throws in
            try await apply(fixes, on: session)
            let definition = try await session.scalarText("SELECT string_agg(pg_get_indexdef(indexrelid), ' | ') FROM pg_index WHERE indrelid = 'users'::regclass AND NOT indisprimary")
            #expect(definition?.contains("lower(email)") == true && definition?.contains("tenant_id IS NOT NULL") == true
                    && definition?.contains("deleted_at IS NULL") == true, "\(definition ?? "")")
            #expect(try await session.scalarText("SELECT count(*) FROM users") == "3")
        }
    }

    /// Addresses convert to inet, empty strings become NULL; a value that is no address makes
    /// the fix refuse before anything changes.
    @Test func anIPAddressConvertsOrRefusesUnchanged() async throws {
        let schema = "CREATE TABLE logins (id bigint PRIMARY KEY, client_ip varchar(45), who text);"
        let fixes = fixes("ip-address-as-text", schema)
        #expect(fixes.count == 1, "\(fixes)")
        try await withRows(schema, """
                INSERT INTO logins VALUES (1, '10.0.0.9', 'a'), (2, '', 'b'), (3, '2001:db8::1', 'c');
                """) { (session: DatabaseSession) async throws in
            try await apply(fixes, on: session)
            #expect(try await session.scalarText("SELECT string_agg(id || '=' || coalesce(host(client_ip), 'NULL') || '/' || who, ',' ORDER BY id) FROM logins")
                    == "1=10.0.0.9/a,2=NULL/b,3=2001:db8::1/c")
        }
        try await withRows(schema, """
                INSERT INTO logins VALUES (1, '10.0.0.9', 'a'), (2, 'unknown', 'b');
                """) { (session: DatabaseSession) async throws in
            await #expect(throws: (any Error).self) { try await apply(fixes, on: session) }
            #expect(try await session.scalarText("SELECT string_agg(client_ip, ',' ORDER BY id) FROM logins") == "10.0.0.9,unknown")
        }
    }

    /// A primary key is never proposed on a column that is a foreign key, keeps a unique
    /// constraint that foreign keys depend on, and is checked against the rows first.
    @Test func aPrimaryKeyFixRespectsReferencesAndTheRows() async throws {
        let child = "CREATE TABLE lists (id bigint PRIMARY KEY); CREATE TABLE list_items (id bigint NOT NULL REFERENCES lists, ord int NOT NULL, value text);"
        let childFix = fixes("missing-primary-key", child)
        #expect(childFix == ["ALTER TABLE public.list_items ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;"] || childFix.first?.contains("ADD COLUMN") == true, "\(childFix)")
        #expect(childFix.first?.contains("PRIMARY KEY (id)") == false, "\(childFix)")

        let referenced = """
            CREATE TABLE nodes (host text NOT NULL, node text NOT NULL, UNIQUE (host, node));
            CREATE TABLE items (id bigint PRIMARY KEY, host text, node text, FOREIGN KEY (host, node) REFERENCES nodes (host, node));
            """
        let referencedFix = fixes("missing-primary-key", referenced)
        try await withRows(referenced, """
                INSERT INTO nodes VALUES ('a', 'x'), ('a', 'y'); INSERT INTO items VALUES (1, 'a', 'x');
                """) { (session: DatabaseSession) async throws in
            try await apply(referencedFix, on: session)
            #expect(try await session.scalarText("SELECT count(*) FROM pg_constraint WHERE conrelid = 'nodes'::regclass AND contype IN ('p', 'u')") == "2")
            #expect(try await session.scalarText("SELECT count(*) FROM nodes") == "2")
        }

        let duplicated = "CREATE TABLE seen (id integer NOT NULL DEFAULT 0, msgid text NOT NULL, flag text);"
        let duplicatedFix = fixes("missing-primary-key", duplicated)
        try await withRows(duplicated, """
                INSERT INTO seen VALUES (1, 'a', 's'), (1, 'b', 'h');
                """) { (session: DatabaseSession) async throws in
            await #expect(throws: (any Error).self) { try await apply(duplicatedFix, on: session) }
            #expect(try await session.scalarText("SELECT count(*) FROM pg_constraint WHERE conrelid = 'seen'::regclass") == "0")
            #expect(try await session.scalarText("SELECT count(*) FROM seen") == "2")
        }
    }
}
