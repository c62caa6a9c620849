/// The order in which a schema's objects can be created: each after what it refers to.
///
/// A view reads other views and tables; a default, a CHECK or a generated column calls functions;
/// a column's type is an enum, a domain or another table's row type; a partition needs its parent;
/// an index on a materialized view needs the view; a function returning `SETOF orders` needs the
/// table and a SQL-language function's body names the tables it reads. References are read with
/// PostgreSQL's scanner (``PostgresParser/mentionedNames(in:)``) and matched by name: a name that
/// matches more than the object meant only adds an ordering edge.
///
/// Among the objects whose references are all created, the one of the earliest phase (schemas,
/// extensions, types, sequences, functions, tables, ... as pg_dump orders them) and then the
/// earliest in the input goes first, so output without dependencies keeps its familiar order. A
/// cycle is broken the same way: the earliest remaining object goes first.
struct CreationOrder {
    struct Item {
        var phase: Int
        var key: String
        var statements: [String]
        /// Keys this item needs created first.
        var needs: Set<String>
    }

    private(set) var items: [Item] = []

    mutating func add(phase: Int, key: String, statements: [String], needs: Set<String> = []) {
        guard !statements.isEmpty else { return }
        items.append(Item(phase: phase, key: key, statements: statements, needs: needs))
    }

    /// The statements in creation order (Kahn's algorithm, ties by phase and input position).
    func ordered() -> [String] {
        var position: [String: [Int]] = [:]
        for (index, item) in items.enumerated() { position[item.key, default: []].append(index) }
        var remaining = items.indices.map { index in
            items[index].needs.filter { $0 != items[index].key }.reduce(into: 0) { count, key in count += position[key]?.count ?? 0 }
        }
        var dependents: [String: [Int]] = [:]
        for (index, item) in items.enumerated() {
            for key in item.needs where key != item.key && position[key] != nil { dependents[key, default: []].append(index) }
        }
        var done = [Bool](repeating: false, count: items.count)
        var ready = Set(items.indices.filter { remaining[$0] == 0 })
        var result: [String] = []
        result.reserveCapacity(items.count)
        for _ in items.indices {
            let pool = ready.isEmpty ? Set(items.indices.filter { !done[$0] }) : ready
            guard let next = pool.min(by: { (items[$0].phase, $0) < (items[$1].phase, $1) }) else { break }
            ready.remove(next)
            done[next] = true
            result += items[next].statements
            for dependent in dependents[items[next].key] ?? [] where !done[dependent] {
                remaining[dependent] -= 1
                if remaining[dependent] <= 0 { ready.insert(dependent) }
            }
        }
        return result
    }
}
