/// Column types spelled the way PostgreSQL's `format_type` prints them, so a model built
/// from SQL files compares equal to one read from the catalog.
package enum TypeNames {
    /// Internal names of built-in types, and the SQL-standard spelling `format_type` uses.
    static let builtinSpellings: [String: String] = [
        "int2": "smallint", "int4": "integer", "int8": "bigint", "int": "integer", "integer": "integer",
        "smallint": "smallint", "bigint": "bigint",
        "float4": "real", "float8": "double precision", "real": "real",
        "bool": "boolean", "boolean": "boolean",
        "varchar": "character varying", "bpchar": "character",
        "timestamptz": "timestamp with time zone", "timestamp": "timestamp without time zone",
        "timetz": "time with time zone", "time": "time without time zone",
        "varbit": "bit varying", "bit": "bit", "numeric": "numeric", "decimal": "numeric",
        "interval": "interval",
    ]

    /// Built-in types that need no schema: known to every database, never user-defined.
    static let unqualifiedBuiltins: Set<String> = [
        "text", "uuid", "json", "jsonb", "bytea", "date", "money", "inet", "cidr", "macaddr", "macaddr8",
        "xml", "tsvector", "tsquery", "point", "line", "lseg", "box", "path", "polygon", "circle",
        "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange", "oid", "name",
        "regclass", "pg_lsn", "txid_snapshot", "record", "trigger", "void", "anyelement", "cstring",
    ]

    /// Btree and hash operator classes that are the default for their type: writing one out
    /// changes nothing, and PostgreSQL does not print it back.
    package static let defaultOperatorClasses: Set<String> = [
        "int2_ops", "int4_ops", "int8_ops", "float4_ops", "float8_ops", "numeric_ops", "text_ops", "varchar_ops", "bpchar_ops",
        "name_ops", "bool_ops", "date_ops", "timestamp_ops", "timestamptz_ops", "time_ops", "timetz_ops", "interval_ops",
        "uuid_ops", "bytea_ops", "oid_ops", "char_ops", "inet_ops", "jsonb_ops", "enum_ops", "money_ops",
    ]

    package static func canonical(names: [String], modifiers: [String], arrayDimensions: Int, percentType: Bool) -> TypeReference {
        var schema: String? = names.count > 1 ? names[names.count - 2] : nil
        let raw = names.last ?? "unknown"
        // `char(n)` arrives as pg_catalog.bpchar; a bare `bpchar` is unbounded; `"char"` is the one-byte type.
        if names == ["char"] { return TypeReference(schema: nil, name: "\"char\"", arrayDimensions: arrayDimensions, serial: nil) }
        if names == ["bpchar"], modifiers.isEmpty { return TypeReference(schema: nil, name: "bpchar", arrayDimensions: arrayDimensions, serial: nil) }
        if schema == "pg_catalog" { schema = nil }
        if schema == nil, let serial = TypeReference.SerialKind(rawValue: serialAlias(raw)) {
            return TypeReference(schema: nil, name: serial.underlyingType, arrayDimensions: arrayDimensions, serial: serial)
        }
        guard schema == nil, let spelling = builtinSpellings[raw] else {
            return TypeReference(schema: schema, name: raw + (percentType ? "%TYPE" : ""), arrayDimensions: arrayDimensions, serial: nil)
        }
        return TypeReference(schema: nil, name: withModifiers(raw: raw, spelling: spelling, modifiers: modifiers),
                             arrayDimensions: arrayDimensions, serial: nil)
    }

    /// Whether `name` is a built-in type as `canonical` spells it: `integer`, `character varying(20)`,
    /// `timestamp(3) with time zone`, `numeric(10,2)`; a user type's name never is.
    package static func isBuiltinSpelling(_ name: String) -> Bool {
        if builtinSpellings.values.contains(name) || name == "bpchar" || name == "\"char\"" { return true }
        // The spelling with its modifiers: the base, then digits and commas in parentheses.
        guard let open = name.firstIndex(of: "("), let close = name.firstIndex(of: ")"), open < close else { return false }
        let base = String(name[..<open]), rest = name[name.index(after: close)...]
        let modifiers = name[name.index(after: open)..<close]
        guard !modifiers.isEmpty, modifiers.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == "-") }) else { return false }
        return builtinSpellings.values.contains(base + rest) || builtinSpellings.values.contains(base)
    }

    /// An unqualified type name as SQL writes it: a built-in or a `%TYPE` reference as spelled, any
    /// other name (a user type) quoted where needed.
    package static func unqualifiedSpelling(_ name: String) -> String {
        isBuiltin(name) || name.hasSuffix("%TYPE") ? name : quoteIdentifierIfNeeded(name)
    }

    /// A built-in type, spelled as `canonical` spells it or known by its bare name (`text`, `uuid`).
    package static func isBuiltin(_ name: String) -> Bool {
        isBuiltinSpelling(name) || unqualifiedBuiltins.contains(name)
    }

    static func serialAlias(_ name: String) -> String {
        switch name {
        case "serial4": "serial"
        case "serial8": "bigserial"
        case "serial2": "smallserial"
        default: name
        }
    }

    static func withModifiers(raw: String, spelling: String, modifiers: [String]) -> String {
        // Type modifiers of built-in types are integers; anything else is not a type PostgreSQL has,
        // and is never copied into SQL.
        let modifiers = modifiers.filter { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-") } }
        switch raw {
        case "timestamptz", "timestamp", "timetz", "time":
            // Six digits is the precision these types have without one (microseconds): `timestamp(6)`
            // stores and compares exactly as `timestamp`, so both are spelled the same.
            guard let precision = modifiers.first, precision != "6" else { return spelling }
            let parts = spelling.split(separator: " ", maxSplits: 1)
            return "\(parts[0])(\(precision)) \(parts[1])"
        case "bpchar":
            // `char` with no length is character(1).
            return "character(\(modifiers.first ?? "1"))"
        case "numeric", "decimal":
            if modifiers.count == 1 { return "numeric(\(modifiers[0]),0)" }
            if modifiers.count >= 2 { return "numeric(\(modifiers[0]),\(modifiers[1]))" }
            return spelling
        case "interval":
            return spelling
        default:
            return modifiers.isEmpty ? spelling : "\(spelling)(\(modifiers.joined(separator: ",")))"
        }
    }
}

extension TypeReference {
    package init(name: String, arrayDimensions: Int) {
        self.init(schema: nil, name: name, arrayDimensions: arrayDimensions, serial: nil)
    }

    /// `integer`, `public.mood[]`: the type as a column definition would print it.
    package var displayName: String {
        let base = schema.map { "\(quoteIdentifierIfNeeded($0)).\(quoteIdentifierIfNeeded(name))" } ?? TypeNames.unqualifiedSpelling(name)
        return base + String(repeating: "[]", count: arrayDimensions)
    }
}
