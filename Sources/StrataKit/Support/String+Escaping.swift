extension String {
    /// Escapes single code points, each by its replacement: the way markup and annotation escaping
    /// must work (by code point, not by grapheme: `"\r\n"` is one `Character` in Swift, and a quote
    /// followed by a combining mark is another, yet both hold characters to escape).
    package func escaping(_ replacements: [Unicode.Scalar: String]) -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if let replacement = replacements[scalar] { result += replacement } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }
}
