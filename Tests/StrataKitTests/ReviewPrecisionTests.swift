import Foundation
import Testing
@testable import StrataKit

/// Patterns that made real applications' reviews noisy, each held to its one right answer.
@Suite struct ReviewPrecisionTests {
    func findings(_ sql: String, configuration: Configuration = Configuration()) -> [Finding] {
        Reviewer(configuration: configuration).review(SchemaLoader.load(sources: [("schema.sql", sql)])).findings
    }

    /// One convention across the schema (no timestamps anywhere) is one finding, not one per table.
    @Test func aSchemaWithoutTimestampsIsOneFinding() {
        let sql = (1...12).map { "CREATE TABLE t\($0) (id bigint PRIMARY KEY, v text, w text, x text);" }.joined(separator: "\n")
        let timestamps = findings(sql).filter { $0.rule == "missing-timestamps" }
        #expect(timestamps.count == 1)
        #expect(timestamps.first?.message.hasPrefix("12 of 12 tables record no time at all") == true)
        // A convention kept throughout is advice, not a defect.
        #expect(timestamps.first?.severity == .info)
        #expect(timestamps.first?.location?.line == 1)
    }

    /// A few tables without timestamps among many with them are each reported, with the fix.
    @Test func isolatedOmissionsAreEachReported() {
        let with = (1...12).map { "CREATE TABLE t\($0) (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz);" }
        let sql = (with + ["CREATE TABLE a (id bigint PRIMARY KEY, v text, w text, x text);", "CREATE TABLE b (id bigint PRIMARY KEY, v text, w text, x text);"]).joined(separator: "\n")
        let timestamps = findings(sql).filter { $0.rule == "missing-timestamps" }
        #expect(timestamps.map(\.object) == ["public.a", "public.b"])
        #expect(timestamps.allSatisfy { $0.fix?.contains("CREATE TRIGGER") == true })
    }

    /// Opt-in rules run only when `[rules] enable` names them, and the key is checked like the others.
    @Test func optInRulesRunOnlyWhenEnabled() throws {
        let sql = "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; END $$;"
        #expect(!findings(sql).contains { $0.rule == "business-logic-in-function" })
        let configuration = try Configuration.parse("[rules]\nenable = [\"business-logic-in-function\"]\n", path: "strata.toml", knownRules: RuleCatalog.allIDs)
        #expect(findings(sql, configuration: configuration).contains { $0.rule == "business-logic-in-function" })
        #expect(throws: ConfigurationError.self) {
            try Configuration.parse("[rules]\nenable = [\"no-such-rule\"]\n", path: "strata.toml", knownRules: RuleCatalog.allIDs)
        }
    }
}

/// DDL inside DO blocks, as migrations folders write it to be rerunnable.
@Suite struct DoBlockTests {
    func review(_ sql: String) -> ReviewResult {
        Reviewer().review(SchemaLoader.load(sources: [("0001.up.sql", sql)]))
    }

    @Test func theCommonWrappersAreReadIntoTheModel() {
        let sql = """
            DO $$
            BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
                CREATE TYPE mood AS ENUM ('happy', 'sad');
              END IF;
            END $$;
            DO $$ BEGIN
              CREATE TABLE people (id bigint PRIMARY KEY, feeling mood);
            EXCEPTION WHEN duplicate_table THEN NULL;
            END $$;
            DO LANGUAGE plpgsql 'BEGIN EXECUTE ''CREATE TABLE visits (id bigint PRIMARY KEY, person_id bigint REFERENCES people)''; END';
            """
        let loaded = SchemaLoader.load(sources: [("0001.up.sql", sql)])
        #expect(loaded.schema.enums[QualifiedName(schema: "public", name: "mood")]?.values == ["happy", "sad"])
        let people = loaded.schema.tables[QualifiedName(schema: "public", name: "people")]
        #expect(people?.primaryKey?.columns == ["id"])
        let visits = loaded.schema.tables[QualifiedName(schema: "public", name: "visits")]
        #expect(visits?.foreignKeys.first?.referencedTable == QualifiedName(schema: "public", name: "people"))
        #expect(loaded.unreadBlocks.isEmpty)
        // A table created in a block is not a table without a key.
        #expect(!review(sql).findings.contains { $0.rule == "missing-primary-key" })
    }

    @Test func whatCannotBeFollowedIsAnInfoFindingAtItsLine() {
        let sql = """
            CREATE TABLE a (id bigint PRIMARY KEY);
            DO $$
            DECLARE name text;
            BEGIN
              FOR name IN SELECT unnest(ARRAY['x', 'y']) LOOP
                EXECUTE format('CREATE TABLE %I (id bigint)', name);
              END LOOP;
            END $$;
            """
        let findings = review(sql).findings.filter { $0.rule == "do-block-not-understood" }
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .info)
        #expect(findings.first?.location?.line == 5, "\(findings.map { "\($0.location!): \($0.message)" })")
        #expect(findings.first?.message.contains("FORS") == true || findings.first?.message.contains("FOR") == true)
    }

    @Test func aLiteralExecuteIsReadAndAComputedOneIsNot() {
        #expect(DoBlock.literal("'CREATE TABLE t (x int)'") == "CREATE TABLE t (x int)")
        #expect(DoBlock.literal("$q$CREATE TABLE 'it''s'$q$") == "CREATE TABLE 'it''s'")
        #expect(DoBlock.literal("'CREATE TABLE ' || name") == nil)
        #expect(DoBlock.literal("format('CREATE TABLE %I', name)") == nil)
    }
}

