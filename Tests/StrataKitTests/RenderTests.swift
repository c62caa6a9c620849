import Foundation
import Testing
@testable import StrataKit

/// Rendered output is compared with golden files beside this test. To accept a deliberate
/// change, run with STRATA_UPDATE_GOLDEN=1 and review the diff like code.
@Suite struct RenderTests {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let schemaSQL = """
    CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);
    CREATE TABLE profiles (account_id bigint PRIMARY KEY REFERENCES accounts (id), bio text);
    CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id bigint REFERENCES accounts (id), title text NOT NULL, price double precision);
    CREATE INDEX posts_author_id_idx ON posts (author_id);
    """

    func golden(_ name: String, _ actual: String) throws {
        let url = Self.goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["STRATA_UPDATE_GOLDEN"] != nil {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "golden \(name) differs; rerun with STRATA_UPDATE_GOLDEN=1 to accept")
    }

    var review: ReviewResult { Reviewer().review(sources: [("schema.sql", Self.schemaSQL)]) }

    @Test func textOutputFollowsLinterConventions() throws {
        let text = FindingRenderer(format: .text).render(review.findings, fileCount: 1)
        try golden("review.txt", text)
        #expect(!text.contains("\u{1B}["))
        let colored = FindingRenderer(format: .text, useColor: true).render(review.findings, fileCount: 1)
        #expect(colored.contains("\u{1B}[1;31merror"))
    }

    @Test func jsonOutput() throws {
        let json = FindingRenderer(format: .json).render(review.findings, fileCount: 1)
        try golden("review.json", json)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let summary = object?["summary"] as? [String: Int]
        #expect(summary?["files"] == 1)
        #expect((object?["findings"] as? [[String: Any]])?.count == review.findings.count)
    }

    @Test func sarifOutputIsValidSarif210() throws {
        let sarif = FindingRenderer(format: .sarif, toolVersion: "test").render(review.findings, fileCount: 1)
        try golden("review.sarif", sarif)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(results.count == review.findings.count)
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
        }
    }

    @Test func githubAnnotationsEscapeTheirData() {
        let finding = Finding(rule: "r", severity: .warning, message: "a: b, 100%\nnext", location: SourceLocation(file: "a,b.sql", line: 3, column: 4))
        let output = FindingRenderer(format: .github).render([finding], fileCount: 1)
        #expect(output == "::warning file=a%2Cb.sql,line=3,col=4,title=strata r::a: b, 100%25%0Anext\n")
    }

    @Test func mermaidERDShowsKeysAndCardinality() throws {
        let erd = ERDRenderer(format: .mermaid).render(review.schema)
        try golden("erd.mmd", erd)
        #expect(erd.contains("accounts ||--o| profiles : \"account_id\""))
        #expect(erd.contains("accounts |o--o{ posts : \"author_id\""))
        #expect(erd.contains("bigint account_id PK, FK"))
        #expect(erd.contains("text email UK"))
    }

    @Test func dotERD() throws {
        let dot = ERDRenderer(format: .dot).render(review.schema)
        try golden("erd.dot", dot)
        #expect(dot.hasPrefix("digraph schema {"))
    }

    @Test func canonicalJSONAndSQLOfTheModel() throws {
        try golden("schema.json", review.schema.canonicalJSON)
        let sql = SchemaSQLRenderer().render(review.schema)
        try golden("schema.sql", sql)
        // The normalized DDL describes the same model when read back.
        let reread = SchemaLoader.load(sources: [("normalized.sql", sql)])
        #expect(reread.files[0].syntaxErrors.isEmpty)
        #expect(reread.schema.isEquivalent(to: review.schema))
        #expect(reread.schema != review.schema, "the two were declared in different files: equality sees the locations")
    }

    @Test func canonicalJSONIgnoresDeclarationOrderAndPositions() {
        let a = SchemaLoader.load(sources: [("a.sql", "CREATE TABLE b (id int);\nCREATE TABLE a (id int, CONSTRAINT x CHECK (id > 0), CONSTRAINT w CHECK (id < 9));")]).schema
        let b = SchemaLoader.load(sources: [("b.sql", "\n\nCREATE TABLE a (id int, CONSTRAINT w CHECK (id < 9), CONSTRAINT x CHECK (id > 0));  CREATE TABLE b (id int);")]).schema
        #expect(a.canonicalJSON == b.canonicalJSON)
    }
}

