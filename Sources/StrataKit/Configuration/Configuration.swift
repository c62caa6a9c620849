import Foundation

/// Settings from `strata.toml` (found upward from the working directory, or `--config`).
///
/// ```toml
/// fail-on = "warning"            # lowest severity that makes the exit code 1
/// [rules]
/// disable = ["prefer-bigint-key"]
/// [rules.severity]
/// missing-timestamps = "error"
/// [timestamps]
/// created = "created_at"
/// updated = "updated_at"
/// [tenancy]
/// column = "tenant_id"
/// exclude = ["tenants", "plans"]
/// [migrate]
/// dir = "db/migrations"          # default: migrations
/// database = "postgres://app@localhost/app"   # or sqlite:app.db; DATABASE_URL otherwise
/// ```
public struct Configuration: Sendable, Equatable {
    /// Rules switched off (`disable = [...]`).
    public var disabledRules: Set<String> = []
    /// Opt-in rules turned on (`[rules] enable`).
    public var enabledRules: Set<String> = []
    /// A severity per rule id (`[rules.severity]`).
    public var severityOverrides: [String: Severity] = [:]
    /// The least severity that fails a run (exit 1).
    public var failOn: Severity = .warning
    package var createdAtColumn = "created_at"
    package var updatedAtColumn = "updated_at"
    package var deletedAtColumn = "deleted_at"
    /// The tenant column; tenancy rules run only when it is set.
    package var tenantColumn: String?
    /// Tables that are global rather than per-tenant (the tenants table itself, lookup tables).
    package var tenantExcludedTables: Set<String> = []
    /// `strata migrate`'s folder and database, when strata.toml names them.
    package var migrationsDirectory: String?
    package var migrationsDatabase: String?
    /// `strata queries`' thresholds (`[queries]`).
    package var queries = QuerySettings()
    /// Where the configuration came from, for messages.
    public var path: String?

    /// The defaults: every default rule at its own severity.
    public init() {}

    /// The defaults with opt-in rules turned on.
    package static func enabling(_ rules: String...) -> Configuration {
        var configuration = Configuration()
        configuration.enabledRules = Set(rules)
        return configuration
    }

    package static func tenancy(_ column: String, exclude: Set<String> = []) -> Configuration {
        var configuration = Configuration()
        configuration.tenantColumn = column
        configuration.tenantExcludedTables = exclude
        return configuration
    }
}

/// A configuration file that cannot be used, with its position when TOML gives one.
public struct ConfigurationError: StrataError {
    /// `.invalidConfiguration` for what the file says, `.unreadableInput` when it cannot be read.
    public var code: StrataErrorCode = .invalidConfiguration
    /// The configuration file.
    public var path: String
    /// The line, when TOML gives one.
    public var line: Int?
    /// The column, when TOML gives one.
    public var column: Int?
    /// What is wrong.
    public var message: String

    /// `path:line:column`, or the path alone.
    public var position: String? { line.map { "\(path):\($0):\(column ?? 1)" } ?? path }
    /// What is wrong.
    public var reason: String { message }
    /// `position: message`.
    public var description: String { "\(position ?? path): \(message)" }
}

extension Configuration {
    /// Drops findings of disabled rules and applies severity overrides.
    package func apply(to findings: [Finding]) -> [Finding] {
        var adjusted = findings
        apply(to: &adjusted)
        return adjusted
    }

    /// The same, in place (lint's thousands of findings are not copied).
    package func apply(to findings: inout [Finding]) {
        if !disabledRules.isEmpty { findings.removeAll { disabledRules.contains($0.rule) } }
        guard !severityOverrides.isEmpty else { return }
        for index in findings.indices {
            if let severity = severityOverrides[findings[index].rule] { findings[index].severity = severity }
        }
    }

    package static let fileName = "strata.toml"

    /// Looks for `strata.toml` in `directory` and its parents.
    package static func discover(from directory: String = FileManager.default.currentDirectoryPath) -> String? {
        var current = directory
        while true {
            let candidate = current.appendingPathComponent(fileName)
            if FileSystem.isDirectory(candidate) == false { return candidate }
            let parent = current.deletingLastPathComponent
            if parent.isEmpty || parent == current { return nil }
            current = parent
        }
    }

