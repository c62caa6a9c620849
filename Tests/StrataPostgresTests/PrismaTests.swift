import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// Prisma schemas of our own covering every feature Strata reads: the DDL Strata derives runs on a
/// real server and its catalog equals the model; the schema written back reads to the same model.
@Suite(Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct PrismaTests {
    static let corpus = ["blog.prisma", "types.prisma", "multischema.prisma", "relation-mode.prisma", "split"]

    static func path(_ name: String) -> String { Fixtures.path("Tests/StrataPostgresTests/Fixtures/prisma/" + name) }

    @Test(arguments: corpus)
    func theDDLRunsAndTheCatalogEqualsTheModel(_ name: String) async throws {
        let loaded = try SchemaLoader.load(paths: [Self.path(name)])
        #expect(loaded.files.allSatisfy { $0.syntaxErrors.isEmpty }, "\(loaded.files.flatMap(\.syntaxErrors))")
        let prisma = try #require(loaded.prisma)
        #expect(!loaded.schema.tables.isEmpty)
        let live = try await SharedCluster.withFreshDatabase { session in
            _ = try await ScriptRunner.run(paths: [Self.path(name)], on: session)
            return try await CatalogReader(session: session).readSchema()
        }
        let differences = SchemaComparison.differences(loaded.schema, live)
        #expect(differences.isEmpty, "\(name): model vs catalog after running:\n\(prisma.ddl)\n\(differences.joined(separator: "\n"))")
    }

    @Test(arguments: corpus)
    func theWrittenSchemaReadsBackToTheSameModel(_ name: String) throws {
        let model = try SchemaLoader.load(paths: [Self.path(name)]).schema
        let written = PrismaWriter(schema: model).write()
        let again = SchemaLoader.load(sources: [("written.prisma", written.text)])
        #expect(again.files.allSatisfy { $0.syntaxErrors.isEmpty }, "\(again.files.flatMap(\.syntaxErrors))\n\(written.text)")
        let differences = SchemaComparison.differences(model, again.schema)
        #expect(differences.isEmpty, "\(name): model vs model of the written schema:\n\(written.text)\n\(differences.joined(separator: "\n"))")
    }

    @Test func aCatalogWrittenAsPrismaReadsBackToTheCatalog() async throws {
        let live = try await SharedCluster.withFreshDatabase { session in
            _ = try await ScriptRunner.run(paths: [Self.path("blog.prisma")], on: session)
            return try await CatalogReader(session: session).readSchema()
        }
        let written = PrismaWriter(schema: live).write()
        let again = SchemaLoader.load(sources: [("pulled.prisma", written.text)])
        let differences = SchemaComparison.differences(live, again.schema)
        #expect(differences.isEmpty, "catalog vs written schema:\n\(written.text)\n\(differences.joined(separator: "\n"))")
        #expect(written.text.contains("model User {") && written.text.contains("@@map(\"users\")"))
    }

    @Test func whatPrismaCannotSayIsNotedAndWarned() throws {
        let sql = """
            CREATE TABLE orders (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                status text NOT NULL CHECK (status IN ('open', 'paid')),
                deleted_at timestamptz
            );
            CREATE INDEX orders_open_idx ON orders (id) WHERE deleted_at IS NULL;
            CREATE VIEW open_orders AS SELECT id FROM orders WHERE deleted_at IS NULL;
            """
        let model = SchemaLoader.load(sources: [("orders.sql", sql)]).schema
        let written = PrismaWriter(schema: model).write()
        #expect(written.text.contains("/// strata: not expressible in Prisma: CHECK orders_status_check"))
        #expect(written.text.contains("/// strata: not expressible in Prisma: partial index orders_open_idx"))
        #expect(written.warnings.contains { $0.contains("CHECK constraint orders_status_check") })
        #expect(written.warnings.contains { $0.contains("partial index orders_open_idx") })
        #expect(written.warnings.contains { $0.contains("view open_orders") })
        #expect(written.warnings.contains { $0.contains("identity column") })
        #expect(written.text.contains("model Order {") && written.text.contains("deletedAt DateTime? @map(\"deleted_at\") @db.Timestamptz"))
    }

    @Test func aDiffIntoAPrismaSchemaIsProvenOnAServer() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("strata-empty-\(UUID().uuidString).sql").path
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let result = try await SchemaDiffService.diff(from: .files([empty]), to: .files([Self.path("blog.prisma")]), verify: true)
        #expect(result.up.script.contains("CREATE TABLE IF NOT EXISTS public.users"))
        #expect(result.proof?.isEmpty == false)
    }
}

