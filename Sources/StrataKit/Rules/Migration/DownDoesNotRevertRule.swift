import Foundation

/// Reported by the linter itself, which replays up then down and compares the models.
struct DownDoesNotRevertRule: MigrationRule {
    static let description = RuleDescription(
        id: "down-does-not-revert", severity: .error, category: .migration,
        summary: "Applying up then down does not give back the schema before up",
        rationale: "A down migration that leaves a column, index or constraint behind (or drops one that was there) makes rollback a gamble: the next up fails or the schema drifts from what the code expects.",
        triggeringExamples: [RuleExample("CREATE TABLE t (id bigint PRIMARY KEY);\nCREATE INDEX t_id_idx ON t (id);", down: "↓DROP INDEX t_id_idx;")],
        nonTriggeringExamples: [RuleExample("CREATE TABLE t (id bigint PRIMARY KEY);\nCREATE INDEX t_id_idx ON t (id);", down: "DROP INDEX t_id_idx;\nDROP TABLE t;")])
}
