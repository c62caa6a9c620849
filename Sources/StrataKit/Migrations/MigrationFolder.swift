import Foundation

/// One migration: an up file (or an up section), its down when there is one.
package struct MigrationFile: Sendable {
    /// The version as a 64-bit integer, when it is one (Flyway's dotted and pop's 20-digit versions are not).
    package var version: UInt64?
    /// The version in full, for ordering.
    package var sortVersion: MigrationVersion?
    /// The file or folder name the migration was read from.
    package var name: String
    package var upPath: String
    package var downPath: String?
    /// Part of a migrations folder (so it is expected to have a down file and known history).
    package var inFolder: Bool
    package var layout: MigrationLayout?
    /// A single-file layout's up section (the file with its other lines blank); nil: the whole up file.
    package var upText: String?
    /// A single-file layout's down section.
    package var downText: String?

    package init(version: UInt64?, upPath: String, downPath: String?, inFolder: Bool) {
        self.version = version
        self.sortVersion = version.map { MigrationVersion(Substring(String($0)))! }
        self.name = upPath.lastPathComponent
        self.upPath = upPath
        self.downPath = downPath
        self.inFolder = inFolder
    }

    package init(sortVersion: MigrationVersion?, name: String, upPath: String, downPath: String?, inFolder: Bool,
                 layout: MigrationLayout, upText: String? = nil, downText: String? = nil) {
        self.version = sortVersion?.integer
        self.sortVersion = sortVersion
        self.name = name
        self.upPath = upPath
        self.downPath = downPath
        self.inFolder = inFolder
        self.layout = layout
        self.upText = upText
        self.downText = downText
    }

    /// The up migration's text: its section, or the whole file.
    package func readUp() throws(InputError) -> String {
        if let upText { return upText }
        return try SchemaLoader.read(upPath)
    }

    /// The down migration's text, when there is one.
    package func readDown() throws(InputError) -> String? {
        if let downText { return downText }
        guard let downPath else { return nil }
        return try SchemaLoader.read(downPath)
    }
}

package enum MigrationFolder {
    /// Folders become their migrations in version order, in whatever layout they are kept
    /// (``MigrationLayout``); single files are linted alone, with no history.
    package static func discover(_ paths: [String]) throws(InputError) -> [MigrationFile] {
        try discoverWithLayouts(paths).flatMap(\.files)
    }

    /// The same, with each folder's layout (single files have none).
    package static func discoverWithLayouts(_ paths: [String]) throws(InputError) -> [(path: String, layout: MigrationLayout?, files: [MigrationFile])] {
        var result: [(path: String, layout: MigrationLayout?, files: [MigrationFile])] = []
        for path in paths {
            guard let isDirectory = FileSystem.isDirectory(path) else {
                throw InputError(path: path, message: "no such file or directory")
            }
            guard isDirectory else {
                let name = path.lastPathComponent
                result.append((path, nil, [MigrationFile(version: SchemaLoader.versionNumber(name), upPath: path, downPath: nil, inFolder: false)]))
                continue
            }
            let (layout, files) = try MigrationLayout.read(folder: path)
            result.append((path, layout, files))
        }
        return result
    }
}
