import ArgumentParser
import Foundation
import StrataKit

struct Schema: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the schema model of SQL files or a live database: canonical JSON, or normalized DDL.",
        discussion: "The JSON is canonical: objects sorted by name, no source positions, so two equal schemas print identically."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, sql }

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: json or sql.")
    var format: Format = .json

    func run() async throws {
        let model = try await SchemaCommandSupport.loadModel(input)
        switch format {
        case .json: Console.write(model.schema.canonicalJSON)
        case .sql: Console.write(SchemaSQLRenderer().render(model.schema))
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
