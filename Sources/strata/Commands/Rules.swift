import ArgumentParser
import StrataKit

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every rule: id, default severity, summary.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .customLong("write-docs"), help: "Write docs/rules/<id>.md pages into this folder (for contributors).")
    var docsFolder: String?

    init() {}

    func run() throws {
        if let docsFolder {
            let written = try RuleList.writeDocumentation(to: docsFolder)
            Console.write("wrote \(written) pages to \(docsFolder)\n")
            return
        }
        switch format {
        case .text: Console.write(RuleList.text())
        case .json: Console.write(RuleList.json())
        }
    }
}
