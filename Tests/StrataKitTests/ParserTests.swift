import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit

@Suite struct ParserTests {
    func parse(_ sql: String) -> ParsedFile { PostgresParser.parse(path: "t.sql", text: sql) }

    @Test func splitsStatementsAndKeepsTheirPositions() {
        let file = parse("CREATE TABLE a (id int);\n\n  CREATE TABLE b (id int);")
        #expect(file.statements.count == 2)
        #expect(file.statements.map(\.location.line) == [1, 3])
        #expect(file.statements[1].location.column == 3)
        #expect(file.syntaxErrors.isEmpty)
    }

    /// A diff's second side takes the statements the first already decoded: what it gets must be
    /// what parsing would give, locations inside the statements included, wherever they moved.
    @Test(arguments: ["examples/shop/schema.sql", "examples/shop-broken/schema.sql", "examples/diff/before.sql",
                      "examples/advise/shop.sql", "examples/queries/schema.sql", "examples/migrations/0002_create_invoices.up.sql"])
    func reusedStatementsAreWhatParsingGives(_ example: String) throws {
        let text = try String(contentsOfFile: Repository.path(example), encoding: .utf8)
        let first = PostgresParser.parse(path: "a.sql", text: text)
        // Every statement after the first moves two lines down, and right when a line starts with it.
        let moved = "-- moved\n\n   " + text.replacingOccurrences(of: ";\n", with: ";\n  ")
        let fresh = PostgresParser.parse(path: "b.sql", text: moved)
        let reused = PostgresParser.parse(path: "b.sql", text: moved, reusing: StatementReuse([first]))
        #expect(reused.timings.reused > 0)
        #expect(reused.timings.reused <= fresh.statements.count)
        #expect(reused.statements.count == fresh.statements.count)
        for (got, wanted) in zip(reused.statements, fresh.statements) {
            #expect(String(reflecting: got) == String(reflecting: wanted))
        }
        #expect(reused.syntaxErrors == fresh.syntaxErrors)
    }

    @Test func aReusedColumnPointsAtItsNewPlace() throws {
        let first = parse("CREATE TABLE a (id int);\nCREATE TABLE b (id int,\n  name text NOT NULL);\n")
        let second = PostgresParser.parse(path: "b.sql", text: "CREATE TABLE c (x int);\n\n\n  CREATE TABLE b (id int,\n  name text NOT NULL);\n",
                                          reusing: StatementReuse([first]))
        #expect(second.timings.reused == 1)
        guard case .createTable(let table) = try #require(second.statements.last).kind else { Issue.record("not a table"); return }
        #expect(table.columns.map(\.location.description) == ["b.sql:4:19", "b.sql:5:3"])
        #expect(second.statements.last?.location.description == "b.sql:4:3")
    }

    @Test func oneBadStatementDoesNotHideTheRest() {
        let file = parse("CREATE TABLE a (id int);\nCREATE TABLE bad (id int, ;\nCREATE TABLE c (x int);\nCREATE TABEL d (y int);\nCREATE TABLE e (z int);")
        #expect(file.syntaxErrors.count == 2)
        #expect(file.syntaxErrors.map(\.location.line) == [2, 4])
        #expect(file.syntaxErrors[1].location.column == 8)
        #expect(file.syntaxErrors[1].message.contains("TABEL"))
        let created = file.statements.compactMap { statement -> String? in
            if case .createTable(let table) = statement.kind { return table.name.name }
            return nil
        }
        #expect(created == ["a", "c", "e"])
    }

    @Test func psqlMetaCommandsAreSkippedAndReported() {
        let file = parse("\\set ON_ERROR_STOP on\n\\connect app\nCREATE TABLE a (id int);\nSELECT 1 AS x \\gset\nCREATE TABLE b (id int);\n")
        #expect(file.metaCommands.map(\.text) == ["\\set ON_ERROR_STOP on", "\\connect app", "\\gset"])
        #expect(file.syntaxErrors.isEmpty)
        #expect(file.statements.count == 3)
    }

    @Test func pgDumpOutputGoesThroughCleanly() {
        let dump = """
        SET statement_timeout = 0;
        SELECT pg_catalog.set_config('search_path', '', false);
        CREATE TABLE public.t (id integer NOT NULL, note text);
        COPY public.t (id, note) FROM stdin;
        1\tit's; a \\N test
        2\t\\.x
        \\.
        ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);
        """
        let loaded = SchemaLoader.load(sources: [("dump.sql", dump)])
        #expect(loaded.files[0].syntaxErrors.isEmpty)
        let table = loaded.schema.tables[QualifiedName(schema: "public", name: "t")]
        #expect(table?.primaryKey?.name == "t_pkey")
        #expect(loaded.notes.isEmpty)
    }

