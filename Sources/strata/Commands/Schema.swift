import ArgumentParser
import Foundation
import StrataKit

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the schema model built from SQL files: canonical JSON, or normalized DDL.",
        discussion: "The JSON is canonical: objects sorted by name, no source positions, so two equal schemas print identically."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, sql }

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: json or sql.")
    var format: Format = .json

    func run() throws {
        let model = try SchemaCommandSupport.loadModel(input.paths)
        switch format {
        case .json: Console.write(SchemaDocument.canonicalJSON(model.schema))
        case .sql: Console.write(SchemaSQLRenderer().render(model.schema))
        }
        if model.hasSyntaxErrors { throw ExitCode(2) }
    }
}

struct ERD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erd",
        abstract: "Draw an entity-relationship diagram of the schema (Mermaid or Graphviz DOT)."
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: mermaid or dot.")
    var format: ERDFormat = .mermaid

    func run() throws {
        let model = try SchemaCommandSupport.loadModel(input.paths)
        Console.write(ERDRenderer(format: format).render(model.schema))
        if model.hasSyntaxErrors { throw ExitCode(2) }
    }
}

extension ERDFormat: ExpressibleByArgument {}

enum SchemaCommandSupport {
    /// Loads the files; problems reading them go to stderr, the model to stdout.
    static func loadModel(_ paths: [String]) throws -> SchemaDocument {
        let document = try FindingOutput.reading { try SchemaDocument.load(paths: paths) }
        for diagnostic in document.diagnostics { Console.error(diagnostic) }
        return document
    }
}
