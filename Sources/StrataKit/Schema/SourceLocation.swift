/// Where an object or finding sits in a SQL file: 1-based line and column.
///
/// Locations compare like any value: two findings at different lines are different findings. To
/// compare two models whatever files their objects came from (files against the catalog, the
/// schema before `up` and after `down`), use ``DatabaseSchema/isEquivalent(to:)``.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file's path as it was given.
    public var file: String
    /// 1-based.
    public var line: Int
    /// 1-based, in characters.
    public var column: Int

    /// A position in `file`.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, as compilers and linters print it.
    public var description: String { "\(file):\(line):\(column)" }
}
