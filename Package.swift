// swift-tools-version: 6.0
import PackageDescription

/// The folder of this manifest: linker inputs kept in the repository are named from it.
let packageRoot = String(#filePath.dropLast("/Package.swift".count))

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "StrataKit", targets: ["StrataKit"]),
        .library(name: "StrataPostgres", targets: ["StrataPostgres"]),
        .library(name: "StrataSQLite", targets: ["StrataSQLite"]),
        .executable(name: "strata", targets: ["strata"]),
        .executable(name: "strata-full", targets: ["strata-full"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Already built for PostgresNIO's SCRAM; Strata uses its SHA-256 for migration checksums.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3" ..< "5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The real PostgreSQL parser (Debian's libpg-query-dev), plus a small C shim.
        .systemLibrary(name: "CPgQuery", path: "Sources/CPgQuery"),
        .target(
            name: "StrataKit",
            dependencies: [
                "CPgQuery",

                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Live PostgreSQL: connection, catalog introspection, statistics, throwaway clusters.
        .target(
            name: "StrataPostgres",
            dependencies: [
                "StrataKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // SQLite, the embedded target: migrations on a file through GRDB.
        .target(
            name: "StrataSQLite",
            dependencies: ["StrataKit", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The command-line pieces that need no database driver: lint, rules, output, exit codes.
        .target(
            name: "StrataCLI",
            dependencies: ["StrataKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // `strata`: lint and rules in a small binary (no Foundation, no drivers, Swift runtime linked
        // in: lint runs on every commit); every other command execs `strata-full` beside it.
        .executableTarget(
            name: "strata",
            dependencies: ["StrataCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            exclude: ["lint.order"],
            linkerSettings: [.unsafeFlags([
                "-static-stdlib", "-use-ld=lld", "-l_FoundationCollections", "-l_FoundationCShims",
                // Less to map at start: relative relocations packed (glibc 2.36), no exported symbols.
                "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic",
                // The functions a lint run executes, placed together (scripts/lint-order.sh writes
                // the list): a run then maps about 4.7 MB of code instead of 7.4 MB.
                "-Xlinker", "--symbol-ordering-file=\(packageRoot)/Sources/strata/lint.order", "-Xlinker", "--no-warn-symbol-ordering",
            ], .when(platforms: [.linux]))]
        ),
        .executableTarget(
            name: "strata-full",
            dependencies: [
                "StrataCLI",
                "StrataKit",
                "StrataPostgres",
                "StrataSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "StrataKitTests",
            dependencies: ["StrataKit"],
            resources: [.copy("Golden")]
        ),
        .testTarget(name: "StrataSQLiteTests", dependencies: ["StrataSQLite", "StrataKit"]),
        .testTarget(name: "StrataPostgresTests", dependencies: ["StrataPostgres", "StrataKit"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
