import Foundation

/// `strata migrate status` as a value: each version's state with a note in words, the counts,
/// and its text and JSON forms.
///
/// ```swift
/// let report = MigrationStatusReport(try await migrator.status())
/// if report.needsAttention > 0 { print(report.text) }
/// ```
package struct MigrationStatusReport: Sendable {
    /// One version: its state and what to know about it.
    package struct Row: Sendable {
        package var state: MigrationState
        /// What to know about this state ("file changed since it was applied"), or nil.
        package var note: String?
    }

    package var rows: [Row]

    package init(_ states: [MigrationState]) {
        rows = states.map { state in
            let note: String? = switch state.kind {
            case .edited: "file changed since it was applied"
            case .missingFile: "applied, but the file is gone"
            case .outOfOrder: "older than an applied version: `up` refuses it unless out-of-order versions are allowed"
            case .partial: "\(state.applied?.statementsDone ?? 0) statements done; `up` resumes"
            default: nil
            }
            return Row(state: state, note: note)
        }
    }

    package var pending: Int { rows.filter { $0.state.kind == .pending }.count }
    /// Edited, missing, out-of-order and partially applied versions.
    package var needsAttention: Int {
        rows.filter { [.edited, .missingFile, .outOfOrder, .partial].contains($0.state.kind) }.count
    }
    package var applied: Int { rows.count - pending - needsAttention }

    /// A table with a header, then the counts.
    package var text: String {
        let header = ["version", "name", "state", "applied at", ""]
        let cells = rows.map { row in
            [MigrationSet.format(row.state.version, width: 4), row.state.name, row.state.kind.rawValue,
             row.state.applied?.appliedAt ?? "", row.note ?? ""]
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        var text = ""
        for line in [header] + cells {
            let padded = zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
            text += padded.trimmingCharacters(in: .whitespaces) + "\n"
        }
        return text + "\(applied) applied, \(pending) pending, \(needsAttention) needing attention\n"
    }

    private struct Document: Encodable {
        var migrations: [Entry]
    }

    private struct Entry: Encodable {
        var version: UInt64
        var name: String
        var state: String
        var appliedAt: String?
        var appliedBy: String?
        var checksum: String?
        var executionMs: Int?
        var file: String?
        var note: String?
    }

    /// `{"migrations": [{"version": 1, "name": ..., "state": ..., ...}]}`, keys sorted.
    package var json: String {
        JSONOutput.string(Document(migrations: rows.map { row in
            Entry(version: row.state.version, name: row.state.name, state: row.state.kind.rawValue,
                  appliedAt: row.state.applied?.appliedAt, appliedBy: row.state.applied?.appliedBy,
                  checksum: row.state.applied?.checksum, executionMs: row.state.applied?.executionMilliseconds,
                  file: row.state.path, note: row.note)
        }))
    }
}
