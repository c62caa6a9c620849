import Crypto
import Foundation

/// One migration of a migrations folder: `NNNN_name.up.sql` and its `NNNN_name.down.sql`.
public struct Migration: Sendable, Equatable {
    /// The version its file name starts with.
    public var version: UInt64
    /// The rest of the file name (`add_users`).
    public var name: String
    package var upPath: String
    package let up: String
    package var downPath: String?
    package let down: String?
    /// SHA-256 (hex) of the up file's normalized text: what `strata_migrations.checksum` holds.
    package let checksum: String

    package init(version: UInt64, name: String, upPath: String, up: String, downPath: String? = nil, down: String? = nil) {
        self.version = version
        self.name = name
        self.upPath = upPath
        self.up = up
        self.downPath = downPath
        self.down = down
        self.checksum = MigrationChecksum.of(up)
    }
    /// `-- strata:no-transaction` on the up file's first line.
    package var upRunsOutsideTransaction: Bool { MigrationDirectives.noTransaction(up) }
    package var downRunsOutsideTransaction: Bool { down.map(MigrationDirectives.noTransaction) ?? false }

    /// `0042_add_orders_status`
    package var label: String { "\(MigrationSet.format(version, width: 4))_\(name)" }
}

/// The first-line directives of a migration file.
package enum MigrationDirectives {
    package static let noTransactionMarker = "strata:no-transaction"

    /// `-- strata:no-transaction` as the first line (a byte-order mark and blank lines before it allowed).
    package static func noTransaction(_ text: String) -> Bool {
        // Only the first non-blank line is read (linting calls this on every file).
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.firstIndex(where: \.isNewline) ?? rest.endIndex
            let line = rest[..<end]
            if !line.allSatisfy(\.isWhitespace) {
                let trimmed = line.trimming { $0.isWhitespace || $0 == "\u{FEFF}" }
                return trimmed.hasPrefix("--") && trimmed.dropFirst(2).trimmingWhitespace.hasPrefix(noTransactionMarker)
            }
            rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
        }
        return false
    }
}

