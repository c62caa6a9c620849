import Testing
@testable import StrataKit

@Suite struct TOMLReaderTests {
    @Test func tablesKeysAndArraysOfTables() throws {
        let document = try TOMLReader.parse("""
        # strata.toml
        title = "shop"          # trailing comment
        "quoted key" = 'literal \\n stays'
        site."google.com" = true
        [owner]
        name = "Tom"
        [database.connection]
        ports = [ 8000, 8001,
          8002, # a comment inside
        ]
        [database]
        enabled = false
        [[products]]
        name = "Hammer"
        [[products]]
        name = "Nail"
        color = { r = 1, g.value = 2 }
        [products.dimensions]
        depth = 3
        """)
        #expect(document["title"] == .string("shop"))
        #expect(document["quoted key"] == .string("literal \\n stays"))
        #expect(document["site"]?.table?["google.com"] == .bool(true))
        #expect(document["owner"]?.table?["name"] == .string("Tom"))
        #expect(document["database"]?.table?["enabled"] == .bool(false))
        #expect(document["database"]?.table?["connection"]?.table?["ports"] == .array([.integer(8000), .integer(8001), .integer(8002)]))
        let products = try #require(document["products"]?.array)
        #expect(products.count == 2)
        #expect(products[0].table?["name"] == .string("Hammer"))
        #expect(products[1].table?["color"] == .table(["r": .integer(1), "g": .table(["value": .integer(2)])]))
        #expect(products[1].table?["dimensions"]?.table?["depth"] == .integer(3))
    }

    @Test(arguments: [
        (#"a = "tab\there \"q\" \\ \u00E9 \U0001F600""#, TOMLValue.string("tab\there \"q\" \\ é 😀")),
        ("a = \"\"\"\nfirst\nsecond\"\"\"", .string("first\nsecond")),
        ("a = \"\"\"one \\\n    two\"\"\"", .string("one two")),
        ("a = '''\nraw \\n text'''", .string("raw \\n text")),
        ("a = \"\"\"\"quoted\"\"\"\"", .string("\"quoted\"")),
        ("a = +42", .integer(42)),
        ("a = -17", .integer(-17)),
        ("a = 1_000_000", .integer(1_000_000)),
        ("a = 0xDEAD_beef", .integer(0xDEAD_BEEF)),
        ("a = 0o755", .integer(0o755)),
        ("a = 0b1101", .integer(13)),
        ("a = 3.1415", .float(3.1415)),
        ("a = -2e-3", .float(-0.002)),
        ("a = 6.626E-34", .float(6.626e-34)),
        ("a = -inf", .float(-.infinity)),
        ("a = 1979-05-27T07:32:00Z", .dateTime("1979-05-27T07:32:00Z")),
        ("a = 1979-05-27 07:32:00", .dateTime("1979-05-27 07:32:00")),
        ("a = 07:32:00", .dateTime("07:32:00")),
        ("a = []", .array([])),
        ("a = [[1, 2], ['x']]", .array([.array([.integer(1), .integer(2)]), .array([.string("x")])])),
        ("a = {}", .table([:])),
    ])
    func values(text: String, expected: TOMLValue) throws {
        #expect(try TOMLReader.parse(text)["a"] == expected)
    }

    @Test func notANumberIsAFloat() throws {
        guard case .float(let value)? = try TOMLReader.parse("a = nan")["a"] else { Issue.record("nan is not a float"); return }
        #expect(value.isNaN)
    }

    @Test(arguments: [
        ("a = 1\na = 2", 2, 1, "key a is defined twice"),
        ("[t]\n[t]", 2, 2, "table [t] is defined twice"),
        ("a.b = 1\n[a]", 2, 2, "table [a] is defined twice"),
        ("a = {x = 1}\n[a.y]", 2, 2, "table [a.y] is defined twice"),
        ("fail-on = \n", 1, 11, "expected a value"),
        ("a = \"open", 1, 10, "unterminated string"),
        ("a = 012", 1, 5, "not a TOML value: 012"),
        ("a = 1__0", 1, 5, "not a TOML value: 1__0"),
        ("a = 1.", 1, 5, "not a TOML value: 1."),
        ("a = \"\\q\"", 1, 6, "unknown escape \\q"),
        ("a = 1 b = 2", 1, 7, "expected the end of the line"),
        ("a = [1 2]", 1, 8, "expected , or ] in the array"),
        ("a = {x = 1,\ny = 2}", 1, 12, "expected a key"),
        ("= 1", 1, 1, "expected a key"),
        ("[t\n", 1, 3, "expected ] after the table name"),
        ("a = tru", 1, 5, "not a TOML value: tru"),
    ])
    func errorsNameLineAndColumn(text: String, line: Int, column: Int, message: String) {
        #expect(throws: TOMLError(line: line, column: column, message: message)) { try TOMLReader.parse(text) }
    }
}
