import Foundation

/// The repository the tests run in: its root, files in it, and the built `strata` binary.
public enum Repository {
    /// The folder holding Package.swift (this file is Sources/StrataTestSupport/Repository.swift).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// An absolute path for a path relative to the root.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The binary the CLI tests run: `STRATA_BINARY` when set (a release build, an installed copy),
    /// else the debug binary that `swift build` (run by `swift test`) makes.
    public static let strataBinary = ProcessInfo.processInfo.environment["STRATA_BINARY"].map { $0.hasPrefix("/") ? $0 : path($0) }
        ?? path(".build/debug/strata")

    public static var hasStrataBinary: Bool { FileManager.default.isExecutableFile(atPath: strataBinary) }
}
