/// An error Strata's libraries throw, with a code a caller can switch on.
///
/// The message (`description`) is for people; the `code` is for programs: a Swift server decides
/// what to do from it, and the `strata` command line picks its exit code from it, never from the
/// message text.
///
/// ```swift
/// do {
///     try await migrator.up()
/// } catch let error as any StrataError where error.code == .lintErrors {
///     // the pending migrations have lint errors: nothing was applied
/// }
/// ```
public protocol StrataError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    var code: StrataErrorCode { get }
    /// Where the failure is, when it is in a file: `schema.sql:3:14`, or the file alone.
    var position: String? { get }
    /// What went wrong, in words, without the position.
    var reason: String { get }
}

extension StrataError {
    /// No position: the failure is not in a file.
    public var position: String? { nil }
    /// The description, for errors that have no position.
    public var reason: String { description }
}

/// A failure at a place in a file: its position and description follow from `location` and
/// `message` (`schema.sql:3:14: message`).
public protocol LocatedError: StrataError {
    /// Where the failure is.
    var location: SourceLocation { get }
    /// What went wrong there.
    var message: String { get }
}

extension LocatedError {
    /// `file:line:column`.
    public var position: String? { location.description }
    /// The message.
    public var reason: String { message }
    /// `file:line:column: message`.
    public var description: String { "\(location): \(message)" }
}

/// The kinds of failure of Strata's libraries. Extensible like PostgresNIO's `PSQLError.Code`: new
/// codes may be added, so a `switch` over them needs a `default`.
public struct StrataErrorCode: Sendable, Hashable, CustomStringConvertible {
    private enum Base: String, Sendable, Hashable {
        case unreadableInput, invalidConfiguration, invalidArgument
        case connectionFailed, serverError, clusterFailed
        case historyEdited, historyFileMissing, outOfOrderMigration, lintErrors, migrationFailed, migrationLockTimeout
        case scriptFailed
        case dataLoss, unsupportedChange, proofFailed
        case missingMigrationsFolder, unknownLogPrefix, parametersWithoutValues, filesNeedThrowawayServer
    }

    private let base: Base
    private init(_ base: Base) { self.base = base }

    /// A file or folder could not be read or written.
    public static let unreadableInput = StrataErrorCode(.unreadableInput)
    /// `strata.toml` is malformed or names unknown keys or rules.
    public static let invalidConfiguration = StrataErrorCode(.invalidConfiguration)
    /// A value given by the caller cannot be used (a malformed database URL, an empty `sqlite:` path).
    public static let invalidArgument = StrataErrorCode(.invalidArgument)
    /// The database could not be reached or refused the credentials.
    public static let connectionFailed = StrataErrorCode(.connectionFailed)
    /// The server answered a statement with an error.
    public static let serverError = StrataErrorCode(.serverError)
    /// A throwaway local cluster could not be found, created or started.
    public static let clusterFailed = StrataErrorCode(.clusterFailed)
    /// An applied migration's file changed since it was applied: history is immutable.
    public static let historyEdited = StrataErrorCode(.historyEdited)
    /// An applied migration's file is gone from the folder.
    public static let historyFileMissing = StrataErrorCode(.historyFileMissing)
    /// A pending migration is older than the newest applied one.
    public static let outOfOrderMigration = StrataErrorCode(.outOfOrderMigration)
    /// Lint reports errors in the pending migrations; nothing was applied.
    public static let lintErrors = StrataErrorCode(.lintErrors)
    /// A migration's statement failed; the migration was rolled back (or, outside a transaction,
    /// stopped where it failed, with its progress recorded).
    public static let migrationFailed = StrataErrorCode(.migrationFailed)
    /// Another runner held the migration lock longer than the lock timeout.
    public static let migrationLockTimeout = StrataErrorCode(.migrationLockTimeout)
    /// A SQL script loaded into a throwaway database failed.
    public static let scriptFailed = StrataErrorCode(.scriptFailed)

    /// A generated migration would drop or narrow data and data loss was not allowed.
    public static let dataLoss = StrataErrorCode(.dataLoss)
    /// A schema change Strata cannot express as a migration (a partition key change, ...).
    public static let unsupportedChange = StrataErrorCode(.unsupportedChange)
    /// A generated migration, applied to a throwaway database, did not produce the target schema.
    public static let proofFailed = StrataErrorCode(.proofFailed)

    /// The migrations folder to read does not exist.
    public static let missingMigrationsFolder = StrataErrorCode(.missingMigrationsFolder)
    /// A server log's `log_line_prefix` could not be told from its lines: it must be given.
    public static let unknownLogPrefix = StrataErrorCode(.unknownLogPrefix)
    /// A query with `$1`-style parameters was to be run, and no values were given for them.
    public static let parametersWithoutValues = StrataErrorCode(.parametersWithoutValues)
    /// SQL files were to be loaded into a database Strata did not create: it loads files only into
    /// a throwaway server of its own.
    public static let filesNeedThrowawayServer = StrataErrorCode(.filesNeedThrowawayServer)

    /// The code's name (`lintErrors`).
    public var description: String { base.rawValue }
}
