import Foundation
import Testing
@testable import StrataKit

/// Every migrations layout read where a folder is read, each from a small folder shaped like the
/// tool's own (written here, not copied from a project).
@Suite struct MigrationLayoutTests {
    /// A temporary folder with `files` (paths may name subfolders), removed when the test ends.
    final class Folder {
        let path: String
        init(_ files: [String: String]) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-layout-\(UUID().uuidString)").path
            for (name, text) in files {
                let file = path.appendingPathComponent(name)
                try FileManager.default.createDirectory(atPath: file.deletingLastPathComponent, withIntermediateDirectories: true)
                try text.write(toFile: file, atomically: true, encoding: .utf8)
            }
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    func read(_ folder: Folder) throws -> (layout: MigrationLayout, files: [MigrationFile]) {
        try MigrationLayout.read(folder: folder.path)
    }

    @Test func dieselFoldersAreMigrationsInDateOrder() throws {
        let folder = try Folder([
            "00000000000000_diesel_initial_setup/up.sql": "CREATE FUNCTION diesel_noop() RETURNS void LANGUAGE sql AS $$ SELECT $$;\n",
            "00000000000000_diesel_initial_setup/down.sql": "DROP FUNCTION diesel_noop();\n",
            "2024-02-01-000000_add_posts/up.sql": "CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users);\n",
            "2024-02-01-000000_add_posts/down.sql": "DROP TABLE posts;\n",
            "2024-01-15-093000_create_users/up.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
            "2024-01-15-093000_create_users/down.sql": "DROP TABLE users;\n",
        ])
        let (layout, files) = try read(folder)
        #expect(layout == .diesel)
        #expect(files.map(\.name) == ["00000000000000_diesel_initial_setup", "2024-01-15-093000_create_users", "2024-02-01-000000_add_posts"])
        #expect(files.allSatisfy { $0.downPath != nil && $0.inFolder })
        // Review replays them in that order: posts' reference resolves.
        let loaded = try SchemaLoader.load(paths: [folder.path])
        #expect(loaded.schema.tables.count == 2 && loaded.notes.isEmpty, "\(loaded.notes)")
        let lint = try MigrationLinter().lint(paths: [folder.path])
        #expect(lint.fileCount == 3, "\(lint.fileCount)")
        #expect(!lint.findings.contains { $0.rule == "missing-down-migration" })
    }

    @Test func dbmateSectionsKeepTheirLinesAndTheDownIsNotReplayed() throws {
        let folder = try Folder([
            "20240101000000_users.sql": """
                -- migrate:up
                CREATE TABLE users (id bigint PRIMARY KEY, email text);

                -- migrate:down
                DROP TABLE users;
                """,
            "20240102000000_index.sql": """
                -- migrate:up transaction:false
                CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
                -- migrate:down transaction:false
                DROP INDEX CONCURRENTLY users_email_idx;
                """,
            "20240103000000_lock.sql": """
                -- migrate:up
                ALTER TABLE users ADD COLUMN age integer NOT NULL DEFAULT 0;
                CREATE INDEX users_age_idx ON users (age);
                -- migrate:down
                ALTER TABLE users DROP COLUMN age;
                """,
        ])
        let (layout, files) = try read(folder)
        #expect(layout == .dbmate)
        #expect(files.count == 3 && files.allSatisfy { $0.downText != nil })
        // The down's DROP TABLE is not part of the model.
        let loaded = try SchemaLoader.load(paths: [folder.path])
        #expect(loaded.schema.tables.count == 1)
        #expect(loaded.schema.indexes.count == 2)
        let findings = try MigrationLinter().lint(paths: [folder.path]).findings
        // transaction:false is honoured: the concurrent build is not inside a transaction.
        #expect(!findings.contains { $0.rule == "concurrent-index-in-transaction" }, "\(findings.map(\.rule))")
        // The plain CREATE INDEX is reported at its own line of its own file.
        let blocking = try #require(findings.first { $0.rule == "require-concurrent-index" })
        #expect(blocking.location?.file.hasSuffix("20240103000000_lock.sql") == true && blocking.location?.line == 3, "\(blocking)")
        #expect(!findings.contains { $0.rule == "missing-down-migration" })
    }

