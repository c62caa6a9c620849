import ArgumentParser
import Foundation
import StrataCLI
import StrataKit
import StrataPostgres

/// The inputs of the schema commands (review, schema, erd): SQL files or a live database.
struct InputOptions: ParsableArguments {
    @Argument(help: "SQL files, or folders (a migrations folder's *.up.sql replay in version order).")
    var paths: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "A live database to read instead of files: postgres://user:pass@host:port/db?sslmode=..., or `ephemeral` to load the SQL files into a throwaway local cluster first.",
        discussion: "Without it and without files, DATABASE_URL (and libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE) is read."))
    var database: String?

    @Option(name: .customLong("schema"), help: "With --database: read only this schema (repeatable; default: every schema but the system ones).")
    var schemas: [String] = []

    @OptionGroup var configOption: ConfigOption

    func validate() throws {
        if paths.isEmpty, database == nil, ProcessInfo.processInfo.environment["DATABASE_URL"] == nil {
            throw ValidationError("give at least one SQL file or folder, or --database (or set DATABASE_URL)")
        }
        if database == LiveDatabase.ephemeral, paths.isEmpty { throw ValidationError("--database ephemeral loads SQL files: give at least one") }
        if let database, database != LiveDatabase.ephemeral, !paths.isEmpty {
            throw ValidationError("SQL files are loaded only into --database ephemeral; Strata never writes to a database it did not create")
        }
        if !schemas.isEmpty, !readsDatabase { throw ValidationError("--schema needs --database") }
    }

    func loadConfiguration() throws -> Configuration { try configOption.loadConfiguration() }

    /// A live database (or a throwaway one) is the source, rather than the files alone.
    var readsDatabase: Bool { database != nil || paths.isEmpty }

    /// Reads the live (or throwaway) database; connection, loading and catalog errors go to stderr, exit 2.
    func readDatabase(statistics: Bool) async throws -> LiveSnapshot {
        do {
            return try await LiveDatabase.read(database: database, files: database == LiveDatabase.ephemeral ? paths : [],
                                               schemas: schemas, statistics: statistics)
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
    }
}
