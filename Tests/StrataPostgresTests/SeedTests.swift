import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// `strata seed` on a real server: idempotent, ordered, checked, and nothing written on an error.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct SeedTests {
    static let schema = """
        CREATE TABLE plans (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code text NOT NULL UNIQUE, name text NOT NULL, price_cents integer NOT NULL CHECK (price_cents >= 0));
        CREATE TABLE roles (id serial PRIMARY KEY, name text NOT NULL UNIQUE, parent_id integer REFERENCES roles);
        CREATE TABLE plan_features (plan_id bigint NOT NULL REFERENCES plans, feature text NOT NULL, PRIMARY KEY (plan_id, feature));
        CREATE TABLE notes (id bigint PRIMARY KEY, body text);
        """

    static let plans = """
        key: [code]
        rows:
          - { code: free, name: Free, price_cents: 0 }
          - { code: pro, name: Pro, price_cents: 2000 }
        """
    static let roles = "# key: name\nname,parent\nadmin,\neditor,admin\nviewer,editor\n"
    static let features = "plan,feature\npro,sso\npro,audit\nfree,basic\n"

    func files(plans: String = Self.plans, roles: String = Self.roles, features: String = Self.features) throws -> [SeedFile] {
        [try SeedFile.read(path: "seeds/common/plans.yml", text: plans),
         try SeedFile.read(path: "seeds/common/roles.csv", text: roles),
         try SeedFile.read(path: "seeds/production/plan_features.csv", text: features)]
    }

    func prepared(_ body: (DatabaseSession) async throws -> Void) async throws {
        try await SharedCluster.withFreshDatabase { session in
            _ = try await ScriptRunner.run(PostgresParser.parse(path: "schema.sql", text: Self.schema), on: session)
            // Rows the seeds do not name: they must stay as they are.
            try await session.execute("INSERT INTO plans (code, name, price_cents) VALUES ('legacy', 'Legacy', 500)")
            try await session.execute("INSERT INTO notes VALUES (1, 'untouched')")
            try await body(session)
        }
    }

    func text(_ session: DatabaseSession, _ sql: String) async throws -> String { try await session.scalarText(sql) ?? "NULL" }

    @Test func aSecondRunWritesNothingAndReferencesResolve() async throws {
        try await prepared { session in
            let first = try await Seeder.seed(try files(), on: session)
            // Parents first: plans before the features that reference them.
            #expect(first.tables.map(\.table.name) == ["plans", "plan_features", "roles"], "\(first.tables)")
            #expect(first.tables.map(\.inserted) == [2, 3, 3], "\(first.tables)")
            let versions = try await text(session, "SELECT string_agg(xmin::text, ',' ORDER BY code) FROM plans")
            let second = try await Seeder.seed(try files(), on: session)
            #expect(second.tables.allSatisfy { $0.inserted == 0 && $0.updated == 0 }, "\(second.tables)")
            #expect(try await text(session, "SELECT string_agg(xmin::text, ',' ORDER BY code) FROM plans") == versions, "a second run rewrote rows")
            // Natural keys became ids; the self-reference chain is whole.
            #expect(try await text(session, "SELECT string_agg(p.code || ':' || f.feature, ',' ORDER BY p.code, f.feature) FROM plan_features f JOIN plans p ON p.id = f.plan_id")
                    == "free:basic,pro:audit,pro:sso")
            #expect(try await text(session, "SELECT string_agg(r.name || '<' || coalesce(p.name, '-'), ',' ORDER BY r.name) FROM roles r LEFT JOIN roles p ON p.id = r.parent_id")
                    == "admin<-,editor<admin,viewer<editor")
            // Rows the seeds do not list are reported and kept; other tables untouched.
            #expect(second.tables.first { $0.table.name == "plans" }?.unlisted == 1)
            #expect(try await text(session, "SELECT string_agg(code, ',' ORDER BY code) FROM plans") == "free,legacy,pro")
            #expect(try await text(session, "SELECT body FROM notes WHERE id = 1") == "untouched")
            #expect(try await text(session, "SELECT count(*) FROM strata_seeds") == "3")
        }
    }

    @Test func aBadValueIsAnErrorAtItsLineAndNothingIsWritten() async throws {
        try await prepared { session in
            let broken = Self.features.replacingOccurrences(of: "free,basic", with: "free,basic\nenterprise,sla")
            await #expect(throws: SeedError.self) { try await Seeder.seed(try files(features: broken), on: session) }
            do {
                _ = try await Seeder.seed(try files(features: broken), on: session)
            } catch let error as SeedError {
                #expect(error.location.line == 5 && error.location.column == 1, "\(error)")
                #expect(error.message.contains("enterprise"), "\(error)")
            }
            let negative = Self.plans.replacingOccurrences(of: "price_cents: 2000", with: "price_cents: twenty")
            do {
                _ = try await Seeder.seed(try files(plans: negative), on: session)
                Issue.record("a text in an integer column was written")
            } catch let error as SeedError {
                #expect(error.location.line == 4 && error.location.column == 42 && error.message.contains("price_cents"), "\(error)")
            }
            // Nothing of either run was written: the plans are the one row there was.
            #expect(try await text(session, "SELECT string_agg(code, ',' ORDER BY code) FROM plans") == "legacy")
            #expect(try await text(session, "SELECT count(*) FROM roles") == "0")
        }
    }

    @Test func theCheckReportsOldAndNewValuesAndChangesNothing() async throws {
        try await prepared { session in
            _ = try await Seeder.seed(try files(), on: session)
            let edited = Self.plans.replacingOccurrences(of: "price_cents: 2000", with: "price_cents: 2500")
                + "\n  - { code: team, name: Team, price_cents: 9000 }"
            let report = try await Seeder.seed(try files(plans: edited), on: session, check: true)
            let plans = try #require(report.tables.first { $0.table.name == "plans" })
            #expect(plans.changes.contains { $0.kind == .changed && $0.key == "code=pro" && $0.columns == [.init(name: "price_cents", old: "2000", new: "2500")] },
                    "\(plans.changes)")
            #expect(plans.changes.contains { $0.kind == .added && $0.key == "code=team" }, "\(plans.changes)")
            #expect(plans.changes.contains { $0.kind == .unlisted && $0.key == "code=legacy" })
            #expect(report.drift)
            #expect(try await text(session, "SELECT price_cents FROM plans WHERE code = 'pro'") == "2000")
            #expect(try await text(session, "SELECT count(*) FROM plans") == "3")
            let clean = try await Seeder.seed(try files(), on: session, check: true)
            #expect(clean.tables.flatMap(\.changes).allSatisfy { $0.kind == .unlisted })
        }
    }

    @Test func pruneDeletesOnlyUnlistedRowsAndRefusesReferencedOnes() async throws {
        try await prepared { session in
            _ = try await Seeder.seed(try files(), on: session)
            let pruned = try await Seeder.seed(try files(), on: session, prune: true)
            #expect(pruned.tables.first { $0.table.name == "plans" }?.pruned == 1)
            #expect(try await text(session, "SELECT string_agg(code, ',' ORDER BY code) FROM plans") == "free,pro")
            // free is referenced by its feature: dropping it from the plans (and not from the
            // features) cannot prune it, and nothing of the run is kept.
            let withoutFree = "key: [code]\nrows:\n  - { code: pro, name: Pro Plus, price_cents: 2000 }\n"
            do {
                _ = try await Seeder.seed(try files(plans: withoutFree), on: session, prune: true)
                Issue.record("a referenced row was pruned")
            } catch let error as SeedError {
                #expect(error.message.contains("plan_features"), "\(error)")
            }
            #expect(try await text(session, "SELECT name FROM plans WHERE code = 'pro'") == "Pro")
        }
    }

    /// A `.sql` seed runs once per checksum, again when it changes, and a failing one leaves nothing.
    @Test func sqlSeedsRunOncePerChecksum() async throws {
        try await prepared { session in
            let script = Seeder.Script(path: "seeds/common/notes.sql", text: "UPDATE notes SET body = body || '!' WHERE id = 1;\n")
            let first = try await Seeder.seed(try files(), scripts: [script], on: session)
            #expect(first.scripts == ["seeds/common/notes.sql"])
            let second = try await Seeder.seed(try files(), scripts: [script], on: session)
            #expect(second.scripts.isEmpty)
            #expect(try await text(session, "SELECT body FROM notes WHERE id = 1") == "untouched!")
            let changed = Seeder.Script(path: "seeds/common/notes.sql", text: "UPDATE notes SET body = body || '?' WHERE id = 1;\n")
            #expect(try await Seeder.seed(try files(), scripts: [changed], on: session, check: true).scripts == ["seeds/common/notes.sql"])
            #expect(try await text(session, "SELECT body FROM notes WHERE id = 1") == "untouched!")
            let broken = Seeder.Script(path: "seeds/common/notes.sql", text: "UPDATE notes SET body = 'x' WHERE id = 1;\nUPDATE no_such_table SET x = 1;\n")
            do {
                _ = try await Seeder.seed(try files(), scripts: [broken], on: session)
                Issue.record("a failing script was accepted")
            } catch {
                #expect("\(error)".contains("notes.sql:2:"), "\(error)")
            }
            #expect(try await text(session, "SELECT body FROM notes WHERE id = 1") == "untouched!")
        }
    }

    @Test func concurrentRunsApplyOnce() async throws {
        let url = try await SharedCluster.freshDatabaseURL()
        try await DatabaseConnection.withSession(url) { session in
            _ = try await ScriptRunner.run(PostgresParser.parse(path: "schema.sql", text: Self.schema), on: session)
        }
        let files = try files()
        async let first = DatabaseConnection.withSession(url) { try await Seeder.seed(files, on: $0) }
        async let second = DatabaseConnection.withSession(url) { try await Seeder.seed(files, on: $0) }
        let reports = try await [first, second]
        let inserted = reports.flatMap(\.tables).reduce(0) { $0 + $1.inserted }
        #expect(inserted == 8, "\(reports.map(\.tables))")
        try await DatabaseConnection.withSession(url) { session in
            let count = try await session.scalarText("SELECT count(*) FROM plan_features")
            #expect(count == "3")
        }
    }

    @Test func fileErrorsNameTheirLineBeforeAnythingRuns() throws {
        let schema = DatabaseSchema(sql: Self.schema)
        let unknown = try SeedFile.read(path: "plans.csv", text: "code,name,colour\nfree,Free,red\n")
        do {
            _ = try SeedPlan.plan(files: [unknown], schema: schema)
            Issue.record("an unknown column was accepted")
        } catch {
            #expect(error.location.line == 1 && error.location.column == 11 && error.message.contains("colour"), "\(error)")
        }
        let twice = try SeedFile.read(path: "plans.csv", text: "# key: code\ncode,name,price_cents\nfree,Free,0\nfree,Again,1\n")
        do {
            _ = try SeedPlan.plan(files: [twice], schema: schema)
            Issue.record("a duplicate key was accepted")
        } catch {
            #expect(error.location.line == 4 && error.message.contains("twice"), "\(error)")
        }
        #expect(throws: SeedError.self) { try SeedFile.read(path: "plans.csv", text: "code,name\n\"free,Free\n") }
        let cycle = try SeedFile.read(path: "roles.csv", text: "# key: name\nname,parent\na,b\nb,a\n")
        #expect(throws: SeedError.self) { try SeedPlan.plan(files: [cycle], schema: schema) }
    }
}
