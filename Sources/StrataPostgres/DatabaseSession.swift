import Foundation
import StrataKit
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// One connection to a live PostgreSQL server, opened from `ConnectionSettings`.
///
/// Every value goes to the server as a bind parameter; errors are `DatabaseError`s that name what
/// failed (refused, authentication, missing database, TLS, timeout) and never the password.
///
/// ```swift
/// let session = try await DatabaseSession.connect(try ConnectionSettings.resolve("postgres://app@db/shop"))
/// defer { Task { await session.close() } }
/// let schema = try await CatalogReader(session: session).readSchema()
/// ```
public final class DatabaseSession: Sendable {
    package let connection: PostgresConnection
    /// Where it is connected (for messages; the password is never shown).
    public let settings: ConnectionSettings
    package let logger: Logger

    /// Whether `close()` closes the connection: not when it is the application's.
    private let ownsConnection: Bool

    private init(connection: PostgresConnection, settings: ConnectionSettings, logger: Logger, ownsConnection: Bool = true) {
        self.connection = connection
        self.settings = settings
        self.logger = logger
        self.ownsConnection = ownsConnection
    }

    /// A session on a connection the application holds (a `PostgresClient`'s lease, for example):
    /// Strata runs its statements on it and never closes it.
    ///
    /// At a server's start-up, the pending migrations on the server's own client:
    /// ```swift
    /// try await client.withConnection { connection in
    ///     let target = PostgresMigrationTarget(session: DatabaseSession(borrowing: connection))
    ///     try await Migrator(migrations: try MigrationSet.load(directory: "migrations"), target: target).up()
    /// }
    /// ```
    public convenience init(borrowing connection: PostgresConnection,
                            logger: Logger = Logger(label: "strata.postgres", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.init(connection: connection, settings: .borrowed, logger: logger, ownsConnection: false)
    }

    /// Connects (unix socket or TCP, with TLS as `sslmode` says), within `timeout`.
    public static func connect(_ settings: ConnectionSettings, timeout: Duration = .seconds(10),
                               logger: Logger = Logger(label: "strata.postgres", factory: { _ in SwiftLogNoOpLogHandler() })) async throws(DatabaseError) -> DatabaseSession {
        let configuration: PostgresConnection.Configuration
        do {
            configuration = try makeConfiguration(settings, timeout: timeout)
        } catch {
            throw DatabaseError(kind: .tls, settings: settings, message: "could not set up TLS: \(error)")
        }
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw DatabaseError(error, settings: settings, connecting: true)
        }
        return DatabaseSession(connection: connection, settings: settings, logger: logger)
    }

    static func makeConfiguration(_ settings: ConnectionSettings, timeout: Duration) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if settings.isUnixSocket {
            configuration = .init(unixSocketPath: "\(settings.host)/.s.PGSQL.\(settings.port)", username: settings.user,
                                  password: settings.password, database: settings.database)
        } else {
            configuration = .init(host: settings.host, port: settings.port, username: settings.user, password: settings.password,
                                  database: settings.database, tls: try tls(for: settings.tlsMode))
        }
        let seconds = timeout.components.seconds
        configuration.options.connectTimeout = .seconds(max(1, seconds))
        configuration.options.additionalStartupParameters = [("application_name", "strata")]
        return configuration
    }

    /// libpq's sslmode: `disable` never, `allow`/`prefer` if the server offers it (certificates not
    /// checked, as libpq does), `require` always (not checked), `verify-ca` checks the chain,
    /// `verify-full` the chain and the host name.
    static func tls(for mode: ConnectionSettings.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable:
            return .disable
        case .allow, .prefer:
            tls.certificateVerification = .none
            return .prefer(try NIOSSLContext(configuration: tls))
        case .require:
            tls.certificateVerification = .none
            return .require(try NIOSSLContext(configuration: tls))
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
            return .require(try NIOSSLContext(configuration: tls))
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            return .require(try NIOSSLContext(configuration: tls))
        }
    }

    /// Runs `query` and hands every row to `body`.
    package func forEachRow(_ query: PostgresQuery, _ body: (PostgresRow) throws -> Void) async throws(DatabaseError) {
        do {
            let rows = try await connection.query(query, logger: logger)
            for try await row in rows { try body(row) }
        } catch let error as DatabaseError {
            throw error
        } catch {
            throw DatabaseError(error, settings: settings, connecting: false)
        }
    }

    /// The first column of the first row of a statement that returns text (EXPLAIN, SHOW).
    package func firstText(_ sql: String) async throws(DatabaseError) -> String? {
        var value: String?
        var seen = false
        try await forEachRow(PostgresQuery(unsafeSQL: sql)) { row in
            guard !seen else { return }
            seen = true
            value = try row.decode(String?.self, context: .default)
        }
        return value
    }

    /// The first column of the first row of `sql`, as text (nil for NULL or no row).
    package func scalarText(_ sql: String) async throws(DatabaseError) -> String? {
        var value: String?
        var seen = false
        try await forEachRow(PostgresQuery(unsafeSQL: "SELECT (\(sql))::text")) { row in
            guard !seen else { return }
            seen = true
            value = try row.decode(String?.self, context: .default)
        }
        return value
    }

    /// Runs statements that return no rows (or whose rows nobody needs).
    public func execute(_ sql: String) async throws(DatabaseError) {
        try await forEachRow(PostgresQuery(unsafeSQL: sql)) { _ in }
    }

    /// Runs `queries` one after another, chained on the connection's event loop so that no thread
    /// hop separates them (a migration's BEGIN, statements, history row and COMMIT cost one wait,
    /// not one each). Stops at the first error: its index and the error; nil when all succeeded.
    package func executeChained(_ queries: [PostgresQuery]) async -> (index: Int, error: DatabaseError)? {
        struct Failure: Error { var index: Int; var error: any Error }
        let connection = connection, logger = logger
        @Sendable func step(_ index: Int) -> EventLoopFuture<Void> {
            guard index < queries.count else { return connection.eventLoop.makeSucceededVoidFuture() }
            return connection.query(queries[index], logger: logger)
                .flatMapErrorThrowing { error in throw Failure(index: index, error: error) }
                .flatMap { _ in step(index + 1) }
        }
        do {
            try await connection.eventLoop.flatSubmit { step(0) }.get()
            return nil
        } catch let failure as Failure {
            return (failure.index, DatabaseError(failure.error, settings: settings, connecting: false))
        } catch {
            return (0, DatabaseError(error, settings: settings, connecting: false))
        }
    }

    /// The server's version number, e.g. 150018.
    public func serverVersion() async throws(DatabaseError) -> Int {
        var version = 0
        try await forEachRow("SELECT current_setting('server_version_num')::int4") { row in
            version = Int(try row.decode(Int32.self))
        }
        return version
    }

    /// Closes the connection, unless it was borrowed from the application.
    public func close() async {
        guard ownsConnection else { return }
        try? await connection.close()
    }
}

