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
        // The ready items, earliest (phase, position) first: a binary heap, since thousands of
        // tables and indexes are ready at once and a linear search per step was quadratic.
        var ready = ReadyHeap(items: items)
        for index in items.indices where remaining[index] == 0 { ready.push(index) }
        var done = [Bool](repeating: false, count: items.count)
        var unbroken = 0  // where to look for a cycle's earliest remaining item
        var result: [String] = []
        result.reserveCapacity(items.count)
        for _ in items.indices {
            var next: Int
            if let popped = ready.pop() {
                next = popped
            } else {
                // A cycle: the earliest remaining item goes first.
                while done[unbroken] { unbroken += 1 }
                next = unbroken
                for index in unbroken..<items.count where !done[index] && (items[index].phase, index) < (items[next].phase, next) { next = index }
            }
            done[next] = true
            result += items[next].statements
            for dependent in dependents[items[next].key] ?? [] where !done[dependent] {
                remaining[dependent] -= 1
                if remaining[dependent] == 0 { ready.push(dependent) }
            }
        }
        return result
    }

    /// A min-heap of item positions ordered by (phase, position).
    private struct ReadyHeap {
        let items: [Item]
        private var heap: [Int] = []

        init(items: [Item]) { self.items = items }

        private func before(_ a: Int, _ b: Int) -> Bool { (items[a].phase, a) < (items[b].phase, b) }

        mutating func push(_ index: Int) {
            heap.append(index)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard before(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> Int? {
            guard let first = heap.first else { return nil }
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, before(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, before(heap[right], heap[smallest]) { smallest = right }
                guard smallest != parent else { return first }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }
}
