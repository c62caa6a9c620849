import Foundation

/// A row of the history table `strata_migrations`.
public struct AppliedMigration: Sendable, Equatable {
    /// The migration's version.
    public var version: UInt64
    /// The migration's name.
    public var name: String
    /// SHA-256 of the up file's normalized text when it was applied (`MigrationChecksum`).
    public var checksum: String
    /// UTC, ISO 8601.
    public var appliedAt: String
    /// How long it ran.
    public var executionMilliseconds: Int
    /// The database user that applied it.
    public var appliedBy: String
    /// A `-- strata:no-transaction` migration records each statement as it succeeds: until it is
    /// complete, `statementsDone` says where a rerun resumes.
    public var statementsDone: Int?
    /// False while a no-transaction migration is partly applied.
    public var complete: Bool

    /// A history row, as a target reads it.
    public init(version: UInt64, name: String, checksum: String, appliedAt: String, executionMilliseconds: Int,
                appliedBy: String, statementsDone: Int? = nil, complete: Bool = true) {
        self.version = version
        self.name = name
        self.checksum = checksum
        self.appliedAt = appliedAt
        self.executionMilliseconds = executionMilliseconds
        self.appliedBy = appliedBy
        self.statementsDone = statementsDone
        self.complete = complete
    }
}

/// What `strata migrate status` says of one version.
public struct MigrationState: Sendable, Equatable {
    /// Where a version stands between the folder and the history table.
    public enum Kind: String, Sendable {
        case applied
        case pending
        /// Applied, but the file changed since (checksum differs).
        case edited
        /// Applied, but its file is gone.
        case missingFile = "missing file"
        /// Pending, but older than the newest applied version.
        case outOfOrder = "out of order"
        /// A no-transaction migration interrupted part way; `up` resumes it.
        case partial = "partially applied"
    }

    /// The migration's version.
    public var version: UInt64
    /// The migration's name.
    public var name: String
    /// Applied, pending, edited, missing, ...
    public var kind: Kind
    /// Its history row, when applied.
    public var applied: AppliedMigration?
    /// Its up file, when the folder has it.
    public var path: String?
}

/// Why `strata migrate` refused to go on, before or while running a migration.
public struct MigrationError: StrataError {
    /// What kind of refusal or failure: `.lintErrors`, `.historyEdited`, `.migrationFailed`, ...
    public var code: StrataErrorCode
    /// Where the failing statement is, when a statement failed.
    public var location: SourceLocation?
    /// What failed.
    public var message: String
    /// The server's SQLSTATE, when the server refused a statement.
    public var sqlState: String?
    /// What to do about it (e.g. the DROP INDEX that cleans up an INVALID index).
    public var hint: String?
    /// What state the failure left: rolled back, or how far a no-transaction migration got.
    public var outcome: String?

    /// A migration failure; targets throw them.
    public init(_ code: StrataErrorCode = .migrationFailed, location: SourceLocation? = nil, message: String,
                sqlState: String? = nil, hint: String? = nil) {
        self.code = code
        self.location = location
        self.message = message
        self.sqlState = sqlState
        self.hint = hint
    }

    /// The failure with its position, hint and what became of the migration.
    public var description: String {
        var text = (location.map { "\($0.file):\($0.line):\($0.column): " } ?? "") + "error: " + message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let outcome { text += "\n" + outcome }
        if let hint { text += "\nhint: " + hint }
        return text
    }
}

/// A database that migrations run against: PostgreSQL (`StrataPostgres`) or SQLite (`StrataSQLite`).
///
/// Each implementation owns the history table and runs a migration with its history row in one
/// transaction (or, for `-- strata:no-transaction` files, statement by statement with progress
/// recorded), so a failure leaves the database as it was before the migration.
public protocol MigrationTarget: Sendable {
    /// The database, for messages (passwords redacted).
    var description: String { get }
    /// Whether `strata lint` (PostgreSQL's rules) applies to migrations written for it.
    var lintsAsPostgreSQL: Bool { get }
    /// Takes the migration lock (waiting at most `timeout` for another runner to finish), then
    /// creates the history table if it is missing.
    func lock(timeout: Duration) async throws
    func unlock() async
    /// The history, oldest first; empty when the table does not exist yet.
    func history() async throws -> [AppliedMigration]
    /// Runs `migration`'s up file and records it; `resumeAt` is the first statement to run of a
    /// partially applied no-transaction migration (0 otherwise).
    func apply(_ migration: Migration, resumeAt: Int) async throws -> Duration
    /// Runs `migration`'s down file and removes its history row.
    func revert(_ migration: Migration) async throws -> Duration
}

/// What happens while migrating, for a progress display.
public enum MigrationEvent: Sendable {
    case findings([Finding])
    case willApply(Migration, resumeAt: Int)
    case applied(Migration, Duration)
    case willRevert(Migration)
    case reverted(Migration, Duration)
    case dryRun(Migration)
    /// The migration just announced failed (the error follows).
    case failed(Migration)
}

