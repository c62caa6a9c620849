/// IP addresses belong in `inet`.
struct IPAddressAsTextRule: SchemaRule {
    static let description = RuleDescription(
        id: "ip-address-as-text", severity: .warning,
        summary: "An IP address stored as text",
        rationale: "inet validates its input, stores an IPv4 address in 7 bytes and IPv6 in 19, compares and sorts numerically, and answers subnet questions (`<<`, `>>=`) with an index; as varchar an address accepts anything, sorts 10.0.0.10 before 10.0.0.9 and needs LIKE for a subnet. Only columns whose name says IP (`ip`, `ip_address`, `client_ip`, `remote_addr`) are flagged: a generic `address` may hold a host name or a mail address.",
        howToFix: "Convert with `ALTER COLUMN ... TYPE inet USING nullif(column, '')::inet`; the fix checks first that every value is an address and changes nothing otherwise.",
        triggeringExamples: [
            "CREATE TABLE logins (id bigint PRIMARY KEY, ↓ip_address varchar(45) NOT NULL);",
            "CREATE TABLE hits (id bigint PRIMARY KEY, ↓remote_addr text);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE logins (id bigint PRIMARY KEY, ip_address inet NOT NULL);",
            "CREATE TABLE contacts (id bigint PRIMARY KEY, address text, email_address text, zip varchar(10));",
            "CREATE TABLE tunnels (id bigint PRIMARY KEY, ip_count integer, vip text);",
        ])

    static func namesAddress(_ name: String) -> Bool {
        let words = TableRole.nameWords(name)
        if ["remote_addr", "client_addr", "remoteaddr", "clientaddr", "ipaddr", "ipaddress"].contains(name.lowercased()) { return true }
        return words.contains { ["ip", "ipv4", "ipv6", "ip4", "ip6", "ipaddr", "ipaddress"].contains($0) }
            && !words.contains { ["count", "counts", "num", "number", "version", "type", "pool", "range", "list"].contains($0) }
    }

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table in
            table.columns.filter { column in
                SchemaFacts.isTextual(column) && Self.namesAddress(column.name) && (SchemaFacts.declaredLength(of: column.type) ?? 45) >= 15
            }.map { column in
                let name = quoteIdentifierIfNeeded(column.name)
                let check = SchemaFacts.stopIf(
                    "EXISTS (SELECT 1 FROM \(table.name.sql) WHERE nullif(\(name), '') !~ '^[0-9A-Fa-f:.]+(/[0-9]+)?$')",
                    raising: "some values of %.% are not IP addresses: clean them first",
                    [quoteLiteral(table.name.description), quoteLiteral(column.name)])
                var steps: [String] = []
                if column.defaultExpression != nil { steps.append("ALTER COLUMN \(name) DROP DEFAULT") }
                steps.append("ALTER COLUMN \(name) TYPE inet USING nullif(\(name), '')::inet")
                return Self.description.finding(
                    "\(table.name).\(column.name) holds IP addresses as \(column.type); use inet",
                    at: column.location, object: context.object(table, column.name),
                    fix: check + "\nALTER TABLE \(table.name.sql) " + steps.joined(separator: ", ") + ";")
            }
        }
    }
}