extension PrismaTests {
    /// A Prisma project's migrations folder (`<timestamp>_<name>/migration.sql`) diffed against its
    /// edited schema: the next migration, proven on a server; nothing when they agree.
    @Test func aPrismaMigrationsFolderDiffedWithItsSchema() async throws {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("strata-prisma-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: project) }
        let initial = project + "/migrations/20240101000000_init"
        try FileManager.default.createDirectory(atPath: initial, withIntermediateDirectories: true)
        let schemaText = try String(contentsOfFile: Self.path("relation-mode.prisma"), encoding: .utf8)
        let ddl = try PrismaSchema.read([("schema.prisma", schemaText)]).ddl
        try ddl.write(toFile: initial + "/migration.sql", atomically: true, encoding: .utf8)
        try "provider = \"postgresql\"\n".write(toFile: project + "/migrations/migration_lock.toml", atomically: true, encoding: .utf8)
        try schemaText.write(toFile: project + "/schema.prisma", atomically: true, encoding: .utf8)

        let same = try await SchemaDiffService.diff(from: .files([project + "/migrations"]), to: .files([project + "/schema.prisma"]))
        #expect(same.up.isEmpty, "\(same.up.script)")

        let edited = schemaText.replacingOccurrences(of: "  shopId Int\n", with: "  shopId Int\n  sku    String? @unique\n")
        try edited.write(toFile: project + "/schema.prisma", atomically: true, encoding: .utf8)
        let next = try await SchemaDiffService.diff(from: .files([project + "/migrations"]), to: .files([project + "/schema.prisma"]), verify: true)
        #expect(next.up.script.contains("ADD COLUMN IF NOT EXISTS sku text"))
        #expect(next.up.script.contains("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Product_sku_key\""))
        #expect(next.proof?.isEmpty == false)
    }
}

/// Reading errors and review findings of `.prisma` files, without a server.
struct PrismaReadingTests {
    func load(_ text: String) -> LoadedSchema { SchemaLoader.load(sources: [("schema.prisma", text)]) }
    let datasource = "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n"

    /// The datasource, a Customer model (lines 5-8), then `orders` (from line 10): orders of a customer.
    func customers(_ orders: String) -> String {
        datasource + "model Customer {\n  id     Int     @id @default(autoincrement())\n  orders Order[]\n}\n\n" + orders
    }

    @Test func aSyntaxErrorNamesLineAndColumn() throws {
        let loaded = load(datasource + "model User {\n  id Int @id\n  email String @unique(\n}\n")
        let error = try #require(loaded.files.first?.syntaxErrors.first)
        #expect(error.location.file == "schema.prisma" && error.location.line == 8, "\(error)")
        #expect(Reviewer(configuration: Configuration()).review(loaded).report.findings.contains { $0.rule == "syntax-error" })
    }

    @Test func anotherProviderIsAClearError() throws {
        let loaded = load("datasource db {\n  provider = \"mysql\"\n}\nmodel A {\n  id Int @id\n}\n")
        let error = try #require(loaded.files.first?.syntaxErrors.first)
        #expect(error.location.line == 2 && error.location.column == 3)
        #expect(error.message.contains("provider \"mysql\" is not supported"))
    }

    @Test func aNativeTypeOfAnotherScalarIsRefused() throws {
        let loaded = load(datasource + "model A {\n  id Int @id @db.VarChar(3)\n}\n")
        let error = try #require(loaded.files.first?.syntaxErrors.first)
        #expect(error.location.line == 6 && error.message.contains("@db.VarChar belongs to String fields"))
    }

    @Test func findingsPointAtPrismaLinesWithPrismaFixes() throws {
        let text = customers("""
            model Order {
              id         String   @id @default(uuid())
              customerId Int
              customer   Customer @relation(fields: [customerId], references: [id])
            }
            """)
        let findings = Reviewer(configuration: Configuration()).review(load(text)).report.findings
        let missingIndex = try #require(findings.first { $0.rule == "fk-missing-index" })
        #expect(missingIndex.location?.file == "schema.prisma" && missingIndex.location?.line == 13 && missingIndex.location?.column == 3)
        #expect(missingIndex.prismaFix == "@@index([customerId]) in model Order")
        #expect(missingIndex.fix?.contains("CREATE INDEX CONCURRENTLY") == true)
        let uuid = try #require(findings.first { $0.rule == "uuid-as-text" })
        #expect(uuid.location?.line == 11 && uuid.prismaFix?.contains("@db.Uuid") == true)
        // Prisma's naming is one finding for the schema, not one per quoted name.
        #expect(findings.filter { $0.rule == "identifier-not-snake-case" }.count == 1)
        #expect(!findings.contains { $0.rule == "prefer-identity" })
    }

    @Test func anIgnoreCommentInThePrismaFileSilencesItsLine() {
        let text = customers("""
            model Order {
              id         Int      @id @default(autoincrement())
              customerId Int
              // strata:ignore fk-missing-index customers are never deleted
              customer   Customer @relation(fields: [customerId], references: [id])
            }
            """)
        let findings = Reviewer(configuration: Configuration()).review(load(text)).report.findings
        #expect(!findings.contains { $0.rule == "fk-missing-index" })
        // Only that line's rule is silenced: the schema's other findings stay.
        #expect(findings.contains { $0.rule == "identifier-not-snake-case" }, "\(findings.map(\.rule))")
    }

    @Test func aRelationWithItsIndexHasNoFinding() {
        let text = customers("""
            model Order {
              id         Int      @id @default(autoincrement())
              customerId Int
              customer   Customer @relation(fields: [customerId], references: [id])

              @@index([customerId])
            }
            """)
        let findings = Reviewer(configuration: Configuration()).review(load(text)).report.findings
        #expect(!findings.contains { $0.rule == "fk-missing-index" })
    }
}
