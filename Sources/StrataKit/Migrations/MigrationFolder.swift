import Foundation

/// One migration: an up file, its down file when there is one.
package struct MigrationFile: Sendable {
    package var version: UInt64?
    package var upPath: String
    package var downPath: String?
    /// Part of a migrations folder (so it is expected to have a down file and known history).
    package var inFolder: Bool
}

package enum MigrationFolder {
    /// Folders become their `NNNN_name.up.sql` files in version order (paired with `.down.sql`);
    /// single files are linted alone, with no history.
    package static func discover(_ paths: [String]) throws(InputError) -> [MigrationFile] {
        var result: [MigrationFile] = []
        for path in paths {
            guard let isDirectory = FileSystem.isDirectory(path) else {
                throw InputError(path: path, message: "no such file or directory")
            }
            guard isDirectory else {
                let name = path.lastPathComponent
                result.append(MigrationFile(version: SchemaLoader.versionNumber(name), upPath: path, downPath: nil, inFolder: false))
                continue
            }
            let names: [String]
            do { names = try FileSystem.contentsOfDirectory(path) } catch {
                throw InputError(path: path, message: "cannot list the folder: \(error)")
            }
            let downs = Set(names.filter { $0.hasSuffix(".down.sql") })
            var ups = names.filter { $0.hasSuffix(".up.sql") }
            // A folder of plain .sql files (no up/down convention): each file is a migration.
            let plain = ups.isEmpty
            if plain { ups = names.filter { $0.hasSuffix(".sql") && !$0.hasSuffix(".down.sql") } }
            // Prisma Migrate's layout: a folder a migration, `20240101000000_init/migration.sql`.
            if ups.isEmpty {
                for name in names.sorted() where FileSystem.isDirectory(path.appendingPathComponent(name).appendingPathComponent("migration.sql")) == false {
                    result.append(MigrationFile(version: SchemaLoader.versionNumber(name), upPath: path.appendingPathComponent(name).appendingPathComponent("migration.sql"),
                                                downPath: nil, inFolder: false))
                }
                continue
            }
            for name in ups.sorted(by: SchemaLoader.versionOrder) {
                let down = String(name.dropLast(".up.sql".count)) + ".down.sql"
                result.append(MigrationFile(
                    version: SchemaLoader.versionNumber(name), upPath: path.appendingPathComponent(name),
                    downPath: !plain && downs.contains(down) ? path.appendingPathComponent(down) : nil,
                    inFolder: !plain))
            }
        }
        return result
    }
}
