import ArgumentParser
import Foundation
import StrataKit
import StrataPostgres

/// `strata design`: a spec in, a checked database plan out.
struct Design: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Design a database from a YAML spec: schema, migrations, index strategy, transactions, operations, Prisma schema, ERD, docs and a position card.",
        discussion: """
            The design checks itself before anything is written: strata review of schema.sql must be clean and its \
            migration must go up, down and up again on a throwaway server. --prove also fills that server with \
            generated rows at the spec's proportions and runs every access pattern with EXPLAIN ANALYZE; the card \
            records which index each used and its median time. Exit codes: 0 written, 2 errors (a spec error names its line).
            """
    )

    @Argument(help: "The spec (YAML).")
    var spec: String

    @Option(help: "The folder to write into.")
    var out: String = "db"

    @Flag(help: "Load the design into a throwaway cluster with generated data and measure each access pattern.")
    var prove = false

    func run() async throws {
        let outcome = try await DesignService.design(specPath: spec, into: out, prove: prove) { step in Console.error(step) }
        Console.write(outcome.card)
        Console.error("wrote \(outcome.files.count) files into \(out)/")
    }
}
