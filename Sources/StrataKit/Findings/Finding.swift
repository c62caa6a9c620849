/// How serious a finding is. Ordered: `info < warning < error`.
public enum Severity: String, Sendable, Hashable, Comparable, Codable, CaseIterable {
    case info, warning, error

    /// Orders by weight: info, then warning, then error.
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
    /// The id of the rule that found it (`missing-primary-key`).
    public var rule: String
    /// How serious it is, after `strata.toml` overrides.
    public var severity: Severity
    /// What is wrong and what to do, in the schema's terms.
    public var message: String
    /// Where the finding is: the statement or line it is about, when it has one.
    public var location: SourceLocation?
    /// The object concerned, e.g. `public.orders.user_id`.
    public var object: String?
    /// SQL that fixes it, when there is one to propose.
    public var fix: String?
    /// The fix in a Prisma schema's terms (`@@index([authorId])` in model `Post`), for findings on a `.prisma` file.
    package var prismaFix: String?

    /// A finding; rules make them, and so may a caller adding its own checks.
    public init(rule: String, severity: Severity, message: String, location: SourceLocation? = nil, object: String? = nil, fix: String? = nil) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.location = location
        self.object = object
        self.fix = fix
    }

    enum CodingKeys: String, CodingKey { case rule, severity, message, file, line, column, object, fix, prismaFix }

    /// The JSON form `--format json` writes: rule, severity, message, file, line, column, object, fix.
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
        if let prismaFix { try container.encode(prismaFix, forKey: .prismaFix) }
    }
}
