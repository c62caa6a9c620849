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

    /// Where the example is written (`#filePath`, `#line`), so that a failing example points at
    /// itself; nil for a string literal, which points at its rule's description instead.
    package var declaration: (file: String, line: Int)?

    package init(_ sql: String, configuration: Configuration = Configuration(), setup: String? = nil, down: String? = nil,
                 workload: String? = nil, file: String = #filePath, line: Int = #line) {
        self.declaration = (file, line)
        self.sql = sql
        self.configuration = configuration
        self.setup = setup
        self.down = down
        self.workload = workload
    }

    package init(stringLiteral value: String) {
        self.init(value)
        declaration = nil
    }

    package static let marker: Character = "↓"
}

package enum RuleCategory: String, Sendable {
    case schema, migration, engine
    /// Judges the statements an application sends (`strata queries`).
    case query
    /// Judges a live database's statistics: silent on SQL files.
    case live
}

/// When a rule runs.
package enum RuleActivation: Sendable {
    /// Unless `[rules] disable` names it.
    case always
    /// Only with `[tenancy]` configured (it judges tenant isolation).
    case tenancyConfigured
    /// Only when `[rules] enable` names it: a matter of a team's policy, not a defect.
    case optIn

    package func isActive(_ id: String, in configuration: Configuration) -> Bool {
        switch self {
        case .always: true
        case .tenancyConfigured: configuration.tenantColumn != nil
        case .optIn: configuration.enabledRules.contains(id)
        }
    }
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
    /// When the rule runs: always, unless disabled, or only once something is configured.
    package var activation: RuleActivation
    /// What to do about a finding, for the docs of rules whose findings carry no SQL fix.
    package var howToFix: String?

    /// Where the description is written, for examples without a position of their own.
    package var declaration: (file: String, line: Int)

    package init(id: String, severity: Severity, category: RuleCategory = .schema, activation: RuleActivation = .always,
                 summary: String, rationale: String, howToFix: String? = nil,
                 triggeringExamples: [RuleExample] = [], nonTriggeringExamples: [RuleExample] = [],
                 file: String = #filePath, line: Int = #line) {
        self.declaration = (file, line)
        self.activation = activation
        self.howToFix = howToFix
        self.id = id
        self.severity = severity
        self.category = category
        self.summary = summary
        self.rationale = rationale
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }

    /// Where `example` is written: its own line, else this description's.
    package func declaration(of example: RuleExample) -> (file: String, line: Int) {
        example.declaration ?? declaration
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
    package let indexesByTable: [QualifiedName: [IndexInfo]]
    /// Only the CREATE INDEX indexes, without the constraint-backed ones.
    package let standaloneIndexesByTable: [QualifiedName: [IndexInfo]]
    package let tables: [TableInfo]
    /// Sizes, scans and distinct values of a live database; nil for a schema from files (the
    /// live-only rules then stay silent).
    package let statistics: DatabaseStatistics?
    /// Tables the schema's own script fills (INSERT or COPY): static data that ships with the
    /// schema, such as lookup values.
    package let seededTables: Set<QualifiedName>
    /// Tables another table's foreign key points at (self-references aside).
    package let referencedTables: Set<QualifiedName>
    /// Tables others inherit from.
    package let inheritedTables: Set<QualifiedName>

    /// The table `strata migrate` keeps its history in.
    package static let historyTable = "strata_migrations"

    /// `onlyTables`: judge just these tables (a migration's), while lookups still see the whole schema.
    package init(schema: DatabaseSchema, configuration: Configuration, onlyTables: Set<QualifiedName>? = nil,
                 statistics: DatabaseStatistics? = nil, seededTables: Set<QualifiedName> = []) {
        self.schema = schema
        self.configuration = configuration
        self.statistics = statistics
        self.seededTables = seededTables
        var referenced: Set<QualifiedName> = [], inherited: Set<QualifiedName> = []
        for table in schema.tables.values {
            for foreignKey in table.foreignKeys where foreignKey.referencedTable != table.name { referenced.insert(foreignKey.referencedTable) }
            inherited.formUnion(table.inherits)
        }
        self.referencedTables = referenced
        self.inheritedTables = inherited
        // Strata's own history table (on a live database) is Strata's business, not the schema's.
        self.tables = (onlyTables.map { names in names.sorted().compactMap { schema.tables[$0] } } ?? schema.sortedTables)
            .filter { $0.name.name != Self.historyTable }
        self.indexesByTable = schema.allIndexesByTable(for: tables)
        self.standaloneIndexesByTable = schema.indexesByTable
    }

    /// Standalone and constraint-backed indexes of a table.
    package func indexes(on table: TableInfo) -> [IndexInfo] { indexesByTable[table.name] ?? [] }

    package func object(_ table: TableInfo, _ member: String? = nil) -> String {
        member.map { "\(table.name.schema).\(table.name.name).\($0)" } ?? "\(table.name.schema).\(table.name.name)"
    }
}