/// A failure talking to PostgreSQL: what kind, the server's own message and SQLSTATE, and the
/// connection it concerns (password redacted).
public struct DatabaseError: StrataError {
    /// What went wrong, in the terms a person acts on (start the server, fix the password, ...).
    public enum Kind: String, Sendable {
        case refused = "connection refused"
        case authentication = "authentication failed"
        case missingDatabase = "database does not exist"
        case tls = "TLS failure"
        case timeout = "timed out"
        case server = "server error"
        case connection = "connection failed"
        case decoding = "unexpected result"
    }

    /// What went wrong.
    public var kind: Kind
    /// `.serverError` when the server answered with an error, `.connectionFailed` otherwise.
    public var code: StrataErrorCode { kind == .server || kind == .decoding ? .serverError : .connectionFailed }
    /// The redacted URL of the connection.
    public var connection: String
    /// The server's or the driver's message, password redacted.
    public var message: String
    /// The SQLSTATE the server answered with.
    public var sqlState: String?
    /// The constraint the server names, for a violation.
    public var constraint: String?
    /// PostgreSQL's error position: a 1-based character offset into the statement.
    public var position: Int?

    init(kind: Kind, settings: ConnectionSettings, message: String, sqlState: String? = nil, constraint: String? = nil) {
        self.kind = kind
        self.connection = settings.description
        self.message = message
        self.sqlState = sqlState
        self.constraint = constraint
    }

    init(_ error: any Error, settings: ConnectionSettings, connecting: Bool) {
        if let decoding = error as? PostgresDecodingError {
            self.init(kind: .decoding, settings: settings,
                      message: "column \(decoding.columnName) (#\(decoding.columnIndex), \(decoding.postgresType)) is not a \(decoding.targetType)")
            return
        }
        guard let error = error as? PSQLError else {
            let text = String(describing: error)
            self.init(kind: text.localizedCaseInsensitiveContains("timed out") ? .timeout : (connecting ? .connection : .decoding),
                      settings: settings, message: Self.redact(text, settings))
            return
        }
        if let info = error.serverInfo {
            let state = info[.sqlState]
            let kind: Kind = switch state {
            case "28P01", "28000": .authentication
            case "3D000": .missingDatabase
            case "57014": .timeout
            default: .server
            }
            var message = info[.message] ?? "unknown error"
            if let detail = info[.detail] { message += " (\(detail))" }
            self.init(kind: kind, settings: settings, message: Self.redact(message, settings), sqlState: state, constraint: info[.constraintName])
            self.position = info[.position].flatMap { Int($0) }
            return
        }
        let underlying = error.underlying.map { String(describing: $0) } ?? ""
        let kind: Kind
        switch error.code {
        case .sslUnsupported, .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest: kind = .tls
        case .authMechanismRequiresPassword, .unsupportedAuthMechanism, .saslError: kind = .authentication
        case .queryCancelled: kind = .timeout
        default:
            if underlying.localizedCaseInsensitiveContains("refused") || underlying.contains("ENOENT") || underlying.contains("No such file") {
                kind = .refused
            } else if underlying.localizedCaseInsensitiveContains("timed out") || underlying.localizedCaseInsensitiveContains("timeout") {
                kind = .timeout
            } else if underlying.localizedCaseInsensitiveContains("ssl") || underlying.localizedCaseInsensitiveContains("tls")
                        || underlying.localizedCaseInsensitiveContains("certificate") || underlying.localizedCaseInsensitiveContains("handshake") {
                kind = .tls
            } else {
                kind = .connection
            }
        }
        let detail = underlying.isEmpty ? error.code.description : underlying
        self.init(kind: kind, settings: settings, message: Self.redact(detail, settings))
    }

    /// Belt and braces: no message ever carries the password, whatever a library put in it.
    static func redact(_ text: String, _ settings: ConnectionSettings) -> String {
        guard let password = settings.password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }

    /// The kind, message, redacted connection and SQLSTATE, with a hint for connection failures.
    public var description: String {
        var text = "\(kind.rawValue): \(message) [\(connection)]"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        switch kind {
        case .refused: text += "\nhint: is a server running there? check the host and the port"
        case .authentication: text += "\nhint: check the user name and password (PGPASSWORD or the URL)"
        case .tls: text += "\nhint: sslmode=disable, prefer, require, verify-ca or verify-full must match what the server offers"
        default: break
        }
        return text
    }
}
