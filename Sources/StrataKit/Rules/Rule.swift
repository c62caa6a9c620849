/// How serious a finding is. Ordered: `info < warning < error`.
public enum Severity: String, Sendable, Hashable, Comparable, Codable, CaseIterable {
    case info, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }
}

/// One problem Strata found, where it is, and the SQL that fixes it when there is one.
public struct Finding: Sendable, Hashable, Encodable {
    public var rule: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// The object concerned, e.g. `public.orders.user_id`.
    public var object: String?
    public var fix: String?

    enum CodingKeys: String, CodingKey { case rule, severity, message, file, line, column, object, fix }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        try container.encode(location?.file, forKey: .file)
        try container.encode(location?.line, forKey: .line)
        try container.encode(location?.column, forKey: .column)
        try container.encode(object, forKey: .object)
        try container.encode(fix, forKey: .fix)
    }
}

/// A rule's example: SQL where `↓` marks each place a finding must land (and nowhere else).
/// For migration rules, `setup` is what earlier migrations created (replayed, not linted) and
/// `down` the migration's down file.
package struct RuleExample: Sendable, ExpressibleByStringLiteral {
    package var sql: String
    package var configuration: Configuration
    package var setup: String?
    package var down: String?
    /// For live-database rules: SQL run on a real database after `sql` (data, queries, failures)
    /// so that its statistics show what the rule judges.
    package var workload: String?

    package init(_ sql: String, configuration: Configuration = Configuration(), setup: String? = nil, down: String? = nil, workload: String? = nil) {
        self.sql = sql
        self.configuration = configuration
        self.setup = setup
        self.down = down
        self.workload = workload
    }

    package init(stringLiteral value: String) { self.init(value) }

    package static let marker: Character = "↓"
}

package enum RuleCategory: String, Sendable {
    case schema, migration, engine
    /// Judges a live database's statistics: silent on SQL files.
    case live
}

/// Everything a rule says about itself. The id is written here once; config, suppressions,
/// reports and docs all use this value.
package struct RuleDescription: Sendable {
    package var id: String
    package var severity: Severity
    package var category: RuleCategory
    package var summary: String
    package var rationale: String
    package var triggeringExamples: [RuleExample]
    package var nonTriggeringExamples: [RuleExample]

    package init(id: String, severity: Severity, category: RuleCategory = .schema, summary: String, rationale: String,
                 triggeringExamples: [RuleExample] = [], nonTriggeringExamples: [RuleExample] = []) {
        self.id = id
        self.severity = severity
        self.category = category
        self.summary = summary
        self.rationale = rationale
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }

    package func finding(_ message: String, at location: SourceLocation?, object: String? = nil, fix: String? = nil) -> Finding {
        Finding(rule: id, severity: severity, message: message, location: location, object: object, fix: fix)
    }
}

/// A rule over the schema model (`strata review`).
package protocol SchemaRule: Sendable {
    static var description: RuleDescription { get }
    init()
    func check(_ context: ReviewContext) -> [Finding]
}

/// What a schema rule sees: the model and the configuration, with lookups computed once.
package struct ReviewContext: Sendable {
    package let schema: DatabaseSchema
    package let configuration: Configuration
    package let indexesByTable: [QualifiedName: [Index]]
    /// Only the CREATE INDEX indexes, without the constraint-backed ones.
    package let standaloneIndexesByTable: [QualifiedName: [Index]]
    package let tables: [Table]
    /// Sizes, scans and distinct values of a live database; nil for a schema from files (the
    /// live-only rules then stay silent).
    package let statistics: DatabaseStatistics?

    /// `onlyTables`: judge just these tables (a migration's), while lookups still see the whole schema.
    package init(schema: DatabaseSchema, configuration: Configuration, onlyTables: Set<QualifiedName>? = nil,
                 statistics: DatabaseStatistics? = nil) {
        self.schema = schema
        self.configuration = configuration
        self.statistics = statistics
        self.tables = onlyTables.map { names in names.sorted().compactMap { schema.tables[$0] } } ?? schema.sortedTables
        self.indexesByTable = schema.allIndexesByTable(for: tables)
        self.standaloneIndexesByTable = schema.indexesByTable
    }

    /// Standalone and constraint-backed indexes of a table.
    package func indexes(on table: Table) -> [Index] { indexesByTable[table.name] ?? [] }

    package func object(_ table: Table, _ member: String? = nil) -> String {
        member.map { "\(table.name.schema).\(table.name.name).\($0)" } ?? "\(table.name.schema).\(table.name.name)"
    }
}
