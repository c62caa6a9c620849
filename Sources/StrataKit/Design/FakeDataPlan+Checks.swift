import Foundation

/// Reads the CHECK forms the generator can satisfy: comparisons with a constant, IN lists (and
/// `= ANY (ARRAY[...])`), BETWEEN, `a < b` between two columns, conjunctions of these, and
/// `length(x) ...` / `x <> ''` which any generated text meets.
enum CheckReader {
    static func read(_ text: String, into ranges: inout [String: FakeDataPlan.ValueRange], ordered: inout [(String, String)], columns: Set<String>) -> Bool {
        var expression = text.trimmingCharacters(in: .whitespaces)
        while expression.hasPrefix("("), expression.hasSuffix(")"), balanced(String(expression.dropFirst().dropLast())) {
            expression = String(expression.dropFirst().dropLast())
        }
        let conjuncts = split(expression, on: " AND ")
        if conjuncts.count > 1, !expression.contains(" BETWEEN ") {
            // Every part is read (what is understood still applies), then judged together.
            let understood = conjuncts.map { read($0, into: &ranges, ordered: &ordered, columns: columns) }
            return !understood.contains(false)
        }
        let words = expression.split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count >= 2 else { return false }
        let column = words[0].replacingOccurrences(of: "\"", with: "")
        if expression.hasSuffix("<> ''::text") || expression.hasSuffix("<> ''") { return true }
        // `length(x) <= 200`, `char_length(x) > 0`: generated texts are short and never empty.
        if let match = expression.firstMatch(of: /^(char_)?length\(([a-z_0-9]+)\) (<=|<|>|>=|=) ([0-9]+)$/) {
            guard let limit = Int(match.4) else { return false }
            switch match.3 {
            case "<=", "<": return limit >= 40
            case ">", ">=": return limit <= 1
            default:
                ranges[String(match.2), default: FakeDataPlan.ValueRange()].pattern = "^[a-z]{\(limit)}$"
                return true
            }
        }
        guard columns.contains(column), words.count == 3 else { return false }
        let operation = words[1], operand = words[2]
        var range = ranges[column] ?? FakeDataPlan.ValueRange()
        switch operation {
        case ">", ">=", "<", "<=":
            if columns.contains(operand) {
                ordered.append(operation.hasPrefix("<") ? (column, operand) : (operand, column))
                return true
            }
            guard let value = Double(operand.replacingOccurrences(of: "'", with: "").split(separator: ":")[0]) else { return false }
            let step = operation.count == 1 ? (Double(Int(value)) == value ? 1.0 : 0.01) : 0
            if operation.hasPrefix(">") { range.minimum = max(range.minimum ?? -.infinity, value + step) } else { range.maximum = min(range.maximum ?? .infinity, value - step) }
        case "IN":
            range.allowed = literals(operand)
        case "<>", "!=":
            range.excluded += literals(operand + ")")
        case "~":
            guard let pattern = literals(operand + ")").first, PatternText.canGenerate(pattern) else { return false }
            range.pattern = pattern
        case "=":
            // `status = ANY (ARRAY['a', 'b'])`, the catalog's spelling of IN.
            guard operand.hasPrefix("ANY (ARRAY[") else { return false }
            range.allowed = literals(String(operand.dropFirst(5)))
        case "BETWEEN":
            let bounds = operand.components(separatedBy: " AND ")
            guard bounds.count == 2, let low = Double(bounds[0]), let high = Double(bounds[1]) else { return false }
            range.minimum = low
            range.maximum = high
        default:
            return false
        }
        ranges[column] = range
        return true
    }

    static func literals(_ text: String) -> [String] {
        var values: [String] = [], current = "", inString = false, previousQuote = false
        for character in text {
            if inString {
                if character == "'" { inString = false; previousQuote = true; continue }
                current.append(character)
            } else if character == "'" {
                if previousQuote { current.append("'") }
                inString = true
            } else {
                if previousQuote, character == "," || character == ")" || character == "]" || character == ":" {
                    values.append(current)
                    current = ""
                }
                if character.isNumber || character == "." || character == "-", !previousQuote {
                    current.append(character)
                } else if (character == "," || character == ")" || character == "]"), !current.isEmpty, !previousQuote {
                    values.append(current)
                    current = ""
                }
                if character != " " { previousQuote = false }
            }
        }
        if !current.isEmpty { values.append(current) }
        return values
    }

