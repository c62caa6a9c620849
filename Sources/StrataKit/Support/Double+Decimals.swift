extension Double {
    /// Fixed-point text, as `%.1f` prints it: `(12.345).fixed(decimals: 1)` is `"12.3"`.
    /// (`String(format:)` is Foundation's, which StrataKit does not import.)
    package func fixed(decimals: Int) -> String {
        guard isFinite else { return description }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(self) * scale).rounded())
        let unit = Int64(scale)
        let sign = self < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(scaled) }
        let fraction = String(scaled % unit)
        return sign + String(scaled / unit) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
