/// Where a command's database is, as `--database`, `[migrate] database` or `DATABASE_URL` name it.
///
/// ```swift
/// DatabaseTarget("postgres://app@db.internal/shop")   // .postgres(url: "postgres://app@db.internal/shop")
/// DatabaseTarget("sqlite:notes.db")                    // .sqlite(path: "notes.db")
/// DatabaseTarget("ephemeral")                          // a throwaway local PostgreSQL cluster
/// DatabaseTarget(nil)                                  // .postgres(url: nil): DATABASE_URL, then PG* variables
/// ```
/// Opening one is the drivers' job: `StrataPostgres` for `.postgres` and `.ephemeral`,
/// `StrataSQLite` for `.sqlite`.
package enum DatabaseTarget: Sendable, Hashable {
    /// A PostgreSQL server: a `postgres://` URL or libpq key=value string, or nil for the
    /// environment (`DATABASE_URL`, then `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, ...).
    case postgres(url: String?)
    /// A SQLite file (`sqlite:path`, `sqlite://path`); the path as written.
    case sqlite(path: String)
    /// A throwaway PostgreSQL cluster started for the command and removed after it.
    case ephemeral

    /// The word that names a throwaway cluster.
    package static let ephemeralKeyword = "ephemeral"

    package init(_ argument: String?) {
        guard let argument else {
            self = .postgres(url: nil)
            return
        }
        if argument == Self.ephemeralKeyword {
            self = .ephemeral
        } else if argument.hasPrefix("sqlite:") {
            var path = Substring(argument.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = path.dropFirst(2) }
            self = .sqlite(path: String(path))
        } else {
            self = .postgres(url: argument)
        }
    }
}
