// swift-tools-version:6.1
// Clemency: finds federal prisoners serving sentences today's law would not impose.
// Module map (arrows point toward the pure rules engine; see docs/architecture.md):
//   clemency -> ClemencyCLI -> ClemencyUseCases -> ClemencyStore -> ClemencyRules
//                      |              `-> ClemencyLawData -> ClemencyRules
//                      `-> ClemencySQLite (adapter of ClemencyStore; only the CLI wires it)
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Clemency",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "clemency", targets: ["clemency"]),
        .library(name: "ClemencyRules", targets: ["ClemencyRules"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
    ],
    targets: [
        // The legal engine: facts, law tables as values, computations, determinations. Pure: no I/O, no clock.
        .target(name: "ClemencyRules", swiftSettings: swiftSettings),
        // Reads the bundled, versioned law tables (CSV resources) into a `LawLibrary` value.
        .target(
            name: "ClemencyLawData",
            dependencies: [
                "ClemencyRules", .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Law/README.md"],
            resources: [.copy("Law"), .copy("Policy")],
            swiftSettings: swiftSettings
        ),
        // The persistence port: store protocols, records, StoreError, and the in-memory adapter.
        .target(name: "ClemencyStore", dependencies: ["ClemencyRules"], swiftSettings: swiftSettings),
        // The SQLite adapter (GRDB): migrations and SQLiteStore. Reached only from the CLI.
        .target(
            name: "ClemencySQLite",
            dependencies: ["ClemencyRules", "ClemencyStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Test helpers: the store contract suite every adapter runs.
        .target(
            name: "ClemencyTestSupport",
            dependencies: ["ClemencyRules", "ClemencyStore"],
            swiftSettings: swiftSettings
        ),
        // Operations shared by the CLI and (later) the web app: case-file codecs, analysis, reports.
        .target(
            name: "ClemencyUseCases",
            dependencies: [
                "ClemencyRules", "ClemencyLawData", "ClemencyStore",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        // Command-line commands and the only composition root.
        .target(
            name: "ClemencyCLI",
            dependencies: [
                "ClemencyRules", "ClemencyLawData", "ClemencyUseCases", "ClemencyStore", "ClemencySQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "clemency", dependencies: ["ClemencyCLI"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ClemencyRulesTests",
            dependencies: ["ClemencyRules", "ClemencyLawData", .product(name: "CSV", package: "CSV.swift")],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClemencyLawDataTests",
            dependencies: ["ClemencyRules", "ClemencyLawData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClemencyUseCasesTests",
            dependencies: [
                "ClemencyRules", "ClemencyLawData", "ClemencyUseCases", "ClemencyStore",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["Fixtures", "__Snapshots__"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClemencyStoreTests",
            dependencies: ["ClemencyRules", "ClemencyStore", "ClemencyTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClemencySQLiteTests",
            dependencies: ["ClemencyRules", "ClemencyStore", "ClemencySQLite", "ClemencyTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClemencyCLITests",
            dependencies: [
                "ClemencyCLI", "ClemencyUseCases", "ClemencyRules", "ClemencyStore", "ClemencySQLite",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