/// Runs a migrations folder against a `MigrationTarget`: status, up, down, redo, with the checks
/// that keep history honest (edited and missing files, out-of-order versions, lint errors).
///
/// For a Swift server, at start-up:
/// ```swift
/// let migrator = Migrator(migrations: try MigrationSet.load(directory: "migrations"), target: target)
/// try await migrator.up()
/// ```
public struct Migrator: Sendable {
    /// The folder's migrations.
    public var migrations: MigrationSet
    /// The database they run on.
    public var target: any MigrationTarget
    /// How long to wait for another runner's lock.
    public var lockTimeout: Duration = .seconds(60)
    /// Apply pending versions older than the newest applied one.
    public var allowOutOfOrder = false
    /// Apply even when `strata lint` reports errors on the pending migrations.
    public var force = false
    /// The lint configuration (strata.toml).
    public var configuration = Configuration()
    /// The PostgreSQL version the pending migrations are linted for.
    public var postgresVersion = 15

    /// A migrator of `migrations` on `target`, with the default checks.
    public init(migrations: MigrationSet, target: any MigrationTarget) {
        self.migrations = migrations
        self.target = target
    }

    // MARK: - Status

    /// Each migration of the folder and the history, with its state.
    /// - Throws: what the target throws reading its history.
    public func status() async throws -> [MigrationState] {
        Self.states(files: migrations.migrations, history: try await target.history())
    }