    /// The configuration a command uses: the file at `explicitPath` when given, else the
    /// `strata.toml` found upward from the working directory, else the defaults.
    ///
    /// ```swift
    /// let configuration = try Configuration.resolve()          // as `strata` does without --config
    /// let reviewer = Reviewer(configuration: configuration)
    /// ```
    /// - Throws: ``ConfigurationError`` (code `.invalidConfiguration`) for a file that cannot be read,
    ///   breaks TOML, or names an unknown key or rule, with its line and column.
    public static func resolve(explicitPath: String? = nil) throws(ConfigurationError) -> Configuration {
        guard let path = explicitPath ?? discover() else { return Configuration() }
        return try load(path: path)
    }

    /// Reads a `strata.toml`, checking keys and rule ids.
    public static func load(path: String) throws(ConfigurationError) -> Configuration {
        try load(path: path, knownRules: RuleCatalog.allIDs)
    }

    package static func load(path: String, knownRules: Set<String>) throws(ConfigurationError) -> Configuration {
        let text: String
        do {
            text = try FileSystem.readText(path)
        } catch {
            throw ConfigurationError(code: .unreadableInput, path: path, message: "cannot read the file: \(error)")
        }
        return try parse(text, path: path, knownRules: knownRules)
    }

    /// The keys `strata.toml` has, by table; `[rules.severity]` takes rule ids as keys.
    static let knownKeys: [[String]: Set<String>] = [
        []: ["fail-on", "rules", "timestamps", "tenancy", "migrate", "queries"],
        ["rules"]: ["disable", "enable", "severity"],
        ["timestamps"]: ["created", "updated", "deleted"],
        ["tenancy"]: ["column", "exclude"],
        ["migrate"]: ["dir", "database"],
        ["queries"]: ["n-plus-one-min", "point-lookup-ms", "slow-query-ms", "repeated-min", "write-window-ms", "bounded-tables", "top"],
    ]

