import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit

/// `strata design` without a server: specs read with positioned errors; designs that review clean.
struct DesignTests {
    static let specs = ["shop.yml", "saas.yml", "feed.yml", "iot.yml", "bookings.yml"]

    static func spec(_ name: String) throws -> DesignSpec {
        let path = Repository.path("examples/design/" + name)
        return try DesignSpec.parse(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
    }

    @Test(arguments: specs)
    func aDesignReviewsClean(_ name: String) throws {
        let design = SchemaDesigner(spec: try Self.spec(name)).design()
        let loaded = SchemaLoader.load(sources: [("schema.sql", design.sql)])
        #expect(loaded.files.allSatisfy { $0.syntaxErrors.isEmpty }, "\(loaded.files.flatMap(\.syntaxErrors))\n\(design.sql)")
        let findings = Reviewer(configuration: Configuration()).review(loaded).report.findings.filter { $0.severity > .info }
        #expect(findings.isEmpty, "\(name):\n\(findings.map { "\($0.location?.line ?? 0): \($0.rule) \($0.message)" }.joined(separator: "\n"))\n\(design.sql)")
    }
}


extension DesignTests {
    func parse(_ text: String) -> DesignSpecError? {
        do { _ = try DesignSpec.parse(path: "spec.yml", text: text); return nil } catch { return error }
    }

    @Test func specErrorsNameTheLineAndTheField() throws {
        let unknownType = try #require(parse("entities:\n  customer: { attributes: { email: \"txt unique\" } }\n"))
        #expect(unknownType.location.line == 2 && unknownType.message.contains("email: unknown type txt"), "\(unknownType)")
        let unknownEntity = try #require(parse("entities:\n  customer: { attributes: { email: text } }\nrelationships:\n  - customer has many order\n"))
        #expect(unknownEntity.location.line == 4 && unknownEntity.message.contains("order is not an entity"), "\(unknownEntity)")
        let unknownField = try #require(parse("entities:\n  customer: { attributes: { email: text } }\nscale: 3\n"))
        #expect(unknownField.location.line == 3 && unknownField.message.contains("unknown field scale"), "\(unknownField)")
        let badCount = try #require(parse("entities:\n  a: { attributes: { b: text } }\nscale_targets: { rows: { a: lots } }\n"))
        #expect(badCount.location.line == 3 && badCount.message.contains("lots is not a count"), "\(badCount)")
        let sqlite = try #require(parse("database_type: sqlite\nentities:\n  a: { attributes: { b: text } }\n"))
        #expect(sqlite.location.line == 1 && sqlite.message.contains("sqlite"))
        let join = try #require(parse("entities:\n  a: { attributes: { b: text } }\n  c: { attributes: { d: text } }\nrelationships:\n  - a has many c through a_c { n: \"int > 0\" }\n"))
        #expect(join.location.line == 5 && join.message.contains("after a colon"), "\(join)")
    }

    @Test func theShopIsDesignedAsAnArchitectWould() throws {
        let design = SchemaDesigner(spec: try Self.spec("shop.yml")).design()
        #expect(design.sql.contains("CREATE UNIQUE INDEX customers_email_key ON customers (email) WHERE deleted_at IS NULL;"))
        #expect(design.sql.contains("CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at DESC);"))
        #expect(design.sql.contains("CONSTRAINT order_items_pkey PRIMARY KEY (order_id, product_id)"))
        #expect(design.sql.contains("FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE"))
        #expect(design.sql.contains("CREATE TABLE audit_log"))
        let pattern = try #require(design.patterns.first { $0.pattern.name == "recent orders of a customer" })
        #expect(pattern.index == "orders_customer_id_created_at_idx")
        #expect(pattern.sql == "SELECT id, customer_id, status, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 20")
        #expect(design.personalData.contains("customers.email"))
        // orders is large with a retention period but referenced by order_items: not partitioned, said why.
        #expect(design.decisions.contains { $0.hasPrefix("orders is large and has a retention period") })
        let iot = SchemaDesigner(spec: try Self.spec("iot.yml")).design()
        #expect(iot.sql.contains("PARTITION BY RANGE (created_at)"))
    }
}