    @Test func gooseAnnotationsAndNoTransaction() throws {
        let folder = try Folder([
            "00001_users.sql": """
                -- +goose Up
                -- +goose StatementBegin
                CREATE TABLE users (id bigint PRIMARY KEY, email text);
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                -- +goose StatementEnd

                -- +goose Down
                DROP FUNCTION touch();
                DROP TABLE users;
                """,
            "00002_index.sql": """
                -- +goose NO TRANSACTION
                -- +goose Up
                CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
                -- +goose Down
                DROP INDEX CONCURRENTLY users_email_idx;
                """,
        ])
        let (layout, files) = try read(folder)
        #expect(layout == .goose)
        #expect(files.map(\.version) == [1, 2])
        #expect(MigrationDirectives.noTransaction(try files[1].readUp()))
        #expect(!MigrationDirectives.noTransaction(try files[0].readUp()))
        let loaded = try SchemaLoader.load(paths: [folder.path])
        #expect(loaded.schema.tables.count == 1 && loaded.schema.functions.count == 1)
        let set = try MigrationSet.load(directory: folder.path)
        #expect(set.migrations.map(\.version) == [1, 2])
        #expect(set.migrations[1].upRunsOutsideTransaction)
        #expect(set.migrations[0].down?.contains("DROP TABLE users") == true)
        #expect(set.migrations[0].up.contains("DROP TABLE") == false)
    }

    @Test func flywayVersionsInSemanticOrderWithUndoAndRepeatables() throws {
        let folder = try Folder([
            "V1__create.sql": "CREATE TABLE a (id bigint PRIMARY KEY);\n",
            "V2__b.sql": "CREATE TABLE b (id bigint PRIMARY KEY);\n",
            "V10__c.sql": "CREATE TABLE c (id bigint PRIMARY KEY, b_id bigint REFERENCES b);\n",
            "V2_1__d.sql": "CREATE TABLE d (id bigint PRIMARY KEY);\n",
            "U2__b.sql": "DROP TABLE b;\n",
            "R__views.sql": "CREATE OR REPLACE VIEW all_a AS SELECT id FROM a;\n",
        ])
        let (layout, files) = try read(folder)
        #expect(layout == .flyway)
        #expect(files.map(\.upPath.lastPathComponent) == ["V1__create.sql", "V2__b.sql", "V2_1__d.sql", "V10__c.sql", "R__views.sql"])
        #expect(files[1].downPath?.hasSuffix("U2__b.sql") == true)
        let loaded = try SchemaLoader.load(paths: [folder.path])
        #expect(loaded.schema.tables.count == 4 && loaded.schema.views.count == 1 && loaded.notes.isEmpty, "\(loaded.notes)")
        // The runner needs integer versions in order: the dotted one is refused, with its reason.
        #expect(throws: InputError.self) { try MigrationSet.load(directory: folder.path) }
    }

