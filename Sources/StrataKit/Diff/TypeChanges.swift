/// What changing a column's type does to the values it holds and to the table: PostgreSQL 15
/// converts some types without touching a row (binary-coercible), widens others by rewriting,
/// and may fail on or truncate values when a type narrows.
package enum TypeChanges {
    package enum Effect: Equatable {
        /// No rewrite, no value changes: `varchar(10)` -> `varchar(20)`, `varchar` -> `text`.
        case inPlace
        /// Every value fits; the table and its indexes are rewritten: `integer` -> `bigint`.
        case widening
        /// Values may not fit or may change: `bigint` -> `integer`, `text` -> `varchar(10)`.
        case narrowing(String)
    }

    static let integerWidth = ["smallint": 2, "integer": 4, "bigint": 8]

    /// `numeric(12,2)` -> (12, 2); `numeric` -> nil precision.
    static func numericParameters(_ type: String) -> (precision: Int, scale: Int)?? {
        guard type.hasPrefix("numeric") else { return nil }
        guard let open = type.firstIndex(of: "("), let close = type.firstIndex(of: ")") else { return .some(nil) }
        let parts = type[type.index(after: open)..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return .some((parts.first ?? 0, parts.count > 1 ? parts[1] : 0))
    }

    static func isVarchar(_ type: String) -> Bool { type == "character varying" || type.hasPrefix("character varying(") }

    package static func effect(from old: ColumnInfo, to new: ColumnInfo) -> Effect {
        let from = old.type, to = new.type
        if old.arrayDimensions != new.arrayDimensions { return .narrowing("the array dimensions change") }
        if from == to { return .inPlace }
        // Strings: a longer or unbounded limit keeps every value and touches nothing.
        if isVarchar(from) || from == "text" {
            if to == "text" || to == "character varying" { return .inPlace }
            if isVarchar(to), let newLength = SchemaFacts.declaredLength(of: to) {
                if let oldLength = SchemaFacts.declaredLength(of: from), oldLength <= newLength { return .inPlace }
                return .narrowing("values longer than \(newLength) characters make it fail")
            }
        }
        if from.hasPrefix("character("), to == "text" || isVarchar(to) { return .widening }
        if let oldWidth = integerWidth[from], let newWidth = integerWidth[to] {
            return oldWidth < newWidth ? .widening : .narrowing("values beyond \(to)'s range make it fail")
        }
        if integerWidth[from] != nil, to == "numeric" || to.hasPrefix("numeric(") { return .widening }
        if let oldNumeric = numericParameters(from), let newNumeric = numericParameters(to) {
            switch (oldNumeric, newNumeric) {
            case (_, .none): return .inPlace
            case (.some(let o), .some(let n)) where n.scale == o.scale && n.precision >= o.precision: return .inPlace
            case (.some(let o), .some(let n)) where n.scale >= o.scale && n.precision - n.scale >= o.precision - o.scale: return .widening
            default: return .narrowing("values are rounded or overflow \(to)")
            }
        }
        if from == "real", to == "double precision" { return .widening }
        if from == "timestamp without time zone", to == "timestamp with time zone" {
            return .widening
        }
        if to == "text" { return .widening }
        if from == "json", to == "jsonb" { return .widening }
        return .narrowing("values are converted with a cast from \(from) to \(to), which may fail or change them")
    }
}
