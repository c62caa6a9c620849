import Foundation

/// Path arithmetic on plain strings: StrataKit keeps paths as the user typed them (messages name
/// `migrations/0042_x.up.sql`, not an absolute URL).
extension String {
    /// `"db/migrations/0001_init.up.sql"` -> `"0001_init.up.sql"`.
    package var lastPathComponent: String { (self as NSString).lastPathComponent }

    /// `"migrations"` + `"0001_init.up.sql"` -> `"migrations/0001_init.up.sql"`.
    package func appendingPathComponent(_ name: String) -> String {
        isEmpty ? name : (self as NSString).appendingPathComponent(name)
    }

    /// `"db/strata.toml"` -> `"db"`, `"strata.toml"` -> `""`.
    package var deletingLastPathComponent: String { (self as NSString).deletingLastPathComponent }
}
