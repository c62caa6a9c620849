/// One conjunct of a WHERE clause, a plan's Filter or a join condition, in the terms an index
/// decision needs: which column (or expression) it constrains and how.
package struct SQLPredicate: Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable {
        /// `col = value`, `col IN (...)`, `col = ANY (...)`.
        case equality
        /// `col < value`, `col >= value`, `BETWEEN`.
        case range
        case isNull, isNotNull
        /// `col LIKE 'abc%'` (a B-tree with text_pattern_ops serves it).
        case prefixLike
        /// `col LIKE '%abc'`: no B-tree can; a trigram GIN index can.
        case infixLike
        /// `a.x = b.y`: a join condition.
        case join
        /// `a = 1 OR b = 2`: across columns, one index cannot serve it.
        case orAcrossColumns
        /// `doc @> '{...}'`, `tags && ARRAY[...]`, `doc ? 'key'`: a GIN index serves it.
        case containment
        case other
    }

    package var kind: Kind
    /// The column constrained (casts to text types seen through), if the left side is a column.
    package var column: String?
    /// An indexable expression on a column, `lower(email)`, when the left side is one.
    package var expression: String?
    /// `(id)::text = '5'`: a cast on the column that keeps a plain index on it from being used.
    package var castColumn: String?
    /// The other column of a join condition.
    package var otherColumn: String?
    /// The table or alias a plan qualifies each column with (`o.customer_id`), if any.
    package var qualifier: String?
    package var otherQualifier: String?
    /// The columns of an OR across columns.
    package var orColumns: [String] = []
    /// The constant compared with, as written (`'open'::text`, `42`), for partial-index candidates.
    package var constant: String?
    /// The conjunct as text.
    package var text: String

    package init(kind: Kind, column: String? = nil, text: String) {
        self.kind = kind
        self.column = column
        self.text = text
    }

    /// The predicates of a boolean expression (`(a = 1) AND (b IS NULL)`), as PostgreSQL prints a
    /// plan's Filter or Index Cond, or as written in a WHERE clause. nil when it does not parse.
    package static func conjuncts(of text: String) -> [SQLPredicate]? {
        PostgresParser.predicates(text)
    }
}
