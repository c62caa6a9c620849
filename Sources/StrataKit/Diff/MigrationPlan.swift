/// The statements that turn one schema into another, in the order they must run, each with what
/// it costs, and how they group into transactions.
///
/// ```swift
/// let plan = try SchemaDiffer(from: live, to: desired).plan()
/// print(plan.script)                  // psql -v ON_ERROR_STOP=1 -f runs it as is
/// for migration in plan.migrations { ... }   // what `strata migrate diff` writes, one file each
/// ```
public struct MigrationPlan: Sendable, Hashable, Encodable {
    /// The statements in order.
    public var steps: [Step] = []
    /// What the plan could not express (objects the model does not hold, changes PostgreSQL cannot
    /// make in place): said, never silently skipped.
    public var warnings: [String] = []
    /// `SET lock_timeout` first: a statement that waits for a busy table gives up instead of
    /// queueing every other query behind it.
    public var lockTimeout: String?

    package init() {}

    /// One statement and how it must run.
    public struct Step: Sendable, Hashable, Encodable {
        /// The statement, terminated.
        public var sql: String
        /// Lock taken and what it blocks, rewrite or scan, data loss, long validation.
        public var hazards: [String]
        /// Whether it may share a transaction with its neighbours.
        public var transaction: TransactionMode
        /// Set when the statement destroys data (a dropped column, a narrowed type).
        public var dataLoss: String?

        package init(sql: String, hazards: [String] = [], transaction: TransactionMode = .shared, dataLoss: String? = nil) {
            self.sql = sql
            self.hazards = hazards
            self.transaction = transaction
            self.dataLoss = dataLoss
        }
    }

    /// How a statement relates to transactions.
    public enum TransactionMode: String, Sendable, Hashable, Encodable {
        /// Runs in a transaction with its neighbours.
        case shared
        /// Runs in a transaction of its own (`VALIDATE CONSTRAINT`: a long scan that should not
        /// hold the locks of what came before).
        case own
        /// Cannot run in a transaction block (`CREATE INDEX CONCURRENTLY`, `ALTER TYPE ... ADD VALUE`
        /// before the value is used).
        case none
    }

    /// True when the schemas are the same.
    public var isEmpty: Bool { steps.isEmpty }

    /// The steps that destroy data.
    public var dataLossSteps: [Step] { steps.filter { $0.dataLoss != nil } }

    /// Consecutive steps that share a transaction (or, for `.none`, run outside one), in order:
    /// the unit of a script's BEGIN/COMMIT and of a generated migration file.
    package var groups: [(transaction: TransactionMode, steps: [Step])] {
        var result: [(transaction: TransactionMode, steps: [Step])] = []
        for step in steps {
            if step.transaction != .own, let last = result.last, last.transaction == step.transaction {
                result[result.count - 1].steps.append(step)
            } else {
                result.append((step.transaction, [step]))
            }
        }
        return result
    }

