/// An index access method. PostgreSQL's own are cases; an extension's (`bloom`, `hnsw`, ...) is
/// `.other` with its name, since extensions can add methods.
package enum IndexMethod: Sendable, Hashable, CustomStringConvertible {
    case btree, hash, gist, spgist, gin, brin
    case other(String)

    /// From the name as SQL or the catalog writes it (`USING gin`, `pg_am.amname`).
    package init(_ name: String) {
        switch name.lowercased() {
        case "btree": self = .btree
        case "hash": self = .hash
        case "gist": self = .gist
        case "spgist": self = .spgist
        case "gin": self = .gin
        case "brin": self = .brin
        default: self = .other(name)
        }
    }

    /// The name as `USING` takes it: `btree`, `gin`.
    package var name: String {
        switch self {
        case .btree: "btree"
        case .hash: "hash"
        case .gist: "gist"
        case .spgist: "spgist"
        case .gin: "gin"
        case .brin: "brin"
        case .other(let name): quoteIdentifierIfNeeded(name)
        }
    }

    package var description: String { name }
}

/// When a trigger fires relative to the row operation.
package enum TriggerTiming: String, Sendable, Hashable, CaseIterable {
    case before = "BEFORE"
    case after = "AFTER"
    case insteadOf = "INSTEAD OF"

    /// From PostgreSQL's `tgtype` bits (the parser's `CreateTrigStmt.timing` uses the same).
    package init(bits: Int) {
        self = bits & 64 != 0 ? .insteadOf : (bits & 2 != 0 ? .before : .after)
    }
}

/// An operation that fires a trigger.
package enum TriggerEvent: String, Sendable, Hashable, CaseIterable {
    case insert = "INSERT"
    case update = "UPDATE"
    case delete = "DELETE"
    case truncate = "TRUNCATE"

    /// From PostgreSQL's `tgtype` bits (the parser's `CreateTrigStmt.events` uses the same), in
    /// the order PostgreSQL prints them.
    package static func events(bits: Int) -> [TriggerEvent] {
        [(4, .insert), (16, .update), (8, .delete), (32, .truncate)].compactMap { bit, event in bits & bit != 0 ? event : nil }
    }
}

/// A function's volatility: what the planner may assume about repeated calls.
package enum Volatility: String, Sendable, Hashable, CaseIterable {
    case immutable, stable, volatile
}

/// The command a row-level security policy applies to.
package enum PolicyCommand: String, Sendable, Hashable, CaseIterable {
    case all, select, insert, update, delete
}
