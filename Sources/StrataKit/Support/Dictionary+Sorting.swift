extension Dictionary where Key: Comparable {
    /// The entries in key order. The keys are sorted and the values looked up after, so a large
    /// value (a table's model) is copied once rather than moved at every step of the sort.
    package func sortedByKey() -> [(key: Key, value: Value)] {
        keys.sorted().map { key in (key, self[key]!) }
    }
}
