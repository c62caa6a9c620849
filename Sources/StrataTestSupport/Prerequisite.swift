import Foundation
import Testing

/// What a suite needs from the machine (PostgreSQL's server programs, the built binary).
///
/// On a developer's machine a missing prerequisite skips the suite with the reason. Under
/// `CI=true` it does not: the suite runs and fails, because a CI run that silently skipped the
/// real-server tests would pass while proving nothing.
public enum Prerequisite {
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// `.enabled(if: available)`, except under CI, where the suite always runs.
    public static func needs(_ available: Bool, _ comment: Comment) -> ConditionTrait {
        .enabled(if: isCI || available, comment)
    }
}