    @Test func popReadsThePostgresFileOfEachDialectAndTwentyDigitVersions() throws {
        let folder = try Folder([
            "20240101120000000000_users.postgres.up.sql": "CREATE TABLE users (id uuid PRIMARY KEY, data jsonb);\n",
            "20240101120000000000_users.postgres.down.sql": "DROP TABLE users;\n",
            "20240101120000000000_users.mysql.up.sql": "CREATE TABLE users (id char(36) PRIMARY KEY, data JSON) ENGINE=InnoDB;\n",
            "20240101120000000000_users.mysql.down.sql": "DROP TABLE users;\n",
            "20240101120000000000_users.sqlite3.up.sql": "CREATE TABLE users (id TEXT PRIMARY KEY) WITHOUT ROWID;\n",
            "20240201120000000000_posts.up.sql": "CREATE TABLE posts (id uuid PRIMARY KEY, user_id uuid REFERENCES users);\n",
            "20240201120000000000_posts.down.sql": "DROP TABLE posts;\n",
        ])
        let (layout, files) = try read(folder)
        #expect(layout == .pop)
        #expect(files.map(\.upPath.lastPathComponent) == ["20240101120000000000_users.postgres.up.sql", "20240201120000000000_posts.up.sql"])
        #expect(files.allSatisfy { $0.version == nil && $0.sortVersion != nil })
        let lint = try MigrationLinter().lint(paths: [folder.path])
        #expect(!lint.findings.contains { $0.rule == "syntax-error" }, "\(lint.findings.map(\.message))")
        // The runner's history keeps 19 digits: refused with that reason, not a naming complaint.
        do {
            _ = try MigrationSet.load(directory: folder.path)
            Issue.record("20-digit versions were accepted")
        } catch {
            #expect(error.message.contains("20 digits"), "\(error.message)")
        }
    }

    @Test func prismaAndPlainAndNothing() throws {
        let prisma = try Folder([
            "migration_lock.toml": "provider = \"postgresql\"\n",
            "20240101000000_init/migration.sql": "CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n",
            "20240102000000_post/migration.sql": "CREATE TABLE \"Post\" (\"id\" SERIAL NOT NULL, \"userId\" INTEGER NOT NULL, CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\"));\n",
        ])
        #expect(try read(prisma).layout == .prisma)
        #expect(try read(prisma).files.count == 2)
        let atlas = try Folder(["atlas.sum": "h1:x\n", "20240101000000_a.sql": "CREATE TABLE a (id bigint PRIMARY KEY);\n"])
        #expect(try read(atlas).layout == .atlas)
        // A folder with nothing to read is an error, never "no findings in 0 files".
        let nothing = try Folder(["README.md": "migrations are elsewhere\n"])
        #expect(throws: InputError.self) { try MigrationLinter().lint(paths: [nothing.path]) }
        let fizz = try Folder(["20240101000000_a.up.fizz": "create_table(\"a\")\n"])
        do {
            _ = try MigrationLinter().lint(paths: [fizz.path])
            Issue.record("a fizz folder was accepted")
        } catch {
            #expect(error.message.contains("fizz"))
        }
    }

    @Test func versionsCompareAsNumbersOfAnyLength() {
        let v = { (text: String) in MigrationVersion(Substring(text))! }
        #expect(v("9") < v("10"))
        #expect(v("0042") == v("42"))
        #expect(v("99999999999999999999") < v("100000000000000000000"))
        #expect(v("1.9") < v("1.10") && v("1.10") < v("2"))
        #expect(v("1") < v("1.0.1"))
        #expect(MigrationVersion(Substring("1a")) == nil)
        #expect(v("20240101120000000000").integer == nil && v("42").integer == 42)
    }
}

/// What DROP ... CASCADE takes along in the model, as PostgreSQL's dependency tracking does.
@Suite struct CascadeTests {
    @Test func droppingAViewWithCascadeDropsTheMaterializedViewsThatReadIt() {
        let schema = DatabaseSchema(sql: """
            CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);
            CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
            CREATE MATERIALIZED VIEW big_order_count AS SELECT count(*) AS n FROM big_orders;
            CREATE INDEX big_order_count_n ON big_order_count (n);
            CREATE VIEW unrelated AS SELECT 1 AS one;
            DROP VIEW big_orders CASCADE;
            """)
        #expect(schema.views.keys.map(\.name).sorted() == ["unrelated"])
        #expect(schema.indexes.isEmpty)
        let table = DatabaseSchema(sql: """
            CREATE TABLE orders (id bigint PRIMARY KEY);
            CREATE VIEW recent AS SELECT id FROM orders;
            CREATE VIEW recent_ids AS SELECT id FROM recent;
            DROP TABLE orders CASCADE;
            """)
        #expect(table.views.isEmpty && table.tables.isEmpty)
    }
}
