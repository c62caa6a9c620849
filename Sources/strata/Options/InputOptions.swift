import ArgumentParser
import Foundation
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
        switch target {
        case .ephemeral where paths.isEmpty: throw ValidationError("--database ephemeral loads SQL files: give at least one")
        case .postgres(let url?) where !paths.isEmpty && url.isEmpty == false:
            throw ValidationError("SQL files are loaded only into --database ephemeral; Strata never writes to a database it did not create")
        case .sqlite: throw ValidationError("review, schema and erd read PostgreSQL; sqlite: databases are for `strata migrate`")
        default: break
        }
        if !schemas.isEmpty, !readsDatabase { throw ValidationError("--schema needs --database") }
    }

    func loadConfiguration() throws -> Configuration { try configOption.loadConfiguration() }

    var target: DatabaseTarget { DatabaseTarget(database) }

    /// A live database (or a throwaway one) is the source, rather than the files alone.
    var readsDatabase: Bool { database != nil || paths.isEmpty }

    /// Reviews the files, or the live (or throwaway) database with its statistics: the result,
    /// the statistics, and what was reviewed when it was not the files as given.
    func review(with reviewer: Reviewer) async throws -> (result: ReviewResult, statistics: DatabaseStatistics?, scope: String?) {
        guard readsDatabase else { return (try reviewer.review(paths: paths), nil, nil) }
        let snapshot = try await readDatabase(statistics: true)
        let scope = snapshot.source == DatabaseTarget.ephemeralKeyword ? "a throwaway database loaded from \(paths.joined(separator: ", "))" : "database \(snapshot.source)"
        return (reviewer.review(schema: snapshot.schema, statistics: snapshot.statistics), snapshot.statistics, scope)
    }

    /// Reads the live (or throwaway) database.
    func readDatabase(statistics: Bool) async throws -> LiveSnapshot {
        try await LiveDatabase.read(database: database, files: target == .ephemeral ? paths : [],
                                    schemas: schemas, statistics: statistics)
    }
}
