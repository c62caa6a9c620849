import Foundation

struct MigrationTooLargeRule: MigrationRule {
    static let description = RuleDescription(
        id: "migration-too-large", severity: .warning, category: .migration,
        summary: "Migration file over 1000 lines",
        rationale: "A huge migration is hard to review, holds its locks for the whole run, and when it fails there is no telling how far it got. Split it.",
        triggeringExamples: [RuleExample("↓CREATE TABLE t (id bigint PRIMARY KEY);" + String(repeating: "\n", count: 1001))],
        nonTriggeringExamples: ["CREATE TABLE t (id bigint PRIMARY KEY);"])

    func check(migration: MigrationSummary) -> [Finding] {
        let lines = migration.parsed.source.lineCount - (migration.parsed.source.bytes.last == UInt8(ascii: "\n") ? 1 : 0)
        guard lines > 1000 else { return [] }
        return [Self.description.finding("migration has \(lines) lines; split it into smaller migrations", at: migration.firstLocation)]
    }
}
