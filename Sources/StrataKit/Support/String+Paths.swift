/// Path arithmetic on plain strings. StrataKit keeps paths as the user typed them (messages name
/// `migrations/0042_x.up.sql`, not an absolute URL), and uses only FoundationEssentials, which has
/// no `NSString` path methods; these are the three Strata needs.
extension String {
    /// The last component: `"db/migrations/0001_init.up.sql"` -> `"0001_init.up.sql"`.
    package var lastPathComponent: String {
        let path = withoutTrailingSlashes
        guard let slash = path.lastIndex(of: "/"), path != "/" else { return String(path) }
        return String(path[path.index(after: slash)...])
    }

    /// `"migrations"` + `"0001_init.up.sql"` -> `"migrations/0001_init.up.sql"`, with one slash between.
    package func appendingPathComponent(_ name: String) -> String {
        if isEmpty { return name }
        return hasSuffix("/") ? self + name : self + "/" + name
    }

    /// The folder that holds the path: `"db/strata.toml"` -> `"db"`, `"strata.toml"` -> `""`.
    package var deletingLastPathComponent: String {
        let path = withoutTrailingSlashes
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `"db/"` -> `"db"`; the root `"/"` stays.
    private var withoutTrailingSlashes: Substring {
        var path = Substring(self)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return path
    }
}