    @Test func semicolonsInsideQuotesAndDollarBodiesDoNotSplit() {
        let file = parse("""
        CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN RAISE NOTICE 'a;b'; RETURN NEW; END $body$;
        INSERT INTO t VALUES (E'it\\'s; fine', 'x;y');
        /* a; comment */ CREATE TABLE z (id int);
        """)
        #expect(file.syntaxErrors.isEmpty)
        #expect(file.statements.count == 3)
        #expect(file.statements[2].location.column == 18)
    }

    @Test func columnsCountCharactersNotBytes() {
        let file = parse("CREATE TABLE \"ünïcode\" (id int, ;")
        #expect(file.syntaxErrors.count == 1)
        #expect(file.syntaxErrors[0].location.column == 33)
    }

    @Test func fingerprintNormalizeAndScanWrapLibpgQuery() throws {
        let a = try PostgresParser.fingerprint("SELECT * FROM t WHERE id = 1")
        let b = try PostgresParser.fingerprint("select *  from t where id = 42")
        #expect(a == b)
        #expect(try PostgresParser.normalize("SELECT * FROM t WHERE id = 1") == "SELECT * FROM t WHERE id = $1")
        let tokens = try PostgresParser.scan("SELECT 1 -- hi")
        #expect(tokens.count == 3)
        #expect(tokens.last?.isComment == true)
        #expect(tokens.first?.isKeyword == true)
        #expect(throws: ParseError.self) { try PostgresParser.normalize("SELEC 1") }
    }