/// The checksum of a migration: SHA-256 of its text with line endings normalized (CRLF and CR to
/// LF), a byte-order mark, trailing spaces and trailing blank lines dropped. So an editor or a git
/// checkout that changes only line endings or trailing blanks does not make a file "edited";
/// any change a server could see does.
package enum MigrationChecksum {
    package static func of(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(normalize(text).utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    package static func normalize(_ text: String) -> String {
        var body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        body = body.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = Substring(line)
            while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            return line
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

/// A migrations folder, read: every `NNNN_name.up.sql` with its down file, in version order.
public struct MigrationSet: Sendable {
    /// The folder.
    public var directory: String
    /// Its migrations, by version.
    public var migrations: [Migration]

    package init(directory: String, migrations: [Migration]) {
        self.directory = directory
        self.migrations = migrations
    }

    /// Reads `directory`. Refuses two files with one version, an up file with no version number,
    /// and a down file with no up file: each would otherwise be silently skipped or run twice.
    public static func load(directory: String) throws(InputError) -> MigrationSet {
        guard FileSystem.isDirectory(directory) == true else {
            throw InputError(path: directory, message: "no migrations folder here: create it, or name the folder that holds the migrations", code: .missingMigrationsFolder)
        }
        let names: [String]
        do { names = try FileSystem.contentsOfDirectory(directory) } catch {
            throw InputError(path: directory, message: "cannot list the folder: \(error)")
        }
        let path = { (name: String) in directory.appendingPathComponent(name) }
        // Another tool's layout (diesel, dbmate, goose, Flyway, Prisma, ...): read as it is kept.
        if !names.contains(where: { $0.hasSuffix(".up.sql") }), names.contains(where: { !$0.hasPrefix(".") }) {
            return try loadLayout(directory: directory)
        }
        var migrations: [UInt64: Migration] = [:]
        for name in names.sorted() where name.hasSuffix(".up.sql") {
            let stem = String(name.dropLast(".up.sql".count))
            guard let (version, title) = parse(stem) else {
                let digits = stem.prefix { $0.isASCII && $0.isNumber }
                throw InputError(path: path(name), message: digits.count > 19
                    ? "version \(digits) has \(digits.count) digits: Strata's history table keeps versions of up to 19 digits (pop's 20-digit versions cannot be run by `strata migrate`; lint and review read them)"
                    : "a migration's name must start with its version number: NNNN_name.up.sql")
            }
            if let other = migrations[version] {
                throw InputError(path: path(name), message: "version \(version) is also \(other.upPath); each version must be unique")
            }
            let downName = stem + ".down.sql"
            let hasDown = names.contains(downName)
            migrations[version] = Migration(
                version: version, name: title, upPath: path(name), up: try SchemaLoader.read(path(name)),
                downPath: hasDown ? path(downName) : nil, down: hasDown ? try SchemaLoader.read(path(downName)) : nil)
        }
        // A .sql file outside the convention would be skipped silently: refuse it instead.
        if let stray = names.sorted().first(where: { $0.hasSuffix(".sql") && !$0.hasSuffix(".up.sql") && !$0.hasSuffix(".down.sql") }) {
            throw InputError(path: path(stray), message: "not a migration file name: expected NNNN_name.up.sql and NNNN_name.down.sql")
        }
        for name in names.sorted() where name.hasSuffix(".down.sql") {
            let up = String(name.dropLast(".down.sql".count)) + ".up.sql"
            if !names.contains(up) { throw InputError(path: path(name), message: "a down migration without its up file (\(up))") }
        }
        return MigrationSet(directory: directory, migrations: migrations.values.sorted { $0.version < $1.version })
    }

    /// A folder in another tool's layout, as migrations the runner can apply: integer versions,
    /// each up (or up section) with its down when the layout has one.
    static func loadLayout(directory: String) throws(InputError) -> MigrationSet {
        let (layout, files) = try MigrationLayout.read(folder: directory)
        var migrations: [Migration] = []
        for file in files {
            guard let sortVersion = file.sortVersion else {
                throw InputError(path: file.upPath, message: "\(layout.rawValue): a migration without a version (a repeatable or unnumbered file) cannot be run in order by `strata migrate`")
            }
            guard let version = sortVersion.integer else {
                throw InputError(path: file.upPath, message: "\(layout.rawValue): version \(sortVersion) is not an integer of up to 19 digits, which Strata's history table keeps; lint and review read it")
            }
            migrations.append(Migration(version: version, name: file.name, upPath: file.upPath, up: try file.readUp(),
                                        downPath: file.downPath, down: try file.readDown()))
        }
        return MigrationSet(directory: directory, migrations: migrations)
    }

    /// `0042_add_orders` -> (42, "add_orders")
    package static func parse(_ stem: String) -> (UInt64, String)? {
        let digits = stem.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let version = UInt64(digits) else { return nil }
        var rest = stem.dropFirst(digits.count)
        if rest.first == "_" || rest.first == "-" { rest = rest.dropFirst() }
        return (version, String(rest))
    }

    package static func format(_ version: UInt64, width: Int) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Writes `NNNN_name.up.sql` and `NNNN_name.down.sql` for the next version (the newest plus one,
    /// as wide as the existing ones, 4 digits at least) and returns their paths.
    package static func create(name: String, in directory: String) throws(InputError) -> (up: String, down: String) {
        let slug = name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            .split(separator: "_", omittingEmptySubsequences: true).joined(separator: "_")
        guard !slug.isEmpty else { throw InputError(path: directory, message: "a migration needs a name made of letters or digits") }
        do { try FileSystem.createDirectories(directory) } catch {
            throw InputError(path: directory, message: "cannot create the folder: \(error)")
        }
        let existing = try load(directory: directory)
        let width = max(4, existing.migrations.map { $0.upPath.lastPathComponent.prefix { $0.isNumber }.count }.max() ?? 4)
        let version = (existing.migrations.last?.version ?? 0) + 1
        let stem = "\(format(version, width: width))_\(slug)"
        let up = directory.appendingPathComponent(stem + ".up.sql")
        let down = directory.appendingPathComponent(stem + ".down.sql")
        let upText = """
            -- \(stem): up. Runs in one transaction with its history row; put
            -- `-- strata:no-transaction` on the first line for CREATE INDEX CONCURRENTLY and the like.
            SET lock_timeout = '5s';


            """
        let downText = """
            -- \(stem): down. Must give back exactly the schema before the up file (`strata migrate verify`).


            """
        for (path, text) in [(up, upText), (down, downText)] {
            do { try FileSystem.writeText(text, to: path) } catch {
                throw InputError(path: path, message: "cannot write the file: \(error)")
            }
        }
        return (up, down)
    }
}
