import ArgumentParser
import Foundation
import StrataKit

struct Schema: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the schema model of SQL files, a Prisma schema or a live database: canonical JSON, DDL, or a Prisma schema.",
        discussion: """
            The JSON is canonical: objects sorted by name, no source positions, so two equal schemas print identically.
            For a .prisma input, --format sql prints the migration Prisma Migrate would write. --format prisma writes \
            an idiomatic schema.prisma (like `prisma db pull`); what Prisma cannot say is kept as /// notes and \
            listed as warnings on stderr.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, sql, prisma }

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: json, sql or prisma.")
    var format: Format = .json

    func run() async throws {
        let model = try await SchemaCommandSupport.loadModel(input)
        switch format {
        case .json: Console.write(model.schema.canonicalJSON)
        case .sql: Console.write(model.prismaDDL ?? SchemaSQLRenderer().render(model.schema))
        case .prisma:
            let written = PrismaWriter(schema: model.schema).write()
            Console.write(written.text)
            for warning in written.warnings { Console.error("warning: \(warning)") }
        }
        if model.hasSyntaxErrors { throw ExitCode(2) }
    }
}

struct ERD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erd",
        abstract: "Draw an entity-relationship diagram of the schema (Mermaid or Graphviz DOT)."
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: mermaid or dot.")
    var format: ERDFormat = .mermaid

    func run() async throws {
        let model = try await SchemaCommandSupport.loadModel(input)
        Console.write(ERDRenderer(format: format).render(model.schema))
        if model.hasSyntaxErrors { throw ExitCode(2) }
    }
}

extension ERDFormat: ExpressibleByArgument {}

enum SchemaCommandSupport {
    /// Loads the files, or reads the database; problems go to stderr, the model to stdout.
    static func loadModel(_ input: InputOptions) async throws -> SchemaDocument {
        if input.readsDatabase {
            return SchemaDocument(schema: try await input.readDatabase(statistics: false).schema, diagnostics: [], hasSyntaxErrors: false)
        }
        let document = try SchemaDocument.load(paths: input.paths)
        for diagnostic in document.diagnostics { Console.error(diagnostic) }
        return document
    }
}
