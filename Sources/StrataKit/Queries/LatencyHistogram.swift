/// Durations in buckets a few percent wide, for percentiles in memory that does not grow with
/// the number of calls (as HdrHistogram does it: a power of two split into equal sub-buckets).
package struct LatencyHistogram: Sendable, Hashable {
    /// Sub-buckets per power of two of microseconds: about 3% wide.
    static let subBuckets = 32
    private(set) var counts: [UInt32] = []
    package private(set) var count = 0

    package init() {}

    static func bucket(of milliseconds: Double) -> Int {
        let microseconds = max(milliseconds * 1000, 1)
        let exponent = microseconds.exponent
        let fraction = microseconds.significand - 1
        return Int(exponent) * subBuckets + Int(fraction * Double(subBuckets))
    }

    /// The bucket's middle, in milliseconds.
    static func value(of bucket: Int) -> Double {
        let exponent = bucket / subBuckets
        let fraction = (Double(bucket % subBuckets) + 0.5) / Double(subBuckets)
        return Double(sign: .plus, exponent: exponent, significand: 1 + fraction) / 1000
    }

    package mutating func add(_ milliseconds: Double) {
        let index = Self.bucket(of: milliseconds)
        if index >= counts.count { counts.append(contentsOf: repeatElement(0, count: index + 1 - counts.count)) }
        counts[index] &+= 1
        count += 1
    }

    /// The duration at `quantile` (0...1); nil without durations.
    package func percentile(_ quantile: Double) -> Double? {
        guard count > 0 else { return nil }
        let rank = max(1, Int((quantile * Double(count)).rounded(.up)))
        var seen = 0
        for (index, bucketCount) in counts.enumerated() {
            seen += Int(bucketCount)
            if seen >= rank { return Self.value(of: index) }
        }
        return Self.value(of: counts.count - 1)
    }

    package mutating func merge(_ other: LatencyHistogram) {
        if other.counts.count > counts.count { counts.append(contentsOf: repeatElement(0, count: other.counts.count - counts.count)) }
        for (index, value) in other.counts.enumerated() { counts[index] &+= value }
        count += other.count
    }
}
