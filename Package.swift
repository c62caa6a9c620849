// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "StrataKit", targets: ["StrataKit"]),
        .library(name: "StrataPostgres", targets: ["StrataPostgres"]),
        .executable(name: "strata", targets: ["strata"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // The real PostgreSQL parser (Debian's libpg-query-dev), plus a small C shim.
        .systemLibrary(name: "CPgQuery", path: "Sources/CPgQuery"),
        .target(
            name: "StrataKit",
            dependencies: [
                "CPgQuery",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // Live PostgreSQL: throwaway clusters (connection and introspection come next).
        .target(name: "StrataPostgres"),
        .executableTarget(
            name: "strata",
            dependencies: [
                "StrataKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "StrataKitTests",
            dependencies: ["StrataKit"],
            resources: [.copy("Golden")]
        ),
        .testTarget(name: "StrataPostgresTests", dependencies: ["StrataPostgres"]),
    ],
    swiftLanguageModes: [.v6]
)
