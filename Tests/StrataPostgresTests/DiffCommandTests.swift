import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// `strata diff` and `strata migrate diff` as a user runs them: files, folders and databases on
/// either side, the drift check, refusals, errors, and the generated files proven and linted.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil && Repository.hasStrataBinary,
                          "needs PostgreSQL server programs and the debug strata binary"))
struct DiffCommandTests {
    func strata(_ arguments: [String], in directory: URL = Repository.root) throws -> CommandRun {
        try CommandRun.run(arguments, unset: ["DATABASE_URL"], directory: directory)
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let before = "CREATE TABLE users (id bigint PRIMARY KEY, mail text);\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n"
    static let after = """
        CREATE TABLE users (
          id bigint PRIMARY KEY,
          email text NOT NULL -- strata:renamed-from mail
        );
        CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), note text);
        CREATE INDEX orders_user_id_idx ON orders (user_id);

        """

    @Test func fileToFileWritesAScriptAndTheDown() throws {
        let folder = try temporaryFolder()
        let from = try write(Self.before, "before.sql", in: folder), to = try write(Self.after, "after.sql", in: folder)
        let down = folder.appendingPathComponent("down.sql").path
        let run = try strata(["diff", "--from", from, "--to", to, "--down", down, "--verify"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("RENAME COLUMN mail TO email"))
        #expect(run.stdout.contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx"))
        #expect(run.stdout.contains("NOT VALID") && run.stdout.contains("VALIDATE CONSTRAINT orders_user_id_fkey"))
        #expect(run.stderr.contains("proof: up: the database equals the target"), "\(run.stderr)")
        #expect(run.stderr.contains("proof: down: the database equals the source again"))
        let downScript = try String(contentsOfFile: down, encoding: .utf8)
        #expect(downScript.contains("RENAME COLUMN email TO mail"))

        let same = try strata(["diff", "--from", from, "--to", from, "--exit-code"])
        #expect(same.status == 0 && same.stdout.contains("nothing to do"), "\(same.stdout)\(same.stderr)")
        let differs = try strata(["diff", "--from", from, "--to", to, "--exit-code", "--format", "text"])
        #expect(differs.status == 1, "\(differs.stderr)")
        #expect(differs.stdout.contains("statements in"))

        let json = try strata(["diff", "--from", from, "--to", to, "--format", "json"])
        #expect(json.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(document?["differs"] as? Bool == true)
        #expect((document?["up"] as? [String: Any])?["steps"] as? [Any] != nil)
    }

    /// A drift check shows the drift and exits 1 even where applying it would lose data, and a type
    /// PostgreSQL stores alike (`timestamp(6)` is `timestamp`) is no drift.
    @Test func aDriftCheckShowsDriftThatWouldLoseData() throws {
        let folder = try temporaryFolder()
        let from = try write("CREATE TABLE t (id bigint PRIMARY KEY, note text, at timestamp, ends time);\n", "a.sql", in: folder)
        let to = try write("CREATE TABLE t (id bigint PRIMARY KEY, at timestamp(6), ends time(6) without time zone);\n", "b.sql", in: folder)
        let drift = try strata(["diff", "--from", from, "--to", to, "--exit-code"])
        #expect(drift.status == 1, "\(drift.stderr)")
        #expect(drift.stdout.contains("DROP COLUMN") && drift.stdout.contains("note"), "\(drift.stdout)")
        #expect(drift.stderr.contains("loses data") && drift.stderr.contains("t.note"), "\(drift.stderr)")
        #expect(!drift.stdout.contains("ALTER COLUMN"), "timestamp(6) is timestamp: \(drift.stdout)")
        // Without the drift check, writing it still needs --allow-data-loss.
        #expect(try strata(["diff", "--from", from, "--to", to]).status == 2)
    }

    /// What diff writes passes `strata lint`: its own transactions declared, CONCURRENTLY outside
    /// them, statements a rerun survives, NOT NULL through a CHECK validated earlier in the script.
    @Test func whatDiffWritesPassesLint() throws {
        let folder = try temporaryFolder()
        let from = try write(Self.before, "before.sql", in: folder)
        let to = try write("""
            CREATE TABLE users (id bigint PRIMARY KEY, mail text NOT NULL, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            CREATE UNIQUE INDEX users_mail_key ON users (lower(mail));
            CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), total numeric CHECK (total >= 0));
            CREATE INDEX orders_user_id_idx ON orders (user_id);
            CREATE TABLE notes (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX notes_order_id_idx ON notes (order_id);

            """, "after.sql", in: folder)
        let up = try strata(["diff", "--from", from, "--to", to])
        #expect(up.status == 0, "\(up.stderr)")
        let script = try write(up.stdout, "up.sql", in: folder)
        let lint = try strata(["lint", script])
        // The review's findings on the target's design (its own tables) are not about how diff writes.
        var migrationFindings: [String] = []
        for rule in RuleCatalog.migrationRules where lint.stdout.contains("[\(rule.description.id)]") { migrationFindings.append(rule.description.id) }
        let output = lint.stdout + "\n" + up.stdout
        #expect(migrationFindings == [], "\(output)")
        #expect(lint.status <= 1, "\(output)")
    }

    @Test func dataLossIsRefusedWithTheStatementAndARenameHint() throws {
        let folder = try temporaryFolder()
        let from = try write("CREATE TABLE t (id bigint PRIMARY KEY, mail text);\n", "a.sql", in: folder)
        let to = try write("CREATE TABLE t (id bigint PRIMARY KEY, email text);\n", "b.sql", in: folder)
        let run = try strata(["diff", "--from", from, "--to", to])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("ALTER TABLE public.t DROP COLUMN mail"), "\(run.stderr)")
        #expect(run.stderr.contains("strata:renamed-from mail"), "\(run.stderr)")
        let allowed = try strata(["diff", "--from", from, "--to", to, "--allow-data-loss"])
        #expect(allowed.status == 0)
        #expect(allowed.stdout.contains("-- data loss: every value of t.mail is deleted"))
    }

    @Test func aSyntaxErrorNamesFileLineAndColumn() throws {
        let folder = try temporaryFolder()
        let from = try write("CREATE TABLE t (id bigint PRIMARY KEY);\n", "a.sql", in: folder)
        let to = try write("CREATE TABLE t (id bigint PRIMARY KEY);\nCREATE TABLE u (id bigint PRIMARY KEY,, x text);\n", "b.sql", in: folder)
        let run = try strata(["diff", "--from", from, "--to", to])
        #expect(run.status == 2)
        #expect(run.stderr.contains("b.sql:2:"), "\(run.stderr)")
        #expect(run.stderr.contains("syntax error"))
        #expect(!run.stderr.contains("Fatal error"))
        // With both sides broken, the first side's error is the one reported.
        let broken = try write("CREATE TABLE t (id bigint PRIMARY KEY,, y text);\n", "c.sql", in: folder)
        let both = try strata(["diff", "--from", broken, "--to", to])
        #expect(both.status == 2)
        #expect(both.stderr.contains("c.sql:1:"), "\(both.stderr)")
    }

    @Test func databaseToDatabaseAndTheDriftCheck() async throws {
        let cluster = try #require(SharedCluster.cluster)
        let proof = ThrowawayServer(cluster: cluster)
        let live = try await proof.createDatabase(), desired = try await proof.createDatabase()
        try proof.apply(Self.before, to: live, label: "live")
        let folder = try temporaryFolder()
        let desiredFile = try write(Self.after, "after.sql", in: folder)
        try proof.apply(Self.after, to: desired, label: "desired")
        // A password in the URL never appears in what Strata prints.
        let liveURL = "postgres://\(cluster.user):sekrit-pass@/\(live)?host=\(cluster.socketDirectory)&port=\(cluster.port)"
        let desiredURL = proof.url(desired)

        let drift = try strata(["diff", "--from", liveURL, "--to", desiredFile, "--exit-code", "--format", "text"])
        #expect(drift.status == 1, "\(drift.stderr)")
        #expect(!(drift.stdout + drift.stderr).contains("sekrit-pass"))

        // Between two databases there is no rename marker: the column would be dropped and added.
        let refused = try strata(["diff", "--from", liveURL, "--to", desiredURL])
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("DROP COLUMN mail") && !refused.stderr.contains("sekrit-pass"))
        let allowed = try strata(["diff", "--from", liveURL, "--to", desiredURL, "--allow-data-loss", "--verify"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stderr.contains("proof: up again: the database equals the target"), "\(allowed.stderr)")
        #expect(!(allowed.stdout + allowed.stderr).contains("sekrit-pass"))
        try proof.apply(allowed.stdout, to: live, label: "applied")
        let clean = try strata(["diff", "--from", liveURL, "--to", desiredURL, "--exit-code"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        let cleanAgainstFile = try strata(["diff", "--from", liveURL, "--to", desiredFile, "--exit-code"])
        #expect(cleanAgainstFile.status == 0, "\(cleanAgainstFile.stdout)\(cleanAgainstFile.stderr)")
    }

    @Test func migrateDiffWritesProvenMigrationsThatLintClean() throws {
        let folder = try temporaryFolder()
        let migrations = folder.appendingPathComponent("migrations")
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("examples/migrations"), to: migrations)
        let existing = try FileManager.default.contentsOfDirectory(atPath: migrations.path).count
        let schema = try strata(["schema", "--format", "sql", migrations.path])
        #expect(schema.status == 0)
        let desired = schema.stdout
            .replacingOccurrences(of: "    due_on date,", with: "    due_on date,\n    paid_at timestamp with time zone,\n    reference text NOT NULL,")
            + "CREATE INDEX invoices_paid_at_idx ON public.invoices (paid_at) WHERE paid_at IS NOT NULL;\n"
        let desiredFile = try write(desired, "schema.sql", in: folder)

        let run = try strata(["migrate", "diff", "add_payments", "--schema", desiredFile, "--dir", migrations.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("proof: "), "\(run.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: migrations.path).sorted()
        #expect(files.count > existing, "\(files)")
        #expect(files.contains("0005_add_payments.up.sql") && files.contains("0006_add_payments_concurrently.up.sql"), "\(files)")
        let concurrent = try String(contentsOfFile: migrations.appendingPathComponent("0006_add_payments_concurrently.up.sql").path, encoding: .utf8)
        #expect(concurrent.hasPrefix("-- strata:no-transaction"))

        let lint = try strata(["lint", migrations.path, "--since", "0005"])
        #expect(lint.status == 0, "\(lint.stdout)")
        let verify = try strata(["migrate", "verify", "--dir", migrations.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // The folder now builds the schema: nothing more to write.
        let again = try strata(["migrate", "diff", "add_payments", "--schema", desiredFile, "--dir", migrations.path])
        #expect(again.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: migrations.path).count == files.count)
    }

    @Test func migrateDiffWritesNothingWhenDataWouldBeLost() throws {
        let folder = try temporaryFolder()
        let migrations = folder.appendingPathComponent("migrations")
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("examples/migrations"), to: migrations)
        let before = try FileManager.default.contentsOfDirectory(atPath: migrations.path).sorted()
        let schema = try strata(["schema", "--format", "sql", migrations.path])
        let desired = schema.stdout.replacingOccurrences(of: "    due_on date,\n", with: "")
            .replacingOccurrences(of: "CONSTRAINT invoices_due_on_check CHECK (due_on > '2020-01-01') NOT VALID,", with: "")
            .replacingOccurrences(of: "CREATE INDEX invoices_due_on_idx ON public.invoices (due_on);\n", with: "")
        let desiredFile = try write(desired, "schema.sql", in: folder)
        let run = try strata(["migrate", "diff", "drop_due_on", "--schema", desiredFile, "--dir", migrations.path])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("DROP COLUMN due_on"), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: migrations.path).sorted() == before)
    }
}