    /// The whole plan as a psql script: settings, then each group in a transaction of its own
    /// (statements that refuse one run bare). Hazards are comments above their statement.
    public var script: String {
        guard !steps.isEmpty else { return "-- The schemas are the same: nothing to do.\n" }
        // The script holds its own transactions: run as a migration, the runner must not wrap it in
        // one more (and `strata lint` then reads its BEGIN/COMMIT and CONCURRENTLY as intended).
        var lines = ["-- \(MigrationDirectives.noTransactionMarker) (each group below is its own transaction)"]
        for warning in warnings { lines.append("-- warning: \(commentText(warning))") }
        if let lockTimeout { lines.append("SET lock_timeout = \(quoteLiteral(lockTimeout));") }
        lines.append("SET check_function_bodies = off;")
        for group in groups {
            lines.append("")
            if group.transaction != .none { lines.append("BEGIN;") }
            for step in group.steps { lines += Self.render(step) }
            if group.transaction != .none { lines.append("COMMIT;") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plan as consecutive migrations: one per group, so that nothing that must not share a
    /// transaction does, and each file runs as the migration runner runs files.
    public var migrations: [String] {
        groups.map { group in
            var lines: [String] = []
            if group.transaction == .none { lines.append("-- \(MigrationDirectives.noTransactionMarker)") }
            if let lockTimeout { lines.append("SET lock_timeout = \(quoteLiteral(lockTimeout));") }
            if group.steps.contains(where: { $0.sql.hasPrefix("CREATE FUNCTION") || $0.sql.hasPrefix("CREATE OR REPLACE FUNCTION") || $0.sql.hasPrefix("CREATE OR REPLACE PROCEDURE") }) {
                lines.append("SET check_function_bodies = off;")
            }
            for step in group.steps { lines += Self.render(step) }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// One line a statement: what a reviewer reads before the SQL.
    public var summary: String {
        guard !steps.isEmpty else { return "no differences\n" }
        var lines: [String] = []
        for step in steps {
            let first = step.sql.split(separator: "\n").first.map(String.init) ?? step.sql
            let marker = first.hasPrefix("DROP") || first.contains(" DROP ") ? "-" : first.hasPrefix("CREATE") || first.contains(" ADD ") ? "+" : "~"
            lines.append("\(marker) \(first.count > 120 ? String(first.prefix(117)) + "..." : first)")
            if let loss = step.dataLoss { lines.append("    data loss: \(loss)") }
            for hazard in step.hazards { lines.append("    \(hazard)") }
        }
        for warning in warnings { lines.append("warning: \(warning)") }
        let transactions = groups.filter { $0.transaction != .none }.count
        lines.append("\(steps.count) statement\(steps.count == 1 ? "" : "s") in \(transactions) transaction\(transactions == 1 ? "" : "s"), \(steps.filter { $0.transaction == .none }.count) outside one, \(dataLossSteps.count) losing data")
        return lines.joined(separator: "\n") + "\n"
    }

    static func render(_ step: Step) -> [String] {
        var lines = step.hazards.map { "-- hazard: \(commentText($0))" }
        if let loss = step.dataLoss { lines.insert("-- data loss: \(commentText(loss))", at: 0) }
        lines.append(step.sql.hasSuffix(";") ? step.sql : step.sql + ";")
        return lines
    }
}

/// A plan refused because it destroys data that was not allowed to go.
public struct DataLossError: StrataError {
    /// Always `.dataLoss`.
    public var code: StrataErrorCode { .dataLoss }
    /// Each statement with what it loses.
    public var statements: [(sql: String, loss: String)]
    /// `-- strata:renamed-from` comments that would keep the data, where a dropped and an added
    /// column or table look alike.
    public var suggestions: [String]

    /// The statements refused, each with what it loses, and the rename hints.
    public var description: String {
        var lines = ["the migration would lose data (nothing was written):"]
        for statement in statements { lines.append("  \(statement.sql)\n    -- \(commentText(statement.loss))") }
        for suggestion in suggestions { lines.append("hint: \(suggestion)") }
        return lines.joined(separator: "\n")
    }
}

/// A change between two schemas that no migration can make in place.
public struct UnsupportedChangeError: StrataError {
    /// Always `.unsupportedChange`.
    public var code: StrataErrorCode { .unsupportedChange }
    /// The change and why it cannot be migrated.
    public var message: String
    /// The message.
    public var description: String { message }
}

extension MigrationPlan {
    /// The whole plan as one migration file: in the runner's transaction when every step can
    /// share one, else marked `strata:no-transaction` (each statement then commits alone).
    package var singleMigration: String {
        let groups = self.groups
        if groups.count == 1, groups[0].transaction != .none { return migrations[0] }
        var lines = ["-- \(MigrationDirectives.noTransactionMarker)"]
        if let lockTimeout { lines.append("SET lock_timeout = \(quoteLiteral(lockTimeout));") }
        for step in steps { lines += Self.render(step) }
        return lines.joined(separator: "\n") + "\n"
    }
}
