/// An index worth trying: keys in the order that serves the most (equality columns, then one
/// range column, then the sort), a partial predicate for a constant condition such as a soft
/// delete, INCLUDE columns, and the method.
package struct IndexCandidate: Sendable, Hashable {
    package var table: QualifiedName
    /// Columns or expressions (`lower(email)`), in index order; `col DESC` where a sort needs it.
    package var keys: [String]
    package var include: [String] = []
    /// `deleted_at IS NULL`: rows the queries never want stay out of the index.
    package var predicate: String?
    /// `btree`, `gin`, `brin`.
    package var method: String = "btree"
    /// `gin_trgm_ops` for trigram LIKE, applied to every key.
    package var operatorClass: String?

    package init(table: QualifiedName, keys: [String], include: [String] = [], predicate: String? = nil, method: String = "btree", operatorClass: String? = nil) {
        self.table = table
        self.keys = keys
        self.include = include
        self.predicate = predicate
        self.method = method
        self.operatorClass = operatorClass
    }

    /// `orders_tenant_id_created_at_idx`, as PostgreSQL would name it (`..._partial_idx` with a predicate).
    package var name: String {
        let columns = keys.map { key in
            key.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).filter { $0.uppercased() != "DESC" && $0.uppercased() != "ASC" }.joined(separator: "_")
        }
        // A partial, covering or block-range index is another index than the plain one on the
        // same keys: its own name.
        var suffix = predicate == nil ? "" : "_partial"
        if !include.isEmpty { suffix += "_covering" }
        if method == "brin" { suffix += "_brin" }
        return ImplicitNames.makeObjectName(table.name, columns.joined(separator: "_") + suffix, "idx")
    }

    var keyList: String {
        keys.map { key in
            let isExpression = key.contains("(")
            let text = isExpression && !key.hasPrefix("(") ? "(\(key))" : key.split(separator: " ").enumerated().map { $0.offset == 0 ? quoteIdentifierIfNeeded(String($0.element)) : String($0.element) }.joined(separator: " ")
            return text + (operatorClass.map { " \($0)" } ?? "")
        }.joined(separator: ", ")
    }

    /// `CREATE INDEX CONCURRENTLY IF NOT EXISTS name ON table USING method (keys) INCLUDE (...) WHERE ...;`
    package func sql(concurrently: Bool = true) -> String {
        var text = "CREATE INDEX \(concurrently ? "CONCURRENTLY IF NOT EXISTS " : "")\(quoteIdentifierIfNeeded(name)) ON \(table.sql)"
        if method != "btree" { text += " USING \(method)" }
        text += " (\(keyList))"
        if !include.isEmpty { text += " INCLUDE (\(include.map(quoteIdentifierIfNeeded).joined(separator: ", ")))" }
        if let predicate { text += " WHERE \(predicate)" }
        return text + ";"
    }

    /// For HypoPG, which takes the plain statement.
    package var hypotheticalSQL: String { sql(concurrently: false) }

    /// The candidates a scan's filter and the sort above it suggest: the full multi-column index
    /// (equality, range, sort), with a partial predicate for IS NULL / IS NOT NULL conditions, and
    /// its single-column prefix; a trigram GIN index for a leading-wildcard LIKE; an expression
    /// index for a function of a column.
    package static func from(filter: String?, indexCondition: String? = nil, sortKeys: [String] = [], on table: QualifiedName) -> [IndexCandidate] {
        let predicates = (filter.flatMap(SQLPredicate.conjuncts(of:)) ?? []) + (indexCondition.flatMap(SQLPredicate.conjuncts(of:)) ?? [])
        var equality: [String] = [], range: [String] = [], partial: [String] = []
        var result: [IndexCandidate] = []
        var patternColumns: [String] = []
        for predicate in predicates {
            let key = predicate.expression ?? predicate.column
            switch predicate.kind {
            case .equality: if let key, !equality.contains(key) { equality.append(key) }
            case .range: if let key, !range.contains(key) { range.append(key) }
            case .prefixLike:
                // A prefix LIKE uses a B-tree only with text_pattern_ops (or the C collation).
                if let column = predicate.column, !patternColumns.contains(column) { patternColumns.append(column) }
            case .containment:
                if let column = predicate.column {
                    let jsonb = predicate.text.contains("@>") && (predicate.constant?.hasPrefix("'{") ?? false)
                    result.append(IndexCandidate(table: table, keys: [column], method: "gin", operatorClass: jsonb ? "jsonb_path_ops" : nil))
                }
            case .isNull, .isNotNull: partial.append(predicate.text)
            case .infixLike:
                if let column = predicate.column {
                    result.append(IndexCandidate(table: table, keys: [column], method: "gin", operatorClass: "gin_trgm_ops"))
                }
            default: break
            }
        }
        var keys = equality
        if let first = range.first { keys.append(first) }
        // The sort follows only when nothing ranges before it (else the index order does not match).
        let sortColumns = sortKeys.compactMap { key -> String? in
            let parts = key.split(separator: " ")
            guard let column = parts.first.map(String.init), !column.contains("(") else { return nil }
            let bare = column.split(separator: ".").last.map(String.init) ?? column
            return parts.count > 1 ? "\(bare) \(parts.dropFirst().joined(separator: " "))" : bare
        }
        if range.isEmpty {
            for column in sortColumns where !keys.contains(column) && !keys.contains(column.split(separator: " ")[0].description) { keys.append(column) }
        }
        let predicate = partial.isEmpty ? nil : partial.joined(separator: " AND ")
        for column in patternColumns {
            result.append(IndexCandidate(table: table, keys: [column], predicate: predicate, operatorClass: "text_pattern_ops"))
        }
        if !keys.isEmpty {
            result.insert(IndexCandidate(table: table, keys: keys, predicate: predicate), at: 0)
            if keys.count > 1 { result.append(IndexCandidate(table: table, keys: [keys[0]], predicate: predicate)) }
        } else if let predicate, let column = predicates.first(where: { $0.kind == .isNull || $0.kind == .isNotNull })?.column {
            result.append(IndexCandidate(table: table, keys: [column], predicate: predicate))
        }
        return result
    }
}
