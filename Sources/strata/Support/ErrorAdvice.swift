import StrataKit

/// How the command line words a library error and which exit code it gives, from the error's code
/// alone: the libraries say what went wrong, this adds what to type about it.
enum ErrorAdvice {
    /// 1 for refusals that are findings (lint errors in pending migrations), 2 for everything else.
    static func exitCode(for error: any StrataError) -> Int32 {
        error.code == .lintErrors ? 1 : 2
    }

    /// `file:line:col: error: reason` for an error in a file (the linter convention), the
    /// description otherwise, and the flag or command that addresses it.
    static func message(for error: any StrataError) -> String {
        let text = error.position.map { "\($0): error: \(error.reason)" } ?? error.description
        guard let advice = advice(for: error.code) else { return text }
        return text + "\nhint: " + advice
    }

    private static func advice(for code: StrataErrorCode) -> String? {
        switch code {
        case .lintErrors: "`strata migrate up --force` applies them anyway"
        case .outOfOrderMigration: "`strata migrate up --allow-out-of-order` applies it where it is; `strata migrate new` gives the next version"
        case .migrationLockTimeout: "`--lock-timeout SECONDS` waits longer"
        case .historyEdited: "`strata migrate new NAME` starts the new migration"
        case .invalidConfiguration: "`strata rules` lists the rule ids; see the README's Configuration section for the keys"
        case .missingMigrationsFolder: "`strata migrate new NAME` creates it; `--dir` names another folder"
        case .unknownLogPrefix: "`--prefix '%m [%p] '` gives it"
        case .parametersWithoutValues: "drop `--analyze` for the generic plan"
        case .filesNeedThrowawayServer: "`--database ephemeral` loads them into a throwaway cluster"
        case .connectionFailed: "`--database URL` or DATABASE_URL names the server"
        default: nil
        }
    }
}
