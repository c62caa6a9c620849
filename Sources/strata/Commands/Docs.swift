import ArgumentParser
import Foundation
import StrataKit
import StrataPostgres

/// `strata docs`: the schema's reference documentation, written or checked.
struct Docs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the schema's reference documentation: a README by table groups, a page a table (columns, keys, what each index serves, relations, the review's findings) and Mermaid diagrams.",
        discussion: """
            The same schema always gives the same files, so they diff cleanly in review. With --check nothing is written: \
            exit 1 when the folder differs from what would be written (each difference printed), 0 when it is current, 2 on errors.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "The folder to write (or, with --check, to compare).")
    var out: String = "docs/reference"

    @Flag(help: "Compare the folder with what would be written instead of writing it.")
    var check = false

    @Flag(help: "Also draw the diagrams as SVG through Graphviz (diagrams/*.svg, each table linked to its page).")
    var svg = false

    func run() async throws {
        let configuration = try input.loadConfiguration()
        let (result, statistics, _) = try await input.review(with: Reviewer(configuration: configuration))
        var documentation = SchemaDocumentation(schema: result.schema, findings: result.findings, statistics: statistics)
        documentation.linksSVG = svg
        var files = documentation.files()
        if svg {
            for diagram in documentation.dotDiagrams() { files.append((diagram.path, try Graphviz.svg(diagram.dot))) }
        }
        if check {
            let differences = try DocumentationFolder.differences(files, in: out)
            for difference in differences { Console.error(difference) }
            guard differences.isEmpty else {
                Console.error("\(out): \(differences.count) difference\(differences.count == 1 ? "" : "s") from the schema: run strata docs without --check to update")
                throw ExitCode(1)
            }
            Console.write("\(out): current (\(files.count) files)\n")
            return
        }
        let written = try DocumentationFolder.write(files, to: out)
        Console.write("\(out): \(files.count) files (\(written) changed)\n")
    }
}
