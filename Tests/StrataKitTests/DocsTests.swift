import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit

/// `strata docs`: pages that say what each index serves, the same bytes for the same schema, and
/// a check that fails naming what changed.
@Suite struct DocsTests {
    static let schema = """
        CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
        COMMENT ON TABLE customers IS 'People who buy | and pay';
        CREATE TABLE orders (
            id bigint PRIMARY KEY,
            customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
            status text NOT NULL CHECK (status IN ('open', 'paid')),
            archived_at timestamptz
        );
        CREATE INDEX orders_customer_id_idx ON orders (customer_id);
        CREATE INDEX orders_open_idx ON orders (id) WHERE archived_at IS NULL;
        CREATE TABLE "odd/name" (id bigint PRIMARY KEY);
        """

    func pages(_ sql: String) -> [(path: String, text: String)] {
        let result = Reviewer().review(SchemaLoader.load(sources: [("schema.sql", sql)]))
        return SchemaDocumentation(schema: result.schema, findings: result.findings).files()
    }

    @Test func eachTableHasAPageThatSaysWhatItsIndexesServe() throws {
        let files = pages(Self.schema)
        #expect(files.map(\.path) == ["README.md", "tables/public.customers.md", "tables/public.odd_name.md", "tables/public.orders.md"])
        let orders = try #require(files.first { $0.path == "tables/public.orders.md" }).text
        #expect(orders.contains("| `orders_customer_id_idx` | btree (customer_id) | the foreign key `orders_customer_id_fkey`"), "\(orders)")
        #expect(orders.contains("rows where `archived_at IS NULL` only"))
        #expect(orders.contains("`status` is one of `open`, `paid`"))
        #expect(orders.contains("references [customers](public.customers.md) (id), on delete cascade"), "\(orders)")
        let readme = try #require(files.first { $0.path == "README.md" }).text
        // A pipe in a comment does not break the table.
        #expect(readme.contains("People who buy \\| and pay"))
        #expect(readme.contains("```mermaid"))
        // Every link in the README names a page that is written.
        let links = readme.matches(of: /\]\((tables\/[^)]+)\)/).map { String($0.1) }
        #expect(!links.isEmpty && links.allSatisfy { link in files.contains { $0.path == link.replacingOccurrences(of: "%20", with: " ") } }, "\(links)")
    }

    @Test func theSameSchemaGivesTheSameBytes() {
        let first = pages(Self.schema), second = pages(Self.schema)
        #expect(first.map(\.path) == second.map(\.path) && first.map(\.text) == second.map(\.text))
    }

    @Test func theCheckPassesOnFreshDocsAndNamesAChange() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-docs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = pages(Self.schema)
        #expect(try DocumentationFolder.write(files, to: folder) == files.count)
        #expect(try DocumentationFolder.differences(files, in: folder).isEmpty)
        #expect(try DocumentationFolder.write(files, to: folder) == 0, "unchanged pages are not rewritten")

        let changed = pages(Self.schema.replacingOccurrences(of: "archived_at timestamptz", with: "archived_at timestamptz,\n    note text"))
        let differences = try DocumentationFolder.differences(changed, in: folder)
        #expect(differences.contains { $0.contains("tables/public.orders.md") && $0.contains("note") }, "\(differences)")

        // A dropped table leaves a stale page, which the check names and a write removes.
        let fewer = pages("CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);")
        #expect(try DocumentationFolder.differences(fewer, in: folder).contains { $0.contains("public.orders.md") && $0.contains("no longer") })
        _ = try DocumentationFolder.write(fewer, to: folder)
        #expect(!FileManager.default.fileExists(atPath: folder + "/tables/public.orders.md"))
    }

    @Test func theCommandWritesAndChecks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-docs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let schema = Repository.path("examples/shop/schema.sql")
        let written = try CommandRun.run(["docs", schema, "--out", folder])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try CommandRun.run(["docs", schema, "--out", folder, "--check"]).status == 0)
        try "stale\n".write(toFile: folder + "/README.md", atomically: true, encoding: .utf8)
        let stale = try CommandRun.run(["docs", schema, "--out", folder, "--check"])
        #expect(stale.status == 1 && stale.stderr.contains("README.md:1: stale"), "\(stale.stderr)")
    }

    static let hasGraphviz = FileManager.default.isExecutableFile(atPath: "/usr/bin/dot")

    /// SVG diagrams through Graphviz: each table a link to its page, the same bytes each run.
    @Test(Prerequisite.needs(hasGraphviz, "needs Graphviz's dot (make deps installs it)"))
    func svgDiagramsLinkEachTableToItsPage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-docs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let schema = Repository.path("examples/shop/schema.sql")
        #expect(try CommandRun.run(["docs", schema, "--out", folder, "--svg"]).status == 0)
        let svg = try String(contentsOfFile: folder + "/diagrams/schema.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") && svg.contains("xlink:href=\"../tables/public.orders.md\""), "\(svg.prefix(300))")
        let readme = try String(contentsOfFile: folder + "/README.md", encoding: .utf8)
        #expect(readme.contains("(diagrams/schema.svg)"))
        #expect(try CommandRun.run(["docs", schema, "--out", folder, "--svg", "--check"]).status == 0)
    }
}
