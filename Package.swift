// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "StrataKit", targets: ["StrataKit"]),
        .library(name: "StrataPostgres", targets: ["StrataPostgres"]),
        .library(name: "StrataSQLite", targets: ["StrataSQLite"]),
        .executable(name: "strata", targets: ["strata"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Already built for PostgresNIO's SCRAM; Strata uses its SHA-256 for migration checksums.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3" ..< "5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // `strata design`'s spec: YAML with the line and column of every node, for errors that name them.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The real PostgreSQL parser (Debian's libpg-query-dev), plus a small C shim.
        .systemLibrary(name: "CPgQuery", path: "Sources/CPgQuery"),
        .target(
            name: "StrataKit",
            dependencies: [
                "CPgQuery",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
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
        // `strata`: the one executable, a thin command line over the libraries: parse, call, render.
        .executableTarget(
            name: "strata",
            dependencies: [
                "StrataKit",
                "StrataPostgres",
                "StrataSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets share: the repository root, the built binary, prerequisites that
        // fail under CI=true instead of skipping, a process runner.
        .target(name: "StrataTestSupport", path: "Sources/StrataTestSupport"),
        .testTarget(
            name: "StrataKitTests",
            dependencies: ["StrataKit", "StrataTestSupport"],
            resources: [.copy("Golden")]
        ),
        .testTarget(name: "StrataSQLiteTests", dependencies: ["StrataSQLite", "StrataKit", "StrataTestSupport",
                                                             .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "StrataPostgresTests", dependencies: ["StrataPostgres", "StrataKit", "StrataTestSupport",
                                                               .product(name: "PostgresNIO", package: "postgres-nio"),
                                                               .product(name: "Logging", package: "swift-log")],
                    exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
