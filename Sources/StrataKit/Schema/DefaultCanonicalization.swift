import Foundation

/// A column default as PostgreSQL stores it, for the defaults whose stored form Strata can know
/// without a server: `DEFAULT NULL` is no default; a quoted literal is converted to the column's
/// type when the table is created (`'0'` on an integer column is `0`, `'t'` on a boolean is
/// `true`, `'0'` on `numeric(12,2)` is `0.00`). Other spellings only the server knows (a type's
/// own input function) are normalized by loading the schema into a throwaway cluster.
enum DefaultCanonicalization {
    static func canonical(_ expression: SQLExpression?, type: String, arrayDimensions: Int) -> SQLExpression? {
        guard let expression else { return nil }
        let text = expression.text
        // A NULL the column's type modifier must coerce (varchar(10), numeric(12,2)) is stored as
        // `NULL::character varying`; a bare NULL constant is not stored at all.
        if expression.isConstant, text.uppercased() == "NULL" { return type.contains("(") ? expression : nil }
        guard arrayDimensions == 0, expression.isConstant, text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'"),
              !text.dropFirst().dropLast().contains("'") else { return expression }
        let literal = String(text.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        func constant(_ value: String) -> SQLExpression {
            var result = SQLExpression(text: value)
            result.isConstant = true
            return result
        }
        switch type {
        case "boolean":
            switch literal.lowercased() {
            case "t", "true", "y", "yes", "on", "1": return constant("true")
            case "f", "false", "n", "no", "off", "0": return constant("false")
            default: return expression
            }
        case "bytea":
            // byteas print in hex: '' is '\x', 'ab' is '\x6162'.
            if literal.hasPrefix("\\x") { return constant("'\\x" + literal.dropFirst(2).lowercased() + "'") }
            guard !literal.contains("\\") else { return expression }
            return constant("'\\x" + literal.utf8.map { String(format: "%02x", $0) }.joined() + "'")
        case "smallint", "integer", "bigint":
            guard let value = Int64(literal) else { return expression }
            return constant(String(value))
        case "real", "double precision":
            guard let value = Double(literal), value.isFinite else { return expression }
            if value == value.rounded(), abs(value) < 1e15 { return constant(String(Int64(value))) }
            return constant(String(value))
        default:
            guard type == "numeric" || type.hasPrefix("numeric("), let value = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX")) else {
                return expression
            }
            guard let scale = TypeChanges.numericParameters(type).flatMap({ $0 })?.scale else { return constant(literal) }
            var rounded = Decimal()
            var input = value
            NSDecimalRound(&rounded, &input, scale, .plain)
            return constant(Self.fixed(rounded, scale: scale))
        }
    }

    /// `0.5` with scale 2 is `0.50`: numeric prints the digits its typmod keeps.
    static func fixed(_ value: Decimal, scale: Int) -> String {
        let plain = NSDecimalNumber(decimal: value).stringValue
        guard scale > 0 else { return plain }
        let parts = plain.split(separator: ".", maxSplits: 1)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return String(parts[0]) + "." + fraction.padding(toLength: scale, withPad: "0", startingAt: 0)
    }
}
