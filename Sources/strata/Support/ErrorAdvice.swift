import StrataKit

/// How the command line words a library error and which exit code it gives, from the error's code
/// alone: the libraries say what went wrong, this adds what to type about it.
enum ErrorAdvice {
    /// 1 for refusals that are findings (lint errors in pending migrations), 2 for everything else.
    static func exitCode(for error: any StrataError) -> Int32 {
        error.code == .lintErrors ? 1 : 2
    }

    static func message(for error: any StrataError) -> String {
        guard let advice = advice(for: error.code) else { return error.description }
        return error.description + "\nhint: " + advice
    }

    private static func advice(for code: StrataErrorCode) -> String? {
        switch code {
        case .lintErrors: "`strata migrate up --force` applies them anyway"
        case .outOfOrderMigration: "`strata migrate up --allow-out-of-order` applies it where it is; `strata migrate new` gives the next version"
        case .migrationLockTimeout: "`--lock-timeout SECONDS` waits longer"
        case .historyEdited: "`strata migrate new NAME` starts the new migration"
        case .invalidConfiguration: "`strata rules` lists the rule ids; see the README's Configuration section for the keys"
        default: nil
        }
    }
}
