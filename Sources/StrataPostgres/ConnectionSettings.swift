import Foundation
import StrataKit

/// Where and how to connect, from `--database`, `DATABASE_URL`, and libpq's PGHOST, PGPORT,
/// PGUSER, PGPASSWORD, PGDATABASE and PGSSLMODE for whatever the URL leaves out.
///
/// The password is never part of `description` or of any error: print these freely.
///
/// ```swift
/// let settings = try ConnectionSettings.resolve("postgres://app:secret@db:5432/shop?sslmode=require")
/// print(settings)   // postgres://app:***@db:5432/shop?sslmode=require
/// ```
public struct ConnectionSettings: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// libpq's `sslmode`, with its meaning: `disable` never, `prefer` when offered, `require` always
    /// (no certificate check), `verify-ca` / `verify-full` with the certificate checked.
    package enum TLSMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// A host name, or an absolute path: the folder holding the server's unix socket.
    public var host: String
    /// The TCP port, or the unix socket's number.
    public var port: Int
    /// The user name.
    public var user: String
    package var password: String?
    /// The database name.
    public var database: String
    package var tlsMode: TLSMode

    package var isUnixSocket: Bool { host.hasPrefix("/") }

    /// What messages call a connection Strata was handed rather than opened.
    package static let borrowed = ConnectionSettings(host: "", port: 0, user: "", password: nil, database: "", tlsMode: .prefer, isBorrowed: true)
    package var isBorrowed = false

    /// The URL, password replaced by `***`.
    public var description: String {
        if isBorrowed { return "the application's connection" }
        let credentials = percentEncoded(user) + (password == nil ? "" : ":***")
        let hostPart = isUnixSocket ? "" : (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        var query = ["sslmode=\(tlsMode.rawValue)"]
        if isUnixSocket { query = ["host=\(host)", "port=\(port)"] + query }
        return "postgres://\(credentials)@\(hostPart)/\(percentEncoded(database))?\(query.joined(separator: "&"))"
    }

    /// Debug printing and mirrors (`dump`, `print(String(reflecting:))`) show the redacted URL too.
    public var debugDescription: String { description }
    /// Mirrors show the redacted URL only.
    public var customMirror: Mirror { Mirror(self, children: ["url": description]) }

    /// A connection string that cannot be used. Never contains the password.
    public struct Invalid: StrataError {
        /// Always `.invalidArgument`.
        public var code: StrataErrorCode { .invalidArgument }
        /// What is wrong with the URL (never the password).
        public var message: String
        /// `invalid database URL: message`.
        public var description: String { "invalid database URL: \(message)" }
    }

    /// Settings from a `postgres://` URL, else `DATABASE_URL`, completed by libpq's `PG*` variables.
    ///
    /// ```swift
    /// let session = try await DatabaseSession.connect(try ConnectionSettings.resolve(nil))
    /// ```
    /// - Throws: ``Invalid`` for a URL that cannot be used.
    public static func resolve(_ argument: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(Invalid) -> ConnectionSettings {
        let text = argument ?? environment["DATABASE_URL"]
        var host = environment["PGHOST"], port = environment["PGPORT"], user = environment["PGUSER"]
        var password = environment["PGPASSWORD"], database = environment["PGDATABASE"], mode = environment["PGSSLMODE"]
        if let text, !text.isEmpty {
            guard let components = URLComponents(string: text), let scheme = components.scheme,
                  scheme == "postgres" || scheme == "postgresql" else {
                throw Invalid(message: "expected postgres://user:password@host:port/database, got \(redacted(text))")
            }
            if let value = components.host, !value.isEmpty { host = value.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) }
            if let value = components.port { port = String(value) }
            if let value = components.user, !value.isEmpty { user = value }
            if let value = components.password { password = value }
            let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            if !path.isEmpty { database = path.removingPercentEncoding ?? path }
            for item in components.queryItems ?? [] {
                guard let value = item.value else { continue }
                switch item.name {
                case "host": host = value
                case "port": port = value
                case "user": user = value
                case "password": password = value
                case "dbname": database = value
                case "sslmode": mode = value
                default: break
                }
            }
        }
        guard let portNumber = Int(port ?? "5432"), (1...65535).contains(portNumber) else {
            throw Invalid(message: "port must be a number from 1 to 65535, got \(port ?? "")")
        }
        guard let tlsMode = TLSMode(rawValue: mode ?? "prefer") else {
            throw Invalid(message: "sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")), got \(mode ?? "")")
        }
        let osUser = environment["USER"] ?? "postgres"
        let resolvedUser = user ?? osUser
        return ConnectionSettings(host: host ?? "/var/run/postgresql", port: portNumber, user: resolvedUser,
                                  password: password, database: database ?? resolvedUser, tlsMode: tlsMode)
    }

    /// The URL with any password replaced by `***`, for messages about a URL that did not parse.
    package static func redacted(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        guard let at = rest.lastIndex(of: "@") else {
            return text.replacingOccurrences(of: #"password=[^&]*"#, with: "password=***", options: .regularExpression)
        }
        let userinfo = rest[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return text }
        return String(text[..<schemeEnd.upperBound]) + userinfo[..<colon] + ":***" + rest[at...]
    }
}

private func percentEncoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@/"))) ?? text
}