    package static func states(files: [Migration], history: [AppliedMigration]) -> [MigrationState] {
        let applied = Dictionary(history.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        let newestApplied = history.filter(\.complete).map(\.version).max()
        var states: [MigrationState] = []
        for file in files {
            guard let row = applied[file.version] else {
                let kind: MigrationState.Kind = (newestApplied.map { file.version < $0 } ?? false) ? .outOfOrder : .pending
                states.append(MigrationState(version: file.version, name: file.name, kind: kind, applied: nil, path: file.upPath))
                continue
            }
            let kind: MigrationState.Kind = row.checksum != file.checksum ? .edited : (row.complete ? .applied : .partial)
            states.append(MigrationState(version: file.version, name: file.name, kind: kind, applied: row, path: file.upPath))
        }
        let known = Set(files.map(\.version))
        for row in history where !known.contains(row.version) {
            states.append(MigrationState(version: row.version, name: row.name, kind: .missingFile, applied: row, path: nil))
        }
        return states.sorted { $0.version < $1.version }
    }

    /// Refuses edited and missing files: history is immutable.
    public func checkHistory(_ states: [MigrationState]) throws(MigrationError) {
        if let edited = states.first(where: { $0.kind == .edited }) {
            throw MigrationError(
                .historyEdited, location: edited.path.map { SourceLocation(file: $0, line: 1, column: 1) },
                message: "migration \(edited.version) (\(edited.name)) was applied on \(edited.applied?.appliedAt ?? "?") and its file has changed since (checksum \(edited.applied?.checksum.prefix(12) ?? "")… in history)",
                hint: "applied migrations are immutable: restore the file (git checkout) and put the change in a new migration")
        }
        if let missing = states.first(where: { $0.kind == .missingFile }) {
            throw MigrationError(
                .historyFileMissing, message: "migration \(missing.version) (\(missing.name)) is applied in \(target.description) but its file is missing from \(migrations.directory)",
                hint: "restore the file; an applied migration's file must stay in the folder")
        }
    }

    /// The pending migrations up to `version`, in order (partially applied ones first, to finish).
    public func pending(_ states: [MigrationState], to version: UInt64?) throws(MigrationError) -> [(Migration, resumeAt: Int)] {
        let files = Dictionary(migrations.migrations.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [(Migration, resumeAt: Int)] = []
        for state in states where version.map({ state.version <= $0 }) ?? true {
            switch state.kind {
            case .pending: result.append((files[state.version]!, 0))
            case .partial: result.append((files[state.version]!, state.applied?.statementsDone ?? 0))
            case .outOfOrder:
                guard allowOutOfOrder else {
                    let newest = states.filter { $0.applied?.complete == true }.map(\.version).max() ?? 0
                    throw MigrationError(
                        .outOfOrderMigration, location: state.path.map { SourceLocation(file: $0, line: 1, column: 1) },
                        message: "migration \(state.version) (\(state.name)) is pending but older than \(newest), which is already applied",
                        hint: "renumber it after \(newest), or allow out-of-order versions")
                }
                result.append((files[state.version]!, 0))
            default: continue
            }
        }
        return result
    }

    // MARK: - Up

    /// Applies pending migrations (up to `version` when given) in order, each in its own
    /// transaction, after linting them; stops at the first failure. Returns those applied.
    @discardableResult
    public func up(to version: UInt64? = nil, dryRun: Bool = false,
                   progress: @Sendable (MigrationEvent) -> Void = { _ in }) async throws -> [Migration] {
        if dryRun {
            let states = Self.states(files: migrations.migrations, history: try await target.history())
            try checkHistory(states)
            let pending = try self.pending(states, to: version)
            try lint(pending.map(\.0), progress: progress, refuse: false)
            for (migration, _) in pending { progress(.dryRun(migration)) }
            return []
        }
        return try await locked {
            let states = Self.states(files: migrations.migrations, history: try await target.history())
            try checkHistory(states)
            let pending = try self.pending(states, to: version)
            try lint(pending.map(\.0), progress: progress, refuse: !force)
            var applied: [Migration] = []
            for (migration, resumeAt) in pending {
                progress(.willApply(migration, resumeAt: resumeAt))
                let duration: Duration
                do {
                    duration = try await target.apply(migration, resumeAt: resumeAt)
                } catch var error as MigrationError {
                    progress(.failed(migration))
                    if error.outcome == nil {
                        error.outcome = migration.upRunsOutsideTransaction
                            ? "\(migration.label) runs outside a transaction: the statements before the failing one stay applied and recorded; `strata migrate up` resumes at the failing one"
                            : "\(migration.label) was rolled back: the database is exactly as it was before it"
                    }
                    throw error
                } catch {
                    progress(.failed(migration))
                    throw error
                }
                progress(.applied(migration, duration))
                applied.append(migration)
            }
            return applied
        }
    }

    /// Runs `body` holding the migration lock, released however `body` ends.
    func locked<T>(_ body: () async throws -> T) async throws -> T {
        try await target.lock(timeout: lockTimeout)
        do {
            let result = try await body()
            await target.unlock()
            return result
        } catch {
            await target.unlock()
            throw error
        }
    }

    /// `strata lint` over the pending migrations, with every earlier one replayed.
    func lint(_ pending: [Migration], progress: @Sendable (MigrationEvent) -> Void, refuse: Bool) throws(MigrationError) {
        guard target.lintsAsPostgreSQL, let first = pending.first else { return }
        let linter = MigrationLinter(configuration: configuration, since: first.version, postgresVersion: postgresVersion)
        let pendingVersions = Set(pending.map(\.version))
        // Earlier migrations (applied or not chosen) replay for the schema; only the pending ones are judged.
        let inputs = migrations.migrations.filter { $0.version < first.version || pendingVersions.contains($0.version) }.map { migration in
            (file: MigrationFile(version: migration.version, upPath: migration.upPath, downPath: migration.downPath, inFolder: true),
             up: migration.up, down: migration.down)
        }
        let findings = linter.lint(inputs).findings
        if !findings.isEmpty { progress(.findings(findings)) }
        let errors = findings.filter { $0.severity == .error }
        if refuse, let error = errors.first {
            throw MigrationError(
                .lintErrors, location: error.location,
                message: "strata lint reports \(errors.count) error\(errors.count == 1 ? "" : "s") in the pending migrations; nothing was applied",
                hint: "fix them, or silence one with `-- strata:ignore \(error.rule)` and a reason")
        }
    }

    // MARK: - Down

    /// Reverts the newest applied migrations: `steps` of them (default 1), or all newer than `version`.
    @discardableResult
    public func down(steps: Int? = nil, to version: UInt64? = nil,
                     progress: @Sendable (MigrationEvent) -> Void = { _ in }) async throws -> [Migration] {
        return try await locked {
            let states = Self.states(files: migrations.migrations, history: try await target.history())
            try checkHistory(states)
            let applied = states.filter { $0.kind == .applied || $0.kind == .partial }.reversed()
            let chosen: [MigrationState] = if let version { applied.filter { $0.version > version } } else { Array(applied.prefix(steps ?? 1)) }
            let files = Dictionary(migrations.migrations.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
            // Every one must have a down file before any is reverted.
            if let missing = chosen.map({ files[$0.version]! }).first(where: { $0.down == nil }) {
                throw MigrationError(location: SourceLocation(file: missing.upPath, line: 1, column: 1),
                                     message: "migration \(missing.label) has no down file; nothing was reverted")
            }
            var reverted: [Migration] = []
            for state in chosen {
                let migration = files[state.version]!
                progress(.willRevert(migration))
                let duration: Duration
                do {
                    duration = try await target.revert(migration)
                } catch {
                    progress(.failed(migration))
                    throw error
                }
                progress(.reverted(migration, duration))
                reverted.append(migration)
            }
            return reverted
        }
    }

    /// Down then up of the newest applied migration.
    public func redo(progress: @Sendable (MigrationEvent) -> Void = { _ in }) async throws {
        let reverted = try await down(steps: 1, progress: progress)
        guard let last = reverted.first else { throw MigrationError(message: "nothing is applied: nothing to redo") }
        try await up(to: last.version, progress: progress)
    }
}

extension Duration {
    /// Whole milliseconds, for history rows and progress lines.
    public var inMilliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
