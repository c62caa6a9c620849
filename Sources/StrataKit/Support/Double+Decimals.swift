import Foundation

extension Double {
    /// Fixed-point text: `(12.345).fixed(decimals: 1)` is `"12.3"`.
    package func fixed(decimals: Int) -> String {
        String(format: "%.\(decimals)f", self)
    }
}
