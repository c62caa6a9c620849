import Foundation
import Testing
import StrataTestSupport

/// The `strata` binary as a user runs it: exit codes, streams, NO_COLOR.
@Suite(Prerequisite.needs(Repository.hasStrataBinary, "needs the debug strata binary (swift build)")) struct CLITests {
    static let root = Repository.root
    static let binary = Repository.strataBinary

    func run(_ arguments: [String], environment: [String: String] = [:], binary: String = CLITests.binary, input: String? = nil) throws -> CommandRun {
        try CommandRun.run(arguments, executable: binary, environment: environment, input: input)
    }

    func temporaryFile(_ text: String, suffix: String = ".sql") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-cli-\(UUID().uuidString)\(suffix)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// One binary has every command: copied alone into another folder, it still reviews and lints.
    @Test func oneBinaryRunsEveryCommand() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let alone = folder.appendingPathComponent("strata").path
        try FileManager.default.copyItem(atPath: Self.binary, toPath: alone)

        let lint = try run(["lint", "examples/migrations"], environment: ["NO_COLOR": "1"], binary: alone)
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("error[require-concurrent-index]"))
        #expect(try run(["rules"], binary: alone).stdout.contains("missing-primary-key"))
        let review = try run(["review", "examples/shop/schema.sql"], binary: alone)
        #expect(review.status == 0)

        let help = try run(["--help"], binary: alone)
        #expect(help.status == 0)
        for command in ["review", "lint", "migrate", "schema", "erd", "rules"] { #expect(help.stdout.contains("  \(command)")) }
    }

    /// strata.toml is read strictly: a misspelt key is an error at its line and column, not ignored.
    @Test func unknownConfigurationKeyIsAnErrorAtItsPosition() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("strata.toml").path
        try "fail-on = \"error\"\n[rules]\n  disabel = [\"prefer-bigint-key\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try run(["review", "examples/shop/schema.sql", "--config", config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(config):3:3: error: unknown key rules.disabel"))
        #expect(result.stdout.isEmpty)
    }

    /// A config file that is not there is an unreadable input, said in the system's words, with no
    /// advice about rule ids.
    @Test func missingConfigurationFileIsAnUnreadableInput() throws {
        let result = try run(["review", "examples/shop/schema.sql", "--config", "/nonexistent/strata.toml"])
        #expect(result.status == 2)
        #expect(result.stderr == "/nonexistent/strata.toml: error: cannot read the file: No such file or directory\n")
    }

    @Test func cleanSchemaExitsZero() throws {
        let result = try run(["review", "examples/shop/schema.sql"])
        #expect(result.status == 0)
        #expect(result.stdout == "No findings in 1 file.\n")
    }

    @Test func findingsExitOneAndFollowTheLinterFormat() throws {
        let result = try run(["review", "examples/shop-broken/schema.sql"], environment: ["NO_COLOR": "1"])
        #expect(result.status == 1)
        let first = try #require(result.stdout.split(separator: "\n").first)
        #expect(first.hasPrefix("examples/shop-broken/schema.sql:4:1: error[missing-primary-key]") || first.contains(": warning[") || first.contains(": info["))
        #expect(!result.stdout.contains("\u{1B}["))
    }

    /// A Prisma schema through the binary: findings at its lines with Prisma fixes (also in JSON),
    /// the DDL Prisma Migrate would write, the schema written back, a bad file named at its line.
    @Test func aPrismaProjectThroughTheBinary() throws {
        let review = try run(["review", "examples/prisma/schema.prisma"], environment: ["NO_COLOR": "1"])
        #expect(review.status == 1)
        #expect(review.stdout.contains("examples/prisma/schema.prisma:34:3: warning[fk-missing-index]"))
        #expect(review.stdout.contains("    prisma: @@index([customerId]) in model Order"))
        let json = try run(["review", "examples/prisma/schema.prisma", "--format", "json"])
        #expect(json.stdout.contains("\"prismaFix\": \"@@index([customerId]) in model Order\""))

        let ddl = try run(["schema", "examples/prisma/schema.prisma", "--format", "sql"])
        #expect(ddl.status == 0)
        #expect(ddl.stdout.contains("CREATE TABLE \"public\".\"orders\" ("))
        #expect(ddl.stdout.contains("ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_customer_id_fkey\" FOREIGN KEY (\"customer_id\") REFERENCES \"public\".\"customers\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE;"))

        let written = try run(["schema", "examples/shop-broken/schema.sql", "--format", "prisma"])
        #expect(written.status == 0)
        #expect(written.stdout.contains("datasource db {") && written.stdout.contains("@@map("))
        #expect(written.stderr.contains("warning: "))

        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString).prisma").path
        try "datasource db {\n  provider = \"postgresql\"\n}\nmodel A {\n  id Int @id @default(\n}\n".write(toFile: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let failed = try run(["review", broken], environment: ["NO_COLOR": "1"])
        #expect(failed.status == 2)
        #expect(failed.stdout.contains("\(broken):6:1: error[syntax-error]"), "\(failed.stdout)\(failed.stderr)")
    }

    @Test func aServerLogThroughTheBinary() throws {
        let log = "examples/queries/app.log"
        let text = try run(["queries", log, "--schema-file", "examples/queries/schema.sql"], environment: ["NO_COLOR": "1"])
        #expect(text.status == 1, "\(text.stderr)")
        #expect(text.stdout.contains("Top 8 fingerprints by total time:"), "\(text.stdout)")
        for rule in ["n-plus-one", "select-star", "unbounded-select", "slow-point-lookup", "slow-query", "writes-outside-transaction", "repeated-identical-query"] {
            #expect(text.stdout.contains("[\(rule)]"), "\(rule) missing in \(text.stdout)")
        }
        #expect(text.stdout.contains("fix: SELECT id, author_id, title, created_at, updated_at FROM posts WHERE id = $1;"))

        let json = try run(["queries", log, "--format", "json", "--top", "2"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["top"] as? [Any])?.count == 2)
        #expect((document["summary"] as? [String: Any])?["statements"] as? Int == 64)
        let github = try run(["queries", log, "--format", "github"])
        #expect(github.stdout.contains("::warning file=\(log),line="), "\(github.stdout)")
        // Thresholds from strata.toml; --fail-on as for review.
        let config = try temporaryFile("[queries]\nslow-query-ms = 5000\npoint-lookup-ms = 100\n[rules]\ndisable = [\"select-star\", \"unbounded-select\", \"n-plus-one\", \"writes-outside-transaction\"]\n", suffix: ".toml")
        let relaxed = try run(["queries", log, "--config", config], environment: ["NO_COLOR": "1"])
        #expect(relaxed.status == 0, "\(relaxed.stdout)")
        #expect(relaxed.stdout.contains("info[repeated-identical-query]"))
        let badConfig = try temporaryFile("[queries]\nslow-query-ms = \"fast\"\n", suffix: ".toml")
        let refused = try run(["queries", log, "--config", badConfig])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains(":2:1: error: queries.slow-query-ms must be a number"), "\(refused.stderr)")
        let missing = try run(["queries", "no-such.log"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such.log: error: no such file"), "\(missing.stderr)")
        let stdin = try run(["queries", "-", "--format", "json"], input: try String(contentsOfFile: log, encoding: .utf8))
        #expect(stdin.status == 1)
        #expect(stdin.stdout.contains("\"statements\": 64"))
        // A folder of logs (PostgreSQL's log_directory) is read whole.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-logs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["postgresql-1.log", "postgresql-2.log"] { try FileManager.default.copyItem(atPath: Repository.path(log), toPath: folder + "/" + name) }
        let both = try run(["queries", folder, "--format", "json"])
        #expect(both.stdout.contains("\"statements\": 128"), "\(both.stdout.prefix(400))")
    }

    /// `--changed-since`: a branch's own migrations are linted, the committed ones only replayed.
    @Test func changedSinceLintsOnlyWhatTheBranchAdds() throws {
        let repository = FileManager.default.temporaryDirectory.appendingPathComponent("strata-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: repository + "/migrations", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: repository) }
        func git(_ arguments: [String]) throws {
            let run = try CommandRun.run(["-c", "user.email=ci@example.com", "-c", "user.name=CI"] + arguments, executable: "/usr/bin/git",
                                         directory: URL(fileURLWithPath: repository))
            #expect(run.status == 0, "\(run.stderr)")
        }
        try git(["init", "-q"])
        try "CREATE TABLE a (id int PRIMARY KEY, email text);\nCREATE INDEX a_email ON a (email);\n".write(toFile: repository + "/migrations/0001_a.up.sql", atomically: true, encoding: .utf8)
        try "DROP TABLE a;\n".write(toFile: repository + "/migrations/0001_a.down.sql", atomically: true, encoding: .utf8)
        try git(["add", "."])
        try git(["commit", "-q", "-m", "first"])
        try "CREATE INDEX a_id_email ON a (id, email);\n".write(toFile: repository + "/migrations/0002_b.up.sql", atomically: true, encoding: .utf8)
        try "DROP INDEX a_id_email;\n".write(toFile: repository + "/migrations/0002_b.down.sql", atomically: true, encoding: .utf8)
        let all = try CommandRun.run(["lint", "migrations", "--format", "json"], directory: URL(fileURLWithPath: repository))
        #expect(all.stdout.contains("0002_b.up.sql") && all.stdout.contains("0001_a.up.sql"), "\(all.stdout)")
        let branch = try CommandRun.run(["lint", "migrations", "--changed-since", "HEAD", "--format", "json"], directory: URL(fileURLWithPath: repository))
        #expect(branch.stdout.contains("0002_b.up.sql") && !branch.stdout.contains("0001_a.up.sql"), "\(branch.stdout)")
        #expect(branch.stderr.contains("changed since HEAD"), "\(branch.stderr)")
        let badRevision = try CommandRun.run(["lint", "migrations", "--changed-since", "no-such-ref"], directory: URL(fileURLWithPath: repository))
        #expect(badRevision.status == 2)
    }

    /// Rules on and off from the command line, as strata.toml does; a misspelt id is an error.
    @Test func onlyAndDisableFromTheCommandLine() throws {
        let path = try temporaryFile("CREATE TABLE p (id bigint PRIMARY KEY);\nCREATE TABLE t (id bigint PRIMARY KEY, p_id bigint REFERENCES p, price double precision);")
        let all = try run(["review", path, "--format", "json"])
        #expect(all.stdout.contains("fk-missing-index") && all.stdout.contains("money-as-float"))
        let only = try run(["review", path, "--format", "json", "--only", "money-as-float"])
        #expect(only.stdout.contains("money-as-float") && !only.stdout.contains("fk-missing-index"), "\(only.stdout)")
        let disabled = try run(["review", path, "--format", "json", "--disable", "money-as-float,fk-missing-index"])
        #expect(!disabled.stdout.contains("money-as-float") && !disabled.stdout.contains("fk-missing-index"))
        let typo = try run(["review", path, "--disable", "money-as-flaot"])
        #expect(typo.status == 2 && typo.stderr.contains("money-as-flaot"))
    }

    @Test func failOnErrorIgnoresWarnings() throws {
        let path = try temporaryFile("CREATE TABLE p (id bigint PRIMARY KEY);\nCREATE TABLE t (id bigint PRIMARY KEY, p_id bigint REFERENCES p);")
        #expect(try run(["review", path]).status == 1)
        #expect(try run(["review", path, "--fail-on", "error"]).status == 0)
    }

    @Test func syntaxErrorsExitTwoWithPosition() throws {
        let path = try temporaryFile("CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE TABEL b (id int);\n")
        let result = try run(["review", path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("\(path):2:8: error[syntax-error] syntax error at or near \"TABEL\""))
    }

    @Test func usageAndIOErrorsExitTwo() throws {
        #expect(try run(["review"]).status == 2)
        #expect(try run(["review", "--format", "xml", "examples/shop/schema.sql"]).status == 2)
        let missing = try run(["review", "no/such/file.sql"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no/such/file.sql: error: no such file or directory"))
        #expect(try run(["--help"]).status == 0)
    }

    @Test func badConfigurationExitsTwo() throws {
        let config = try temporaryFile("[rules]\ndisable = [\"nope\"]\n")
        let result = try run(["review", "--config", config, "examples/shop/schema.sql"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown rule 'nope'"))
    }

    @Test func schemaErdAndRulesCommands() throws {
        let json = try run(["schema", "examples/shop/schema.sql", "--format", "json"])
        #expect(json.status == 0)
        #expect(json.stdout.contains("\"name\": \"public.orders\""))
        let sql = try run(["schema", "examples/shop/schema.sql", "--format", "sql"])
        #expect(sql.stdout.contains("CREATE TABLE public.orders ("))
        let erd = try run(["erd", "examples/shop/schema.sql"])
        #expect(erd.stdout.hasPrefix("erDiagram\n"))
        let rules = try run(["rules", "--format", "json"])
        #expect(rules.stdout.contains("\"id\": \"fk-missing-index\""))
    }

    @Test func migrationsFolderReplaysUpFilesInVersionOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "CREATE TABLE t (id bigint PRIMARY KEY);".write(to: folder.appendingPathComponent("2_create.up.sql"), atomically: true, encoding: .utf8)
        try "DROP TABLE t;".write(to: folder.appendingPathComponent("2_create.down.sql"), atomically: true, encoding: .utf8)
        try "ALTER TABLE t ADD COLUMN n int;".write(to: folder.appendingPathComponent("10_add.up.sql"), atomically: true, encoding: .utf8)
        let result = try run(["schema", folder.path, "--format", "sql"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("id bigint NOT NULL,\n    n integer"))
    }

    @Test func lintExitCodesAndSince() throws {
        let all = try run(["lint", "examples/migrations"], environment: ["NO_COLOR": "1"])
        #expect(all.status == 1)
        #expect(all.stdout.contains("examples/migrations/0003_invoice_status.up.sql:4:1: error[require-concurrent-index] CREATE INDEX takes SHARE on invoices"))
        let recent = try run(["lint", "examples/migrations", "--since", "0004"])
        #expect(recent.status == 0)
        #expect(recent.stdout == "No findings in 1 file.\n")
        #expect(try run(["lint", "examples/migrations", "--since", "latest"]).status == 2)
        let json = try run(["lint", "examples/migrations", "--format", "json"])
        #expect(json.stdout.contains("\"rule\": \"add-check-validated\""))
    }
}

extension CLITests {
    /// lint reads migration files only: a database option would be silently ignored, so it is refused.
    @Test func lintRefusesDatabaseOptions() throws {
        let run = try run(["lint", "--database", "postgres://app@db/shop", "examples/migrations"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("Unknown option '--database'"))
    }
}
