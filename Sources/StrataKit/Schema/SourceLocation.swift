/// Where an object or finding sits in a SQL file: 1-based line and column.
///
/// Locations compare like any value: two findings at different lines are different findings. To
/// compare two models whatever files their objects came from (files against the catalog, the
/// schema before `up` and after `down`), use ``DatabaseSchema/isEquivalent(to:)``.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
