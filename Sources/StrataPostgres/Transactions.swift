import Foundation

/// How `withTransaction(retrying:)` retries: serialization failures (40001) and deadlocks (40P01),
/// after an exponentially growing pause with full jitter, at most `maxAttempts` times in all.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The longest pause before the second attempt; it doubles with each attempt.
    public var baseDelay: Duration
    /// The longest pause before any attempt.
    public var maxDelay: Duration

    /// A policy; the defaults try five times, pausing 20 ms at most at first and 2 s at most.
    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(20), maxDelay: Duration = .seconds(2)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Five attempts, pauses from 20 ms up to 2 s.
    public static let `default` = RetryPolicy()
    /// One attempt: no retry.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The pause before attempt `attempt + 1` (attempt counts from 1): uniform in
    /// 0...min(maxDelay, baseDelay * 2^(attempt-1)), so that colliding clients spread out.
    func delay(after attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = min(maxDelay, baseDelay * (1 << min(attempt - 1, 20)))
        let nanoseconds = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: 0...max(0, nanoseconds), using: &generator))
    }
}

extension DatabaseError {
    /// What kind of failure this is, for a caller deciding what to do about it.
    public enum Category: Sendable, Equatable {
        /// The connection could not be made or was lost: retry later, elsewhere.
        case connection
        /// A constraint refused the data (23xxx), with the constraint's name when the server gave it.
        case constraintViolation(constraint: String?)
        /// A serialization failure or deadlock: the transaction may succeed if run again.
        case transient
        /// lock_timeout, statement_timeout, or the connection timed out.
        case timeout
        /// Anything else (syntax, permissions, missing objects...).
        case other
    }

    /// What kind of failure this is: connection, constraint violation, transient, timeout, other.
    public var category: Category {
        switch kind {
        case .refused, .connection, .tls, .authentication, .missingDatabase: return .connection
        case .timeout: return .timeout
        default: break
        }
        guard let sqlState else { return .other }
        if sqlState == "40001" || sqlState == "40P01" { return .transient }
        if sqlState == "55P03" || sqlState == "57014" { return .timeout }
        if sqlState.hasPrefix("23") { return .constraintViolation(constraint: constraint) }
        if sqlState.hasPrefix("08") || sqlState == "57P01" { return .connection }
        return .other
    }
}

/// PostgreSQL's isolation levels (READ UNCOMMITTED behaves as READ COMMITTED).
public enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension DatabaseSession {
    /// Runs `body` in a transaction (`BEGIN` with `isolation`, then `COMMIT`), rolling back on any
    /// error; a serialization failure or deadlock, in the body or at COMMIT, runs it again as
    /// `policy` says. The body must be safe to repeat: only its database work is undone.
    ///
    /// ```swift
    /// try await session.withTransaction(isolation: .serializable) { session in
    ///     try await session.execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1")
    ///     try await session.execute("UPDATE accounts SET balance = balance + 10 WHERE id = 2")
    /// }
    /// ```
    public func withTransaction<T: Sendable>(isolation: IsolationLevel? = nil, retrying policy: RetryPolicy = .default,
                                             _ body: (DatabaseSession) async throws -> T) async throws -> T {
        let begin = isolation.map { "BEGIN ISOLATION LEVEL \($0.rawValue)" } ?? "BEGIN"
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            do {
                try await execute(begin)
                let result: T
                do {
                    result = try await body(self)
                    try await execute("COMMIT")
                } catch {
                    try? await execute("ROLLBACK")
                    throw error
                }
                return result
            } catch let error as DatabaseError where error.category == .transient && attempt < policy.maxAttempts {
                try await Task.sleep(for: policy.delay(after: attempt, using: &generator))
                attempt += 1
            }
        }
    }
}
