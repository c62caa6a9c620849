import Foundation
import Dispatch
import Synchronization

/// One migration as the migration rules see it.
package struct MigrationSummary: Sendable {
    package var file: MigrationFile
    package var parsed: ParsedFile
    /// `-- strata:no-transaction` on the first line: runs statement by statement, outside a transaction.
    package var noTransaction: Bool
    /// Locks each statement takes on pre-existing tables, by statement index.
    package var locks: [[LockAnalysis.Lock]]
    package var configuration: Configuration
    package var postgresVersion: Int = 15

    package var statements: [ParsedStatement] { parsed.statements }
    package var path: String { file.upPath }
    package var firstLocation: SourceLocation { statements.first?.location ?? SourceLocation(file: path, line: 1, column: 1) }
}

/// One statement of a migration, with the schema as it stands just before it.
///
/// Noncopyable: a rule borrows it for one call and cannot keep it. It holds the interpreter and the
/// migration summary by value, so a context that outlived its statement would make the next
/// statement's change copy the whole schema (copy-on-write), and lint would turn quadratic.
package struct MigrationStatement: ~Copyable {
    package let statement: ParsedStatement
    package let index: Int
    package let migration: MigrationSummary
    package let interpreter: SchemaInterpreter
    /// Tables created earlier in this same migration: new, empty, nobody else uses them yet.
    package let createdInMigration: Set<QualifiedName>

    package var schema: DatabaseSchema { interpreter.schema }
    package var location: SourceLocation { statement.location }

    /// A table that existed before this migration (and so may be large and busy). A table Strata
    /// has never seen (a single file linted without its history) is assumed to exist: only what
    /// this migration creates is known to be new.
    package func existingTable(_ name: ObjectName) -> TableInfo? {
        guard let qualified = interpreter.resolveTable(name) else {
            let assumed = interpreter.qualifyForCreation(name)
            return createdInMigration.contains(assumed) ? nil : TableInfo(name: assumed)
        }
        return createdInMigration.contains(qualified) ? nil : schema.tables[qualified]
    }

    package func isExisting(_ name: QualifiedName) -> Bool { schema.tables[name] != nil && !createdInMigration.contains(name) }

    package func index(_ name: ObjectName) -> IndexInfo? {
        interpreter.resolve(name) { schema.indexes[$0] != nil }.flatMap { schema.indexes[$0] }
    }

    /// Locks this statement takes on tables that existed before the migration.
    package var locks: [LockAnalysis.Lock] = []
}

/// A rule over migrations (`strata lint`): per statement, per migration, or both.
package protocol MigrationRule: Sendable {
    static var description: RuleDescription { get }
    init()
    func check(_ statement: borrowing MigrationStatement) -> [Finding]
    func check(migration: MigrationSummary) -> [Finding]
}

extension MigrationRule {
    package func check(_ statement: borrowing MigrationStatement) -> [Finding] { [] }
    package func check(migration: MigrationSummary) -> [Finding] { [] }
}

/// Replays migrations through the DDL interpreter and judges each linted statement against the
/// schema as it stands at that moment.
public struct MigrationLinter: Sendable {
    /// Which rules run (`strata.toml`).
    public var configuration: Configuration
    /// Lint only migrations with this version or later; earlier ones are replayed silently.
    public var since: UInt64?
    /// The PostgreSQL major version the migrations target: which safe rewrites exist
    /// (REINDEX CONCURRENTLY from 12, DETACH PARTITION CONCURRENTLY from 14).
    public var postgresVersion: Int
    /// Lint only migrations whose up or down file is one of these paths (a branch's changes);
    /// the others are replayed silently. Nil: every migration.
    package var onlyPaths: Set<String>?

    /// A linter; `since` lints only that version and later, `postgresVersion` picks the safe rewrites.
    public init(configuration: Configuration = Configuration(), since: UInt64? = nil, postgresVersion: Int = 15) {
        self.configuration = configuration
        self.since = since
        self.postgresVersion = postgresVersion
    }

    /// A path as `onlyPaths` compares it: absolute, symbolic links resolved.
    package static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Lints migration files or folders, replaying each migration into the schema before the next.
    ///
    /// ```swift
    /// let report = try MigrationLinter().lint(paths: ["migrations"])
    /// ```
    /// - Throws: ``InputError`` when a file cannot be read.
    public func lint(paths: [String]) throws(InputError) -> FindingReport {
        try lint(files: try MigrationFolder.discover(paths))
    }

