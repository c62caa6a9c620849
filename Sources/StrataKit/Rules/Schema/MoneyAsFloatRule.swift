/// Money is exact: numeric (or integer minor units), never binary floating point.
struct MoneyAsFloatRule: SchemaRule {
    static let description = RuleDescription(
        id: "money-as-float", severity: .error,
        summary: "Money stored as real/double precision or the money type",
        rationale: "Binary floating point cannot represent 0.10 exactly: sums drift and totals stop matching invoices. The money type depends on the lc_monetary setting and cannot hold a currency. Use numeric(p,s) or integer cents.",
        triggeringExamples: [
            "CREATE TABLE orders (id bigint PRIMARY KEY, ↓total double precision NOT NULL);",
            "CREATE TABLE orders (id bigint PRIMARY KEY, ↓price money);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL, total_cents bigint);",
            "CREATE TABLE points (id bigint PRIMARY KEY, latitude double precision);",
            // Durations and counts are measurements, not money, whatever word they share.
            "CREATE TABLE matchstat (id bigint PRIMARY KEY, luck_total double precision, error_total_normalised double precision);",
            "CREATE TABLE statements (id bigint PRIMARY KEY, total_exec_time double precision, mean_time_ms real, total_count double precision);",
        ])

    static let moneyWords: Set<String> = ["price", "amount", "cost", "balance", "fee", "salary", "money", "revenue", "payment", "subtotal", "refund", "wage"]
    /// Words that are money only where the table deals in money (`orders.total`, not a game's
    /// `luck_total` or an error's `error_total`).
    static let contextualMoneyWords: Set<String> = ["total", "tax", "discount", "charge", "charges"]
    /// Table-name words of commerce: where `total` is an amount.
    static let commerceWords: Set<String> = ["order", "orders", "invoice", "invoices", "payment", "payments", "cart", "carts", "bill", "bills",
                                             "billing", "purchase", "purchases", "sale", "sales", "subscription", "subscriptions", "ledger",
                                             "transaction", "transactions", "receipt", "receipts", "quote", "quotes", "product", "products",
                                             "price", "prices", "checkout", "refund", "refunds", "charge", "charges", "expense", "expenses"]
    /// Words of measurements that share a money word (`total_exec_time`, `cost_ms`, `total_count`).
    static let measurementWords: Set<String> = ["time", "times", "duration", "ms", "msec", "millis", "us", "usec", "sec", "secs",
        "seconds", "elapsed", "latency", "count", "calls", "rows", "ratio", "rate", "percent", "pct", "weight", "score", "size",
        "bytes", "blocks", "pages", "tokens"]

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.filter { column in
                if column.type == "money" { return true }
                guard column.type == "real" || column.type == "double precision" else { return false }
                let parts = Set(column.name.lowercased().split(separator: "_").map(String.init))
                guard parts.isDisjoint(with: Self.measurementWords) else { return false }
                if !parts.isDisjoint(with: Self.moneyWords) { return true }
                return !parts.isDisjoint(with: Self.contextualMoneyWords)
                    && !Set(TableRole.nameWords(table.name.name)).isDisjoint(with: Self.commerceWords)
            }.map { column in
                Self.description.finding(
                    "\(table.name).\(column.name) holds money as \(column.type); use numeric (exact) or integer minor units",
                    at: column.location, object: context.object(table, column.name),
                    // Unconstrained numeric: no value overflows or is rounded by the conversion;
                    // add a precision once the largest amount is known.
                    fix: "ALTER TABLE \(table.name.sql) ALTER COLUMN \(quoteIdentifierIfNeeded(column.name)) TYPE numeric USING \(quoteIdentifierIfNeeded(column.name))::numeric;")
            }
        }
    }
}