    package static func parse(_ text: String, path: String, knownRules: Set<String>) throws(ConfigurationError) -> Configuration {
        let document: TOMLReader.Document
        do {
            document = try TOMLReader.parseDocument(text)
        } catch {
            throw ConfigurationError(path: path, line: error.line, column: error.column, message: error.message)
        }
        func failure(_ key: [String], _ message: String) -> ConfigurationError {
            // The key's own position, else its table's.
            var prefix = key
            while !prefix.isEmpty, document.keyPositions[prefix] == nil { prefix.removeLast() }
            let position = document.keyPositions[prefix]
            return ConfigurationError(path: path, line: position?.line, column: position?.column, message: message)
        }
        func checkKeys(_ table: [String: TOMLValue], at tablePath: [String]) throws(ConfigurationError) {
            guard let known = knownKeys[tablePath] else { return }
            for key in table.keys.sorted() where !known.contains(key) {
                let name = (tablePath + [key]).joined(separator: ".")
                throw failure(tablePath + [key], "unknown key \(name); known here: \(known.sorted().joined(separator: ", "))")
            }
            for (key, value) in table {
                if case .table(let child) = value { try checkKeys(child, at: tablePath + [key]) }
            }
        }
        let table = document.root
        try checkKeys(table, at: [])

        func string(_ value: TOMLValue?, _ key: [String]) throws(ConfigurationError) -> String? {
            guard let value else { return nil }
            guard let text = value.string else { throw failure(key, "\(key.joined(separator: ".")) must be a string") }
            return text
        }
        func strings(_ value: TOMLValue?, _ key: [String]) throws(ConfigurationError) -> [String] {
            guard let value else { return [] }
            guard let items = value.array, items.allSatisfy({ $0.string != nil }) else {
                throw failure(key, "\(key.joined(separator: ".")) must be a list of strings, e.g. [\"a\", \"b\"]")
            }
            return items.compactMap(\.string)
        }
        func section(_ key: String) throws(ConfigurationError) -> [String: TOMLValue]? {
            guard let value = table[key] else { return nil }
            guard let members = value.table else { throw failure([key], "\(key) must be a table: [\(key)]") }
            return members
        }
        func severity(_ value: TOMLValue?, _ key: [String]) throws(ConfigurationError) -> Severity {
            guard let text = value?.string, let severity = Severity(rawValue: text) else {
                throw failure(key, "\(key.joined(separator: ".")) must be one of info, warning, error")
            }
            return severity
        }
        func checkRule(_ id: String, _ key: [String]) throws(ConfigurationError) {
            if !knownRules.contains(id) {
                throw failure(key, "\(key.joined(separator: ".")) names unknown rule '\(id)' (see `strata rules`)")
            }
        }

        var configuration = Configuration()
        configuration.path = path
        if let value = table["fail-on"] { configuration.failOn = try severity(value, ["fail-on"]) }
        if let rules = try section("rules") {
            for id in try strings(rules["disable"], ["rules", "disable"]) {
                try checkRule(id, ["rules", "disable"])
                configuration.disabledRules.insert(id)
            }
            for id in try strings(rules["enable"], ["rules", "enable"]) {
                try checkRule(id, ["rules", "enable"])
                configuration.enabledRules.insert(id)
            }
            if let value = rules["severity"] {
                guard let severities = value.table else { throw failure(["rules", "severity"], "rules.severity must be a table: [rules.severity]") }
                for key in severities.keys.sorted() {
                    try checkRule(key, ["rules", "severity", key])
                    configuration.severityOverrides[key] = try severity(severities[key], ["rules", "severity", key])
                }
            }
        }
        if let timestamps = try section("timestamps") {
            if let created = try string(timestamps["created"], ["timestamps", "created"]) { configuration.createdAtColumn = created }
            if let updated = try string(timestamps["updated"], ["timestamps", "updated"]) { configuration.updatedAtColumn = updated }
            if let deleted = try string(timestamps["deleted"], ["timestamps", "deleted"]) { configuration.deletedAtColumn = deleted }
        }
        if let tenancy = try section("tenancy") {
            guard let column = try string(tenancy["column"], ["tenancy", "column"]) else {
                throw failure(["tenancy"], "[tenancy] needs column = \"tenant_id\" (the tenant column's name)")
            }
            configuration.tenantColumn = column
            configuration.tenantExcludedTables = Set(try strings(tenancy["exclude"], ["tenancy", "exclude"]))
        }
        if let migrate = try section("migrate") {
            configuration.migrationsDirectory = try string(migrate["dir"], ["migrate", "dir"])
            configuration.migrationsDatabase = try string(migrate["database"], ["migrate", "database"])
        }
        if let queries = try section("queries") {
            func number(_ key: String, minimum: Double) throws(ConfigurationError) -> Double? {
                guard let value = queries[key] else { return nil }
                let number: Double? = switch value {
                case .integer(let integer): Double(integer)
                case .float(let float): float
                default: nil
                }
                guard let number, number >= minimum else {
                    throw failure(["queries", key], "queries.\(key) must be a number of at least \(Int(minimum))")
                }
                return number
            }
            var settings = configuration.queries
            if let value = try number("n-plus-one-min", minimum: 2) { settings.nPlusOneMinimumRun = Int(value) }
            if let value = try number("point-lookup-ms", minimum: 0) { settings.pointLookupMilliseconds = value }
            if let value = try number("slow-query-ms", minimum: 0) { settings.slowQueryMilliseconds = value }
            if let value = try number("repeated-min", minimum: 2) { settings.repeatedMinimum = Int(value) }
            if let value = try number("write-window-ms", minimum: 0) { settings.writeWindowMilliseconds = value }
            if let value = try number("top", minimum: 1) { settings.top = Int(value) }
            settings.boundedTables = Set(try strings(queries["bounded-tables"], ["queries", "bounded-tables"]))
            configuration.queries = settings
        }
        return configuration
    }

    /// The folder the configuration's relative paths are relative to: the file's own, as written
    /// (a relative `--config` keeps paths in messages relative).
    private var baseDirectory: String? { path?.deletingLastPathComponent }

    /// `strata migrate`'s folder: `override` when given, else `[migrate] dir` (relative to
    /// strata.toml), else `migrations`.
    public func migrationsDirectory(override: String? = nil) -> String {
        if let override { return override }
        guard let configured = migrationsDirectory else { return "migrations" }
        guard !configured.hasPrefix("/"), let base = baseDirectory else { return configured }
        return base.appendingPathComponent(configured)
    }

    /// `[migrate] database`, with a relative `sqlite:` path made relative to strata.toml, as `dir` is.
    public var resolvedMigrationsDatabase: String? {
        guard let database = migrationsDatabase, case .sqlite(let file) = DatabaseTarget(database),
              !file.hasPrefix("/"), let base = baseDirectory else { return migrationsDatabase }
        return "sqlite:" + base.appendingPathComponent(file)
    }
}
