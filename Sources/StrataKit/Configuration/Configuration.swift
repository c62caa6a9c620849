import FoundationEssentials

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
    public var disabledRules: Set<String> = []
    public var severityOverrides: [String: Severity] = [:]
    public var failOn: Severity = .warning
    public var createdAtColumn = "created_at"
    public var updatedAtColumn = "updated_at"
    public var deletedAtColumn = "deleted_at"
    /// The tenant column; tenancy rules run only when it is set.
    public var tenantColumn: String?
    /// Tables that are global rather than per-tenant (the tenants table itself, lookup tables).
    public var tenantExcludedTables: Set<String> = []
    /// `strata migrate`'s folder and database, when strata.toml names them.
    public var migrationsDirectory: String?
    public var migrationsDatabase: String?
    /// Where the configuration came from, for messages.
    public var path: String?

    public init() {}

    public static func tenancy(_ column: String, exclude: Set<String> = []) -> Configuration {
        var configuration = Configuration()
        configuration.tenantColumn = column
        configuration.tenantExcludedTables = exclude
        return configuration
    }
}

/// A configuration file that cannot be used, with its position when TOML gives one.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public var description: String {
        if let line { return "\(path):\(line):\(column ?? 1): error: \(message)" }
        return "\(path): error: \(message)"
    }
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
    package static func discover(from directory: String = FileSystem.currentDirectory) -> String? {
        var current = directory
        while true {
            let candidate = current.appendingPathComponent(fileName)
            if FileSystem.isDirectory(candidate) == false { return candidate }
            let parent = current.deletingLastPathComponent
            if parent.isEmpty || parent == current { return nil }
            current = parent
        }
    }

    package static func load(path: String, knownRules: Set<String>) throws(ConfigurationError) -> Configuration {
        let text: String
        do {
            text = try FileSystem.readText(path)
        } catch {
            throw ConfigurationError(path: path, message: "cannot read the file: \(error)")
        }
        return try parse(text, path: path, knownRules: knownRules)
    }

    package static func parse(_ text: String, path: String, knownRules: Set<String>) throws(ConfigurationError) -> Configuration {
        let table: [String: TOMLValue]
        do {
            table = try TOMLReader.parse(text)
        } catch {
            throw ConfigurationError(path: path, line: error.line, column: error.column, message: error.message)
        }
        var configuration = Configuration()
        configuration.path = path

        func severity(_ value: TOMLValue?, key: String) throws(ConfigurationError) -> Severity {
            guard let text = value?.string, let severity = Severity(rawValue: text) else {
                throw ConfigurationError(path: path, message: "\(key) must be one of info, warning, error")
            }
            return severity
        }
        func checkRule(_ id: String, key: String) throws(ConfigurationError) {
            if !knownRules.contains(id) {
                throw ConfigurationError(path: path, message: "\(key) names unknown rule '\(id)' (see `strata rules`)")
            }
        }

        if let value = table["fail-on"] { configuration.failOn = try severity(value, key: "fail-on") }
        if let rules = table["rules"]?.table {
            for id in rules["disable"]?.array?.compactMap({ $0.string }) ?? [] {
                try checkRule(id, key: "rules.disable")
                configuration.disabledRules.insert(id)
            }
            if let severities = rules["severity"]?.table {
                for key in severities.keys.sorted() {
                    try checkRule(key, key: "rules.severity")
                    configuration.severityOverrides[key] = try severity(severities[key], key: "rules.severity.\(key)")
                }
            }
        }
        if let timestamps = table["timestamps"]?.table {
            if let created = timestamps["created"]?.string { configuration.createdAtColumn = created }
            if let updated = timestamps["updated"]?.string { configuration.updatedAtColumn = updated }
            if let deleted = timestamps["deleted"]?.string { configuration.deletedAtColumn = deleted }
        }
        if let tenancy = table["tenancy"]?.table {
            guard let column = tenancy["column"]?.string else {
                throw ConfigurationError(path: path, message: "[tenancy] needs column = \"tenant_id\" (the tenant column's name)")
            }
            configuration.tenantColumn = column
            configuration.tenantExcludedTables = Set(tenancy["exclude"]?.array?.compactMap { $0.string } ?? [])
        }
        if let migrate = table["migrate"]?.table {
            configuration.migrationsDirectory = migrate["dir"]?.string
            configuration.migrationsDatabase = migrate["database"]?.string
        }
        return configuration
    }
}