    /// Lints migrations already discovered (``MigrationFolder/discoverWithLayouts(_:)``).
    package func lint(files: [MigrationFile]) throws(InputError) -> FindingReport {
        let inputs = files.map { file in
            MigrationInput(file: file) { () throws(InputError) in
                (try file.readUp(), try file.readDown())
            }
        }
        return try lint(inputs)
    }

    /// Lints one migration held in memory, as a file linted without its history: the tables it
    /// changes are assumed to exist and to be busy. `path` names it in the findings' positions.
    ///
    /// ```swift
    /// let report = MigrationLinter().lint(sql: "CREATE INDEX orders_user_id_idx ON orders (user_id);")
    /// // require-concurrent-index: CREATE INDEX blocks writes to orders while it builds
    /// ```
    public func lint(sql: String, path: String = "migration.sql") -> FindingReport {
        lint([(file: MigrationFile(version: nil, upPath: path, downPath: nil, inFolder: false), up: sql, down: nil)])
    }

    /// Lints migrations given as text (tests, rule examples, `migrate up`).
    package func lint(_ migrations: [(file: MigrationFile, up: String, down: String?)], setup: String? = nil) -> FindingReport {
        let inputs = migrations.map { migration in MigrationInput(file: migration.file) { (migration.up, migration.down) } }
        do { return try lint(inputs, setup: setup) } catch {
            preconditionFailure("texts in memory cannot fail to read: \(error)")
        }
    }

    /// One migration and how to read its texts. Files are read when their batch is parsed and
    /// released once judged: a long history is never in memory all at once.
    package struct MigrationInput: Sendable {
        package var file: MigrationFile
        package var read: @Sendable () throws(InputError) -> (up: String, down: String?)
    }

    /// A migration read and parsed, waiting to be judged.
    struct ReadMigration: Sendable {
        var file: MigrationFile
        var up: String
        var down: String?
        var parsed: ParsedFile
    }

    package func lint(_ migrations: [MigrationInput], setup: String? = nil) throws(InputError) -> FindingReport {
        var interpreter = SchemaInterpreter()
        if let setup {
            for statement in PostgresParser.parse(path: "setup.sql", text: setup).statements { interpreter.apply(statement) }
        }
        var findings: [Finding] = []
        var suppressions: [Suppressions] = []
        var lintedPaths: Set<String> = []
        var touched: Set<QualifiedName> = []
        // Files are read and parsed concurrently in small batches, the next batch while this one is
        // judged (replay itself is sequential); each file is released once judged, so memory stays
        // flat however long the history is.
        let batchSize = max(2, ProcessInfo.processInfo.activeProcessorCount * 4)
        let batches = stride(from: 0, to: migrations.count, by: batchSize).map {
            Array(migrations[$0..<min(migrations.count, $0 + batchSize)])
        }
        var pending = batches.first.map { PendingParse($0) }
        for number in batches.indices {
            var batch = try pending?.wait() ?? []
            pending = number + 1 < batches.count ? PendingParse(batches[number + 1]) : nil
            batch.reverse()
            while let migration = batch.popLast() {  // each released as soon as it is judged
                let parsed = migration.parsed
                let isLinted = (since.map { version in (migration.file.version ?? .max) >= version } ?? true)
                    && (onlyPaths.map { paths in paths.contains(Self.canonical(migration.file.upPath)) || migration.file.downPath.map { paths.contains(Self.canonical($0)) } == true } ?? true)
                defer { interpreter.forgetNotes() }  // each migration's notes are judged with it
                guard isLinted else {
                    for statement in parsed.statements { interpreter.apply(statement) }
                    continue
                }
                lintedPaths.insert(parsed.source.path)
                let linted = lintMigration(migration, interpreter: &interpreter, touched: &touched)
                findings += linted.findings + Reviewer.engineFindings(files: [parsed], notes: [])
                // A finding in the down file is silenced by a comment in the down file.
                suppressions.append(Suppressions(files: [parsed] + (linted.down.map { [$0] } ?? []), knownRules: RuleCatalog.allIDs))
            }
        }
        // The schema review rules on the tables the linted migrations created or changed, judged on
        // the final schema (a foreign key indexed by the next migration is fine), at their lines.
        let review = Reviewer(configuration: configuration)
        let context = ReviewContext(schema: interpreter.schema, configuration: configuration, onlyTables: touched)
        for rule in RuleCatalog.schemaRules where review.isEnabled(rule.description) {
            findings += rule.init().check(context).filter { lintedPaths.contains($0.location?.file ?? "") }
        }
        FindingPipeline(configuration: configuration).process(&findings, suppressions: suppressions)
        return FindingReport(findings: findings, fileCount: lintedPaths.count)
    }