    static func balanced(_ text: String) -> Bool {
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1; if depth < 0 { return false } }
        }
        return depth == 0
    }

    /// Splits on `separator` outside parentheses and quotes.
    static func split(_ text: String, on separator: String) -> [String] {
        var parts: [String] = [], depth = 0, inString = false, start = text.startIndex, index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "'" { inString.toggle() }
            if !inString {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if depth == 0, text[index...].hasPrefix(separator) {
                    parts.append(String(text[start..<index]).trimmingCharacters(in: .whitespaces))
                    index = text.index(index, offsetBy: separator.count)
                    start = index
                    continue
                }
            }
            index = text.index(after: index)
        }
        parts.append(String(text[start...]).trimmingCharacters(in: .whitespaces))
        return parts
    }
}

/// Texts for the anchored regular expressions CHECKs commonly hold (`^[A-Z]{2}$`,
/// `^[0-9]{5}(-[0-9]{4})?$` without the group): character classes, `\\d`, `\\w`, literals,
/// `{n}`, `{n,m}`, `?`, `+` and `*`. Written by hand: generating text from a pattern is not
/// something Foundation or the machine's packages do.
enum PatternText {
    static func canGenerate(_ pattern: String) -> Bool { tokens(pattern) != nil }

    static func generate(_ pattern: String, using random: inout SeededRandom) -> String {
        var text = ""
        for (characters, minimum, maximum) in tokens(pattern) ?? [] {
            let count = minimum + random.below(maximum - minimum + 1)
            for _ in 0..<count { text.append(characters[random.below(characters.count)]) }
        }
        return text
    }

    /// Each piece: the characters it allows and how many times it repeats.
    static func tokens(_ pattern: String) -> [([Character], Int, Int)]? {
        var characters = Array(pattern)
        guard characters.first == "^", characters.last == "$" else { return nil }
        characters = Array(characters.dropFirst().dropLast())
        var result: [([Character], Int, Int)] = []
        var index = 0
        func range(_ from: Character, _ to: Character) -> [Character] {
            guard let low = from.asciiValue, let high = to.asciiValue, low <= high else { return [] }
            return (low...high).map { Character(UnicodeScalar($0)) }
        }
        while index < characters.count {
            var allowed: [Character]
            let character = characters[index]
            if character == "[" {
                guard let close = characters[index...].firstIndex(of: "]") else { return nil }
                allowed = []
                var inner = index + 1
                while inner < close {
                    if inner + 2 < close, characters[inner + 1] == "-" {
                        allowed += range(characters[inner], characters[inner + 2])
                        inner += 3
                    } else {
                        allowed.append(characters[inner])
                        inner += 1
                    }
                }
                index = close + 1
            } else if character == "\\", index + 1 < characters.count {
                switch characters[index + 1] {
                case "d": allowed = range("0", "9")
                case "w": allowed = range("a", "z") + range("0", "9")
                default: allowed = [characters[index + 1]]
                }
                index += 2
            } else if "()|.^$".contains(character) {
                return nil
            } else {
                allowed = [character]
                index += 1
            }
            guard !allowed.isEmpty else { return nil }
            var minimum = 1, maximum = 1
            if index < characters.count {
                switch characters[index] {
                case "?": minimum = 0; index += 1
                case "+": maximum = 8; index += 1
                case "*": minimum = 0; maximum = 8; index += 1
                case "{":
                    guard let close = characters[index...].firstIndex(of: "}") else { return nil }
                    let bounds = String(characters[(index + 1)..<close]).split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
                    guard let low = bounds.first ?? nil else { return nil }
                    minimum = low
                    maximum = bounds.count > 1 ? (bounds[1] ?? low + 8) : low
                    index = close + 1
                default: break
                }
            }
            result.append((allowed, minimum, maximum))
        }
        return result
    }
}
