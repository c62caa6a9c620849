import Foundation
@testable import StrataKit

/// The same example written three more ways, each a way a rule's positions or judgement could go
/// wrong: silenced by `-- strata:ignore` on its statement, behind multibyte characters on the
/// marked line (columns count characters, not bytes), and inside a dollar-quoted string, where the
/// same text is data, not DDL.
enum RuleExampleVariant {
    static let marker = String(RuleExample.marker)

    /// `-- strata:ignore <id>` on a line of its own just before each marker.
    static func suppressed(_ sql: String, rule: String) -> String {
        sql.replacing(marker, with: "\n-- strata:ignore \(rule) a deliberate exception\n" + marker)
    }

    static let multibytePrefix = "/* ñandú 🚀 ≠ */ "

    /// The multibyte comment at the start of the first marked line: that line's markers move right
    /// by its length in characters.
    static func behindMultibyteLine(_ sql: String) -> String {
        guard let markerIndex = sql.firstIndex(of: RuleExample.marker) else { return sql }
        let lineStart = sql[..<markerIndex].lastIndex(of: "\n").map { sql.index(after: $0) } ?? sql.startIndex
        var text = sql
        text.insert(contentsOf: multibytePrefix, at: lineStart)
        return text
    }

    static let dollarTag = "$strata_example$"

    /// The whole example as the text of a dollar-quoted string (markers removed).
    static func insideDollarQuotes(_ sql: String) -> String {
        "SELECT \(dollarTag)\(sql.replacing(marker, with: ""))\(dollarTag);"
    }
}

import Testing

extension RuleDescription {
    /// Where a failing expectation about `example` is reported: the example's own line.
    func sourceLocation(of example: RuleExample) -> Testing.SourceLocation {
        let (file, line) = declaration(of: example)
        return Testing.SourceLocation(fileID: "StrataKit/" + (file as NSString).lastPathComponent, filePath: file, line: line, column: 1)
    }
}
