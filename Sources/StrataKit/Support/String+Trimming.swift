/// Trimming by a predicate on characters (Foundation trims by `CharacterSet`, a set of scalars).
extension StringProtocol {
    /// The text without leading and trailing characters that match `isTrimmed`.
    package func trimming(while isTrimmed: (Character) -> Bool) -> SubSequence {
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }

    /// The text without leading and trailing white space (spaces, tabs, line breaks).
    package var trimmingWhitespace: SubSequence { trimming(while: \.isWhitespace) }
}
