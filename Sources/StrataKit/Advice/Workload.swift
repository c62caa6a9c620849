/// Queries with their relative frequencies: what index advice is judged against.
package struct Workload: Sendable {
    package struct Query: Sendable, Hashable {
        package var text: String
        package var weight: Double
        /// `file:line` or `pg_stat_statements`, for messages.
        package var origin: String

        package init(text: String, weight: Double, origin: String) {
            self.text = text
            self.weight = weight
            self.origin = origin
        }
    }

    package var queries: [Query]

    package init(queries: [Query]) { self.queries = queries }

    /// A workload file: SQL statements separated by `;`, each optionally preceded by
    /// `-- weight: N` (its relative frequency, default 1). `$1`-style parameters are allowed.
    package static func parse(path: String, text: String) throws(InputError) -> Workload {
        let file = PostgresParser.parse(path: path, text: text)
        if let error = file.syntaxErrors.first {
            throw InputError(path: "\(path):\(error.location.line):\(error.location.column)", message: "syntax error: \(error.message)")
        }
        let bytes = Array(text.utf8)
        var queries: [Query] = []
        var previousEnd = 0
        for statement in file.statements {
            let range = statement.range.clamped(to: 0..<bytes.count)
            let sql = String(decoding: bytes[range], as: UTF8.self)
            // The marker is in the comments before the statement (which the statement's range may include).
            let before = String(decoding: bytes[min(previousEnd, range.lowerBound)..<range.lowerBound], as: UTF8.self)
            let leading = sql.split(separator: "\n").prefix { $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") || $0.trimmingCharacters(in: .whitespaces).isEmpty }
            var weight = 1.0
            for line in before.split(separator: "\n") + leading {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("--"), let marker = trimmed.range(of: "weight:") else { continue }
                guard let value = Double(trimmed[marker.upperBound...].trimmingCharacters(in: .whitespaces)), value > 0 else {
                    throw InputError(path: "\(path):\(statement.location.line)", message: "a weight is a positive number: \(trimmed)")
                }
                weight = value
            }
            queries.append(Query(text: sql, weight: weight, origin: "\(path):\(statement.location.line)"))
            previousEnd = range.upperBound
        }
        return Workload(queries: queries)
    }
}