    @Test func typeNamesFollowFormatType() {
        let file = parse("CREATE TABLE t (a int4, b varchar(20), c timestamp(3), d timestamptz, e numeric(10,2), f char, g float8, h bool[], i decimal(5), j bigserial);")
        guard case .createTable(let table) = file.statements[0].kind else { Issue.record("not a CREATE TABLE"); return }
        #expect(table.columns.map { $0.type!.displayName } == [
            "integer", "character varying(20)", "timestamp(3) without time zone", "timestamp with time zone",
            "numeric(10,2)", "character(1)", "double precision", "boolean[]", "numeric(5,0)", "bigint",
        ])
        #expect(table.columns.last?.type?.serial == .bigserial)
    }

    @Test func expressionsAreDeparsedAndAnalysed() {
        let file = parse("CREATE TABLE t (s text CHECK (s IN ('a','b')), n int DEFAULT 0, at timestamptz DEFAULT now(), u uuid DEFAULT gen_random_uuid(), CHECK (n IS NOT NULL));")
        guard case .createTable(let table) = file.statements[0].kind else { Issue.record("not a CREATE TABLE"); return }
        guard case .check(let check) = table.columns[0].constraints[0].kind else { Issue.record("no check"); return }
        #expect(check.text == "s IN ('a', 'b')")
        #expect(check.inList?.values == ["a", "b"])
        #expect(table.columns[1].defaultExpression?.text == "0")
        #expect(table.columns[1].defaultExpression?.isConstant == true)
        #expect(table.columns[2].defaultExpression?.text == "now()")
        #expect(table.columns[3].defaultExpression?.functionNames == ["gen_random_uuid"])
        guard case .check(let notNull) = table.constraints[0].kind else { Issue.record("no table check"); return }
        #expect(notNull.notNullColumn == "n")
    }

    @Test func unmodeledStatementsAreRecordedNotFatal() {
        let loaded = SchemaLoader.load(sources: [("t.sql", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader; CREATE TABLE a (id int);")])
        #expect(loaded.files[0].syntaxErrors.isEmpty)
        #expect(loaded.schema.tables.count == 1)
    }
}

@Suite struct ParserEdgeCaseTests {
    @Test func beginAtomicBodiesStayOneStatement() {
        let file = PostgresParser.parse(path: "t.sql", text: """
        CREATE FUNCTION f() RETURNS boolean LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT false; END;
        CREATE TABLE t (id int);
        """)
        #expect(file.syntaxErrors.isEmpty)
        #expect(file.statements.count == 2)
    }

    @Test func psqlVariablesGetAHint() {
        let file = PostgresParser.parse(path: "t.sql", text: "\\set n 5\nSELECT :n;\n")
        #expect(file.syntaxErrors.count == 1)
        #expect(file.syntaxErrors[0].message.contains("psql variable"))
        #expect(file.syntaxErrors[0].location.line == 2)
    }
}

@Suite struct CanonicalExpressionTests {
    static let corpus = """
    CREATE TABLE t (
        a int DEFAULT 0, b int DEFAULT -1, c text DEFAULT 'it''s', d text DEFAULT E'back\\\\slash', e boolean DEFAULT true,
        f timestamptz DEFAULT now(), g timestamptz DEFAULT CURRENT_TIMESTAMP, h numeric DEFAULT 1.5, i text DEFAULT NULL,
        j int CHECK (j > 0), k int CHECK (k >= -5), l text CHECK (l IN ('a', 'b', 'c')), m text CHECK (m <> ''),
        "Order" int CHECK ("Order" = 1), n int CHECK (n BETWEEN 1 AND 5), o text CHECK (o IS NOT NULL), p int CHECK (p IN (1, 2)),
        q text CHECK (q = 'x' OR q = 'y'), r text CHECK (length(r) < 10), s jsonb DEFAULT '{}'::jsonb, u uuid DEFAULT gen_random_uuid(),
        "user" text CHECK ("user" <> 'x'), v int CHECK (v = ANY (ARRAY[1, 2])), w int CHECK (t.w > 0), x text CHECK (x IN ('a'))
    );
    CREATE INDEX ON t (a) WHERE i IS NULL;
    CREATE INDEX ON t (a) WHERE e = true AND (a > 1 AND a < 9);
    ALTER TABLE t ADD CONSTRAINT t_big CHECK (a < 1000000 AND c NOT LIKE 'x%' AND d ILIKE 'y' AND b NOT BETWEEN 1 AND 2) NOT VALID;
    """

    @Test func canonicalTextParsesBackToItself() {
        #expect(PostgresParser.canonicalRoundTripMismatches(Self.corpus) == [])
    }

    /// What PostgreSQL's `pg_get_expr` prints, and the canonical text the same expression has in a file.
    @Test(arguments: [
        ("(price > (0)::numeric)", "price > 0"),
        ("'active'::order_status", "'active'"),
        ("'-1'::integer", "-1"),
        ("'{}'::jsonb", "'{}'"),
        ("((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", "status IN ('a', 'b')"),
        ("(name <> ALL (ARRAY['x'::text, 'y'::text]))", "name NOT IN ('x', 'y')"),
        ("((qty >= 1) AND (qty <= 5))", "(qty >= 1) AND (qty <= 5)"),
        ("((email)::text ~~ '%@%'::text)", "email LIKE '%@%'"),
        ("lower((email)::text)", "lower(email)"),
        ("((a > 0) AND ((b > 0) AND (c > 0)))", "(a > 0) AND (b > 0) AND (c > 0)"),
        ("(deleted_at IS NULL)", "deleted_at IS NULL"),
        ("CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"),
        ("nextval('orders_id_seq'::regclass)", "nextval('orders_id_seq')"),
        ("(created_at)::date", "created_at::date"),
        ("(now() - '1 day'::interval)", "now() - '1 day'"),
        ("COALESCE(a, (0)::bigint)", "COALESCE(a, 0)"),
    ])
    func catalogTextBecomesCanonical(catalog: String, canonical: String) throws {
        let expression = try #require(PostgresParser.expressions([catalog]).first ?? nil)
        #expect(expression.text == canonical)
    }

    @Test(arguments: [
        ("x BETWEEN 1 AND 5", "(x >= 1) AND (x <= 5)"),
        ("a > 0 AND x BETWEEN 1 AND 5", "(a > 0) AND (x >= 1) AND (x <= 5)"),
        ("x IN ('a', 'b')", "x IN ('a', 'b')"),
        ("x NOT LIKE 'a%'", "x NOT LIKE 'a%'"),
        ("price > 0::numeric", "price > 0"),
        ("interval '1 day'", "'1 day'"),
    ])
    func fileTextBecomesCanonical(source: String, canonical: String) throws {
        let expression = try #require(PostgresParser.expressions([source]).first ?? nil)
        #expect(expression.text == canonical)
    }

    @Test func analysisIsKeptForCatalogText() throws {
        let expression = try #require(PostgresParser.expressions(["((status)::text = ANY ((ARRAY['a'::character varying])::text[]))"]).first ?? nil)
        #expect(expression.inList?.column == "status")
        #expect(expression.inList?.values == ["a"])
        #expect(expression.referencedColumns == ["status"])
    }

    /// Over PostgreSQL's regression SQL when `scripts/fetch-pg-regress.sh` has fetched it.
    @Test(Prerequisite.needs(FileManager.default.fileExists(atPath: Repository.root.appendingPathComponent("benchmarks/out/pg-regress/sql").path),
                   "needs PostgreSQL's regression SQL (make test fetches it with scripts/fetch-pg-regress.sh)"))
    func canonicalTextParsesBackToItselfOnTheRegressionSuite() throws {
        let folder = Repository.root
            .appendingPathComponent("benchmarks/out/pg-regress/sql")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        for file in files.sorted() where file.hasSuffix(".sql") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let mismatches = PostgresParser.canonicalRoundTripMismatches(PsqlScript.serverText(text))
            #expect(mismatches.isEmpty, "\(file): \(mismatches.prefix(5))")
        }
    }
}

/// Identifiers are quoted as PostgreSQL's `quote_ident` quotes them: keywords other than
/// unreserved ones, and anything that is not lowercase letters, digits, `_` and `$`.
@Suite struct IdentifierQuotingTests {
    @Test(arguments: [
        ("orders", "orders"), ("name", "name"), ("status", "status"), ("t9999_parent_id_idx", "t9999_parent_id_idx"),
        ("order", "\"order\""), ("user", "\"user\""), ("between", "\"between\""), ("int", "\"int\""),
        ("left", "\"left\""), ("Order", "\"Order\""), ("1st", "\"1st\""), ("a\"b", "\"a\"\"b\""), ("", "\"\""),
    ])
    func quotesLikeQuoteIdent(name: String, expected: String) {
        #expect(quoteIdentifierIfNeeded(name) == expected)
    }

    /// A quote followed by a combining mark is one `Character` in Swift but two code points to
    /// PostgreSQL: the quote must still be doubled, or the name ends the identifier early.
    @Test func quotesAreDoubledByCodePoint() {
        #expect(quoteIdentifier("x\"\u{301}; DROP TABLE t; --") == "\"x\"\"\u{301}; DROP TABLE t; --\"")
        #expect(quoteLiteral("it'\u{301}s") == "'it''\u{301}s'")
        #expect(quoteLiteral("a\\b'c") == "'a\\b''c'")
        #expect(roleSQL("public") == "PUBLIC")
        #expect(roleSQL("current_user") == "CURRENT_USER")
        #expect(roleSQL("x\"; DROP TABLE foobar; --") == "\"x\"\"; DROP TABLE foobar; --\"")
        #expect(roleSQL("Admin") == "\"Admin\"")
    }

    /// Type names and modifiers reach column definitions, casts and signatures: a user type's name
    /// is quoted, and a modifier that is not a number is never copied.
    @Test func typeNamesAndModifiersAreNeverRaw() {
        let modifier = TypeNames.canonical(names: ["pg_catalog", "numeric"], modifiers: ["1) ; DROP TABLE t; --"], arrayDimensions: 0, percentType: false)
        #expect(modifier.displayName == "numeric")
        let user = TypeNames.canonical(names: ["x\"; DROP TABLE t; --"], modifiers: [], arrayDimensions: 1, percentType: false)
        #expect(user.displayName == "\"x\"\"; DROP TABLE t; --\"[]")
        let builtin = TypeNames.canonical(names: ["pg_catalog", "varchar"], modifiers: ["20"], arrayDimensions: 0, percentType: false)
        #expect(builtin.displayName == "character varying(20)")
        #expect(TypeNames.isBuiltinSpelling("timestamp(3) with time zone"))
        #expect(!TypeNames.isBuiltinSpelling("integer; DROP TABLE t"))
        #expect(commentText("t\nDROP TABLE t; --") == "t DROP TABLE t; --")
    }

    @Test func keywordCategoriesComeFromPostgreSQLsTable() {
        #expect(Keywords.category(of: "select") == .reserved)
        #expect(Keywords.category(of: "SELECT") == .reserved)
        #expect(Keywords.category(of: "between") == .columnName)
        #expect(Keywords.category(of: "left") == .typeOrFunctionName)
        #expect(Keywords.category(of: "name") == .unreserved)
        #expect(Keywords.category(of: "orders") == .none)
        #expect(Keywords.category(of: "a_very_long_identifier_that_is_no_keyword") == .none)
    }

    /// Pins libpg_query's private keyword table (`ScanKeywords`, `ScanKeywordCategories`,
    /// `ScanKeywordLookup`, declared in Sources/CPgQuery/shim.h because Debian installs no
    /// kwlist.h): a libpg_query that renames them fails the link, one whose table differs from
    /// PostgreSQL 15's fails here. The list is PostgreSQL 15's reserved keywords (Appendix C).
    @Test(arguments: [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check",
        "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role", "current_time",
        "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except",
        "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into",
        "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order",
        "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric", "table", "then",
        "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where", "window", "with",
    ])
    func postgreSQL15ReservedKeywordsArePinned(_ word: String) {
        #expect(Keywords.category(of: word) == .reserved)
        #expect(quoteIdentifierIfNeeded(word) == "\"\(word)\"")
    }
}

/// INSERT, UPDATE and DELETE are read from libpg_query's JSON tree (DataChangeReader); each case
/// is also what the general protobuf decoder makes of it, so the two paths must agree.
@Suite struct DataChangeReadingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var sql: String
        var verb: DataChangeStatement.Verb
        var schema: String?
        var table: String
        var hasWhere: Bool
        var testDescription: String { sql }
    }

    static let cases: [Case] = [
        Case(sql: "INSERT INTO t (a) VALUES (1), (2)", verb: .insert, schema: nil, table: "t", hasWhere: true),
        Case(sql: "insert into app.orders select * from staging.orders where id > 10", verb: .insert, schema: "app", table: "orders", hasWhere: true),
        Case(sql: "INSERT INTO \"Odd \"\"name\"\"\" VALUES ('{\"k\": [1, \"]\"]}')", verb: .insert, schema: nil, table: "Odd \"name\"", hasWhere: true),
        Case(sql: "INSERT INTO U&\"t\\00e9\\+01F600\" VALUES (1) ON CONFLICT DO NOTHING RETURNING *", verb: .insert, schema: nil, table: "té😀", hasWhere: true),
        Case(sql: "UPDATE accounts SET balance = 0", verb: .update, schema: nil, table: "accounts", hasWhere: false),
        Case(sql: "UPDATE s.accounts a SET balance = b.x FROM b WHERE a.id = b.id", verb: .update, schema: "s", table: "accounts", hasWhere: true),
        Case(sql: "DELETE FROM events", verb: .delete, schema: nil, table: "events", hasWhere: false),
        Case(sql: "DELETE FROM ONLY events WHERE created_at < now() - interval '1 day' RETURNING id", verb: .delete, schema: nil, table: "events", hasWhere: true),
        Case(sql: "WITH gone AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM gone", verb: .insert, schema: nil, table: "b", hasWhere: true),
    ]

    @Test(arguments: cases) func readsVerbTableAndWhere(_ example: Case) throws {
        let file = PostgresParser.parse(path: "t.sql", text: example.sql + ";\n")
        #expect(file.syntaxErrors.isEmpty)
        let statement = try #require(file.statements.first)
        guard case .dataChange(let change) = statement.kind else {
            Issue.record("not a data change: \(statement.kind)")
            return
        }
        #expect(change.verb == example.verb)
        #expect(change.table == ObjectName(schema: example.schema, name: example.table))
        #expect(change.hasWhere == example.hasWhere)
        #expect(statement.location.line == 1 && statement.location.column == 1)
    }

    @Test func jsonCursorDecodesEscapesAndSkipsNestedValues() {
        let json = #"{"a": [1, {"b": "x]}"}, -2.5e3, true, null], "k": "q\"\\\/\n\t\u00e9\ud83d\ude00"}"#
        var bytes = Array(json.utf8)
        let decoded: String? = bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = JSONCursor(bytes: UnsafeBufferPointer(buffer))
            var value: String?
            let read = cursor.members { key, cursor in
                if key == "k" { value = cursor.string(); return value != nil }
                return cursor.skipValue()
            }
            return read ? value : nil
        }
        #expect(decoded == "q\"\\/\n\té😀")
    }

    @Test func syntaxErrorsInDataChangesAndQueriesKeepTheirPositions() {
        let file = PostgresParser.parse(path: "t.sql", text: "INSERT INTO t VALUES (1;\nSELECT 1 FROM WHERE x;\nUPDATE t SET a = ;\nDELETE FROM t;\n")
        #expect(file.syntaxErrors.map(\.location.line) == [1, 2, 3])
        #expect(file.syntaxErrors.map(\.location.column) == [24, 15, 18])
        #expect(file.statements.count == 1)
    }
}