/// The classes of wrong warnings seen on real schemas, each by its own example.
@Suite struct TableRoleTests {
    func findings(_ sql: String) -> [Finding] {
        Reviewer().review(SchemaLoader.load(sources: [("schema.sql", sql)])).findings
    }

    @Test func anEpochUnitComesFromTheName() {
        #expect(EpochIntegerTimestampRule.Unit.named("created_ms") == .milliseconds)
        #expect(EpochIntegerTimestampRule.Unit.named("expiresAtMillis") == .milliseconds)
        #expect(EpochIntegerTimestampRule.Unit.named("event_time_us") == .microseconds)
        #expect(EpochIntegerTimestampRule.Unit.named("last_change_days") == .days)
        #expect(EpochIntegerTimestampRule.Unit.named("lastchange") == nil)
        let messages = findings("CREATE TABLE t (id bigint PRIMARY KEY, sent_ms bigint, lastchange integer);")
            .filter { $0.rule == "epoch-integer-timestamp" }.map(\.message)
        #expect(messages.contains { $0.contains("sent_ms") && $0.contains("milliseconds since 1970") }, "\(messages)")
        #expect(messages.contains { $0.contains("lastchange") && $0.contains("the fix checks") }, "\(messages)")
    }

    @Test func gameStatisticsAreNotMoney() {
        let sql = """
            CREATE TABLE matchstat (id bigint PRIMARY KEY, luck_total double precision, cube_error_total real);
            CREATE TABLE orders (id bigint PRIMARY KEY, total double precision, tax real);
            """
        let money = findings(sql).filter { $0.rule == "money-as-float" }.compactMap(\.object)
        #expect(money == ["public.orders.total", "public.orders.tax"])
    }

    @Test func aZonelessConventionIsOneInfoAndAnOddColumnAWarning() {
        let convention = findings("CREATE TABLE a (id bigint PRIMARY KEY, t1 timestamp, t2 timestamp); CREATE TABLE b (id bigint PRIMARY KEY, t3 timestamp);")
            .filter { $0.rule == "prefer-timestamptz" }
        #expect(convention.count == 1 && convention[0].severity == .info)
        let odd = findings("CREATE TABLE a (id bigint PRIMARY KEY, t1 timestamptz, t2 timestamptz); CREATE TABLE b (id bigint PRIMARY KEY, t3 timestamp);")
            .filter { $0.rule == "prefer-timestamptz" }
        #expect(odd.count == 1 && odd[0].severity == .warning && odd[0].object == "public.b.t3")
    }

    @Test func rolesFromStructureReferencesAndSeeds() {
        let sql = """
            CREATE TABLE ticket_states (id int PRIMARY KEY, label text NOT NULL);
            CREATE TABLE priorities (id int PRIMARY KEY, label text NOT NULL);
            INSERT INTO priorities VALUES (1, 'low'), (2, 'high');
            CREATE TABLE tickets (id bigint PRIMARY KEY, state_id int REFERENCES ticket_states, priority_id int REFERENCES priorities, created_at timestamptz, updated_at timestamptz);
            CREATE TABLE ticket_watchers (ticket_id bigint REFERENCES tickets, user_name text, PRIMARY KEY (ticket_id, user_name));
            CREATE TABLE tags (ticket_id bigint REFERENCES tickets, tag_id bigint REFERENCES tickets);
            CREATE TABLE app_version (version text NOT NULL);
            CREATE TABLE settings (id int PRIMARY KEY CHECK (id = 1), theme text);
            CREATE UNLOGGED TABLE jobs (id bigint PRIMARY KEY, payload text);
            CREATE TABLE ticket_log (id bigint PRIMARY KEY, ticket_id bigint REFERENCES tickets, message text);
            """
        let loaded = SchemaLoader.load(sources: [("schema.sql", sql)])
        let context = ReviewContext(schema: loaded.schema, configuration: Configuration(), seededTables: Reviewer.seededTables(loaded))
        let roles = Dictionary(uniqueKeysWithValues: loaded.schema.sortedTables.map { ($0.name.name, TableRole.of($0, in: context)) })
        #expect(roles["ticket_states"] == .lookup && roles["priorities"] == .lookup)
        #expect(roles["tickets"] == .entity && roles["ticket_watchers"] == .entity)
        #expect(roles["tags"] == .join && roles["app_version"] == .version && roles["settings"] == .singleRow)
        #expect(roles["jobs"] == .ephemeral && roles["ticket_log"] == .appendOnly)
        // Foreign keys to the two lookups need no index; the one to tickets does.
        let unindexed = findings(sql).filter { $0.rule == "fk-missing-index" }.compactMap(\.object)
        #expect(!unindexed.contains { $0.contains("state_id") || $0.contains("priority_id") }, "\(unindexed)")
        #expect(unindexed.contains { $0.contains("ticket_log") }, "\(unindexed)")
    }
}
