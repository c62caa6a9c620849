/// Shared by the rules that judge a live database's statistics.
enum LiveFacts {
    /// `1.2 MB`, `512 kB`.
    static func size(_ bytes: Int64) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) bytes" : "\(value.fixed(decimals: 1)) \(units[unit])"
    }

    /// `12,345`.
    static func count(_ value: Double) -> String {
        let whole = Int64(value.rounded())
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return digits + grouped
    }

    static func object(_ name: QualifiedName) -> String { "\(name.schema).\(name.name)" }
}
