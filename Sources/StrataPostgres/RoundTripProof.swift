import StrataKit

/// What a round trip showed: after the up, the database equals the target; after the down, the
/// base again; after the up once more, the target again. One report for every command that proves
/// a migration (`diff --verify`, `migrate diff`, `migrate verify`, `design`).
package struct RoundTripReport: Sendable, Equatable {
    package enum Stage: String, Sendable, Equatable {
        case up
        case down
        case upAgain = "up again"
    }

    /// One stage: the script ran (or failed), and the schema after it against what it should be.
    package struct Check: Sendable, Equatable {
        package var stage: Stage
        /// What the database should equal after the stage, in words ("the target", "the schema before up").
        package var expected: String
        /// The server refused the stage's script: its error. Nil when the script ran.
        package var failure: String?
        /// Each difference between what the stage should give and what it gave (at most ten).
        package var differences: [String]

        package var passed: Bool { failure == nil && differences.isEmpty }

        /// `the down failed: ...`, `after the up, the database differs from the target: ...`, or nil.
        package var problem: String? {
            if let failure { return "the \(stage.rawValue) failed: \(failure)" }
            guard !differences.isEmpty else { return nil }
            return "after the \(stage.rawValue), the database differs from \(expected):\n  " + differences.joined(separator: "\n  ")
        }
    }

    /// The stages run, in order; the proof stops at the first that fails.
    package var checks: [Check] = []
    /// Why the round trip could not start (a migration without a down), when it could not.
    package var refusal: String?

    /// Every stage ran and gave what it should.
    package var passed: Bool { refusal == nil && checks.count == 3 && checks.allSatisfy(\.passed) }

    /// The first thing that went wrong, in words; nil when the proof passed.
    package var problem: String? { refusal ?? checks.lazy.compactMap(\.problem).first }
}

/// The one up/down/up proof, whatever applies the scripts: psql on a throwaway database, or the
/// migrator's own `apply`/`revert`. The schema is compared as ``SchemaComparison`` says.
package enum RoundTripProof {
    /// Reads the base, runs `up` (the result must equal `target`, or, when `target` is nil, is
    /// taken as the target), `down` (the base again) and `up` once more (the target again).
    /// A script the server refuses ends the proof with that stage's failure; errors reading the
    /// catalog are thrown.
    package static func run(target: DatabaseSchema?, names: (target: String, base: String),
                            read: () async throws -> DatabaseSchema,
                            up: () async throws -> Void, down: () async throws -> Void) async throws -> RoundTripReport {
        var report = RoundTripReport()
        let base = try await read()
        var target = target
        for stage in [RoundTripReport.Stage.up, .down, .upAgain] {
            let expected = stage == .down ? names.base : names.target
            var check = RoundTripReport.Check(stage: stage, expected: expected, failure: nil, differences: [])
            do {
                if stage == .down { try await down() } else { try await up() }
            } catch {
                check.failure = "\(error)"
                report.checks.append(check)
                return report
            }
            let actual = try await read()
            let wanted = stage == .down ? base : (target ?? actual)
            if target == nil { target = actual }
            check.differences = SchemaComparison.differences(wanted, actual)
            report.checks.append(check)
            if !check.passed { return report }
        }
        return report
    }
}

/// What two catalogs must agree on to be the same schema: everything the model holds, except
/// that column order is not compared (PostgreSQL appends a column added back, so no down can
/// restore the order, and no plan relies on it).
package enum SchemaComparison {
    package static func comparable(_ schema: DatabaseSchema) -> DatabaseSchema {
        var copy = schema.withoutSourceLocations
        for name in copy.tables.keys { copy.tables[name]!.columns.sort { $0.name < $1.name } }
        return copy
    }

    /// `expected ≠ actual` differences, at most `limit`.
    package static func differences(_ expected: DatabaseSchema, _ actual: DatabaseSchema, limit: Int = 10) -> [String] {
        ModelDifferences.between(comparable(expected), comparable(actual), limit: limit)
    }
}