/// The fast JSON writer must write exactly what Foundation's encoder wrote (sorted keys, the same escapes).
/// Objects are created after what they refer to; without references the phases keep their order,
/// and a cycle is broken by taking the earliest remaining object.
@Suite struct CreationOrderTests {
    @Test func eachObjectComesAfterWhatItRefersTo() {
        let sql = SchemaSQLRenderer().render(DatabaseSchema(sql: """
            CREATE VIEW v2 AS SELECT a FROM v1;
            CREATE VIEW v1 AS SELECT a FROM t;
            CREATE TABLE t (a int PRIMARY KEY);
            CREATE MATERIALIZED VIEW mv AS SELECT a FROM t;
            CREATE UNIQUE INDEX mvi ON mv (a);
            """))
        let lines = sql.split(separator: "\n").map(String.init)
        func line(_ prefix: String) -> Int { lines.firstIndex { $0.hasPrefix(prefix) } ?? -1 }
        #expect(line("CREATE TABLE public.t") < line("CREATE VIEW public.v1"))
        #expect(line("CREATE VIEW public.v1") < line("CREATE VIEW public.v2"))
        #expect(line("CREATE MATERIALIZED VIEW public.mv") < line("CREATE UNIQUE INDEX mvi"))
    }

    @Test func aCycleIsBrokenByTheEarliestItemAndNothingIsLost() {
        var order = CreationOrder()
        order.add(phase: 1, key: "a", statements: ["a"], needs: ["b"])
        order.add(phase: 1, key: "b", statements: ["b"], needs: ["a"])
        order.add(phase: 0, key: "c", statements: ["c"], needs: ["b"])
        order.add(phase: 2, key: "d", statements: ["d"])
        // d is ready at once; then nothing is ready (c waits on the cycle a <-> b), and the earliest
        // remaining item by phase and position goes: c, then a, which frees b.
        #expect(order.ordered() == ["d", "c", "a", "b"])
    }
}

@Suite struct CanonicalJSONTests {
    struct Sample: Encodable {
        var text = "quote \" backslash \\ slash / newline \n tab \t return \r bell \u{07} nul-ish \u{01} é 名前 😀"
        var number = -42
        var flag = true
        var missing: String? = nil
        var list = [["b": 1, "a": 2], [:]]
        var empty: [Int] = []
        var nested = ["zeta": ["x"], "Alpha": [], "alpha": ["y", "z"]]
        enum CodingKeys: String, CodingKey { case text, number, flag, missing, list, empty, nested }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .text)
            try container.encode(number, forKey: .number)
            try container.encode(flag, forKey: .flag)
            try container.encode(missing, forKey: .missing)
            try container.encode(list, forKey: .list)
            try container.encode(empty, forKey: .empty)
            try container.encode(nested, forKey: .nested)
        }
    }

    /// Numbers with a fraction (statistics, timings) go through the same writer; JSON has no NaN.
    @Test func floatingPointNumbers() throws {
        #expect(try CanonicalJSONEncoder.encode(["ratio": 0.25]) == "{\n  \"ratio\": 0.25\n}\n")
        #expect(try CanonicalJSONEncoder.encode([Double.nan]) == "[\n  null\n]\n")
    }

    @Test func matchesFoundation() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = FoundationJSONLayout.indent(Array(try encoder.encode(Sample()))) + "\n"
        #expect(try CanonicalJSONEncoder.encode(Sample()) == foundation)
    }

    /// The model's own writer (no `Encodable`) in the same layout: Foundation, reading the document
    /// and writing it back with sorted keys, gives the same bytes (so keys are in order, escapes
    /// and nesting right).
    static func foundationRewrite(_ document: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(document.utf8))
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return FoundationJSONLayout.indent(Array(data)) + "\n"
    }

    @Test(arguments: ["examples/shop-broken/schema.sql", "Tests/StrataPostgresTests/Fixtures/every-feature.sql"])
    func modelWriterMatchesFoundation(file: String) throws {
        let path = ExampleSchemaTests.root.appendingPathComponent(file).path
        let schema = SchemaLoader.load(sources: [(path, try String(contentsOfFile: path, encoding: .utf8))]).schema
        #expect(schema.tables.count > 5)
        let document = schema.canonicalJSON
        #expect(try Self.foundationRewrite(document) == document)
    }
}

extension CanonicalJSONTests {
    /// Large schemas write their tables in parallel parts: still one well-formed document, tables in name order.
    @Test func parallelTablesGiveOneOrderedDocument() throws {
        let sql = (0..<600).map { "CREATE TABLE t\($0) (id bigint PRIMARY KEY, parent_id bigint REFERENCES t\($0 == 0 ? 0 : $0 - 1) (id), note text CHECK (note <> ''));" }.joined(separator: "\n")
        let schema = SchemaLoader.load(sources: [("many.sql", sql)]).schema
        #expect(schema.tables.count == 600)
        let document = schema.canonicalJSON
        #expect(try Self.foundationRewrite(document) == document)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let names = try #require(object["tables"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(names == schema.sortedTables.map { "\($0.name.schema).\($0.name.name)" })
        #expect(names.count == 600)
    }
}