    /// Files read and parsed in the background (on every core) while the caller does something else.
    final class PendingParse: Sendable {
        private let result = Mutex<Result<[ReadMigration], InputError>>(.success([]))
        private let done = DispatchSemaphore(value: 0)

        init(_ inputs: [MigrationInput]) {
            DispatchQueue.global().async { [self] in
                let read = MigrationLinter.readConcurrently(inputs)
                result.withLock { $0 = read }
                done.signal()
            }
        }

        /// The migrations, in the order given, once all are read and parsed; the first file that
        /// cannot be read is the error.
        func wait() throws(InputError) -> [ReadMigration] {
            done.wait()
            return try result.withLock { $0 }.get()
        }
    }

    static func readConcurrently(_ inputs: [MigrationInput]) -> Result<[ReadMigration], InputError> {
        let results = Mutex<[Int: Result<ReadMigration, InputError>]>([:])
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            let input = inputs[index]
            let read = Result { () throws(InputError) in
                let (up, down) = try input.read()
                return ReadMigration(file: input.file, up: up, down: down, parsed: PostgresParser.parse(path: input.file.upPath, text: up))
            }
            results.withLock { $0[index] = read }
        }
        let read = results.withLock { $0 }
        var migrations: [ReadMigration] = []
        for index in inputs.indices {
            switch read[index]! {
            case .success(let migration): migrations.append(migration)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(migrations)
    }

    /// The migration's findings, and its down file as parsed when it was compared.
    func lintMigration(_ migration: ReadMigration, interpreter: inout SchemaInterpreter,
                       touched: inout Set<QualifiedName>) -> (findings: [Finding], down: ParsedFile?) {
        let parsed = migration.parsed
        // Kept only when a down must be compared with it: while it is held, the migration's first
        // change copies the whole dictionary of tables (copy-on-write).
        let schemaBefore = migration.down != nil ? interpreter.schema : nil
        let notesBefore = interpreter.notes.count
        // The same reading of the directive as the runner's (`Migration.upRunsOutsideTransaction`).
        let noTransaction = MigrationDirectives.noTransaction(migration.up)
        var summary = MigrationSummary(file: migration.file, parsed: parsed, noTransaction: noTransaction, locks: [],
                                       configuration: configuration, postgresVersion: postgresVersion)
        let rules = RuleCatalog.migrationRules.filter { !configuration.disabledRules.contains($0.description.id) }.map { $0.init() }
        var findings: [Finding] = []
        var created: Set<QualifiedName> = []
        for (index, statement) in parsed.statements.enumerated() {
            // Contexts hold copies of the interpreter and the summary: they must be gone before either
            // is mutated, or every append copies the whole value (copy-on-write) and lint turns quadratic.
            do {
                let locks = LockAnalysis.locks(of: statement.kind, in: MigrationStatement(
                    statement: statement, index: index, migration: summary, interpreter: interpreter, createdInMigration: created))
                summary.locks.append(locks)
                var context = MigrationStatement(statement: statement, index: index, migration: summary, interpreter: interpreter, createdInMigration: created)
                context.locks = locks
                for rule in rules { findings += rule.check(context) }
            }
            if case .createTable(let create) = statement.kind { created.insert(interpreter.qualifyForCreation(create.name)) }
            if let target = Self.targetTable(statement.kind) {
                if let known = interpreter.resolveTable(target) {
                    touched.insert(known)
                } else if case .alterTable = statement.kind, !migration.file.inFolder {
                    // A file linted without its history changes a table it assumes exists: what this
                    // file does to it (a CHECK added, then validated) is remembered for its later
                    // statements, but the table is not reviewed, since its definition is unknown.
                    interpreter.assumeTable(interpreter.qualifyForCreation(target))
                } else {
                    touched.insert(interpreter.qualifyForCreation(target))
                }
            }
            interpreter.apply(statement)
        }
        for rule in rules { findings += rule.check(migration: summary) }

        if migration.file.inFolder {
            for note in interpreter.notes.suffix(from: notesBefore) {
                findings.append(EngineRules.unresolvedReference.finding(note.message, at: note.location))
            }
        }

        // Down: up then down must give back exactly the schema before up.
        var parsedDown: ParsedFile?
        if let downText = migration.down, let downPath = migration.file.downPath, let schemaBefore {
            var reverted = interpreter
            let down = PostgresParser.parse(path: downPath, text: downText)
            parsedDown = down
            for statement in down.statements { reverted.apply(statement) }
            if let difference = SchemaDifference.first(between: schemaBefore, and: reverted.schema) {
                findings.append(DownDoesNotRevertRule.description.finding(
                    "up then down does not give back the schema before up: \(difference)",
                    at: down.statements.first?.location ?? SourceLocation(file: downPath, line: 1, column: 1),
                    fix: nil))
            }
        }
        return (findings, parsedDown)
    }

    static func targetTable(_ statement: Statement) -> ObjectName? {
        switch statement {
        case .createTable(let create): create.name
        case .alterTable(let alter): alter.isIndex ? nil : alter.table
        case .createIndex(let create): create.table
        case .createTrigger(let create): create.table
        default: nil
        }
    }
}

/// The first difference between two models, in words (for down-does-not-revert).
package enum SchemaDifference {
    package static func first(between before: DatabaseSchema, and after: DatabaseSchema) -> String? {
        let before = before.withoutSourceLocations, after = after.withoutSourceLocations
        guard before != after else { return nil }
        func compare<Key: Hashable & Comparable, Value: Equatable>(_ kind: String, _ a: [Key: Value], _ b: [Key: Value]) -> String? {
            for key in Set(a.keys).union(b.keys).sorted() {
                switch (a[key], b[key]) {
                case (nil, .some): return "\(kind) \(key) is left behind"
                case (.some, nil): return "\(kind) \(key) is missing"
                case (.some(let x), .some(let y)) where x != y: return "\(kind) \(key) differs"
                default: continue
                }
            }
            return nil
        }
        for (name, table) in before.tables.sorted(by: { $0.key < $1.key }) {
            guard let other = after.tables[name], other != table else { continue }
            let columnsBefore = table.columns.map(\.name), columnsAfter = other.columns.map(\.name)
            if let extra = columnsAfter.first(where: { !columnsBefore.contains($0) }) { return "column \(name).\(extra) is left behind" }
            if let missing = columnsBefore.first(where: { !columnsAfter.contains($0) }) { return "column \(name).\(missing) is missing" }
            if let changed = zip(table.columns, other.columns).first(where: { $0 != $1 }) { return "column \(name).\(changed.0.name) differs" }
            let constraintsBefore = Set(table.constraintNames), constraintsAfter = Set(other.constraintNames)
            if let extra = constraintsAfter.subtracting(constraintsBefore).sorted().first { return "constraint \(extra) on \(name) is left behind" }
            if let missing = constraintsBefore.subtracting(constraintsAfter).sorted().first { return "constraint \(missing) on \(name) is missing" }
            return "table \(name) differs"
        }
        return compare("table", before.tables, after.tables) ?? compare("index", before.indexes, after.indexes)
            ?? compare("view", before.views, after.views) ?? compare("type", before.enums, after.enums)
            ?? compare("sequence", before.sequences, after.sequences) ?? compare("domain", before.domains, after.domains)
            ?? compare("function", before.functions, after.functions) ?? "the schema differs"
    }
}

/// What `strata lint` predicts each statement locks, for `strata migrate trace` to hold against
/// what PostgreSQL really takes.
package struct PredictedLocks: Sendable {
    package var statement: ParsedStatement
    package var locks: [LockAnalysis.Lock]
}

extension MigrationLinter {
    /// Replays `migrations` in order; for those at or after `since` (all when nil), the locks each
    /// up statement is predicted to take on tables that existed before its migration, by path.
    package func predictedLocks(_ migrations: [Migration]) -> [String: [PredictedLocks]] {
        var interpreter = SchemaInterpreter()
        var result: [String: [PredictedLocks]] = [:]
        for migration in migrations {
            let parsed = PostgresParser.parse(path: migration.upPath, text: migration.up)
            guard since.map({ migration.version >= $0 }) ?? true else {
                for statement in parsed.statements { interpreter.apply(statement) }
                continue
            }
            let file = MigrationFile(version: migration.version, upPath: migration.upPath, downPath: migration.downPath, inFolder: true)
            let summary = MigrationSummary(file: file, parsed: parsed, noTransaction: migration.upRunsOutsideTransaction, locks: [],
                                           configuration: configuration, postgresVersion: postgresVersion)
            var created: Set<QualifiedName> = []
            var predictions: [PredictedLocks] = []
            for (index, statement) in parsed.statements.enumerated() {
                let context = MigrationStatement(statement: statement, index: index, migration: summary, interpreter: interpreter, createdInMigration: created)
                let locks = LockAnalysis.locks(of: statement.kind, in: context) + LockAnalysis.referencedTableLocks(of: statement.kind, in: context)
                predictions.append(PredictedLocks(statement: statement, locks: locks))
                if case .createTable(let create) = statement.kind { created.insert(interpreter.qualifyForCreation(create.name)) }
                interpreter.apply(statement)
            }
            result[migration.upPath] = predictions
        }
        return result
    }
}
