import Foundation
import Testing
@testable import StrataKit

/// Seed files read with every value's line and column.
@Suite struct SeedFileTests {
    @Test func csvQuotesLineEndsNullsAndPositions() throws {
        let text = "# key: code\r\ncode,name,note\r\nfree,\"Free, \"\"basic\"\"\",\r\nprö,\"two\nlines\",\"\"\r\n"
        let file = try SeedFile.read(path: "seeds/common/plans.csv", text: text)
        #expect(file.table == ObjectName(name: "plans") && file.key == ["code"])
        #expect(file.columns.map(\.name) == ["code", "name", "note"])
        #expect(file.rows.count == 2)
        #expect(file.rows[0].values["name"]?.text == "Free, \"basic\"")
        #expect(file.rows[0].values["note"]?.text == nil, "an empty unquoted field is NULL")
        #expect(file.rows[1].values["note"]?.text == "", "a quoted empty field is the empty string")
        #expect(file.rows[1].values["name"]?.text == "two\nlines")
        // Positions: line 4, the second field after a multibyte character.
        #expect(file.rows[1].values["name"]?.location.line == 4 && file.rows[1].values["name"]?.location.column == 5)
        #expect(file.rows[0].values["code"]?.location.line == 3)
    }

    @Test func yamlRowsKeysAndNulls() throws {
        let text = "key: [code]\nrows:\n  - { code: free, price: 0, note: null }\n  - code: pro\n    price: 2000\n    note: '~'\n"
        let file = try SeedFile.read(path: "billing.plans.yml", text: text)
        #expect(file.table == ObjectName(schema: "billing", name: "plans"))
        #expect(file.rows[0].values["note"]?.text == nil && file.rows[1].values["note"]?.text == "~")
        #expect(file.rows[1].values["price"]?.location.line == 5)
        #expect(throws: SeedError.self) { try SeedFile.read(path: "plans.yml", text: "rows:\n  - { code: [a, b] }\n") }
        #expect(throws: SeedError.self) { try SeedFile.read(path: "plans.txt", text: "") }
    }
}
