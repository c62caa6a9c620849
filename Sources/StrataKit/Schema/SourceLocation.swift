/// Where an object or finding sits in a SQL file: 1-based line and column.
///
/// Locations are deliberately ignored by `==` and hashing, so two models of the same
/// database compare equal wherever their SQL happened to live (files vs. the catalog,
/// a schema before `up` and after `down`).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func == (lhs: SourceLocation, rhs: SourceLocation) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}

    public var description: String { "\(file):\(line):\(column)" }
}
