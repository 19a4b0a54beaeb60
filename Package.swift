// swift-tools-version:6.1
// Clemency: finds federal prisoners serving sentences today's law would not impose.
// Module map (arrows point toward the pure rules engine; see docs/architecture.md):
//   clemency -> ClemencyCLI -> ClemencyWeb -> ClemencyUseCases -> ClemencyStore -> ClemencyWorkflow -> ClemencyRules
//                      |                            `-> ClemencyLawData -> ClemencyRules
//                      |-> ClemencySQLite (adapter of ClemencyStore; only the CLI wires it)
//                      `-> ClemencyPostgres (adapter of ClemencyStore's CaseworkStore; only the CLI wires it)
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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
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
        // Case lifecycle: roles, statuses and allowed transitions, offers, the conflict check, audit events. Pure.
        .target(name: "ClemencyWorkflow", dependencies: ["ClemencyRules"], swiftSettings: swiftSettings),
        // The persistence port: store protocols, records, StoreError, and the in-memory adapters.
        .target(name: "ClemencyStore", dependencies: ["ClemencyRules", "ClemencyWorkflow"], swiftSettings: swiftSettings),
        // The SQLite adapter (GRDB): migrations and SQLiteStore. Reached only from the CLI.
        .target(
            name: "ClemencySQLite",
            dependencies: ["ClemencyRules", "ClemencyWorkflow", "ClemencyStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // The PostgreSQL adapter of the casework store (PostgresNIO): migrations and PostgresCaseworkStore.
        // Reached only from the CLI, for a multi-user deployment.
        .target(
            name: "ClemencyPostgres",
            dependencies: [
                "ClemencyRules", "ClemencyWorkflow", "ClemencyStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test helpers: the store contract suite every adapter runs.
        .target(
            name: "ClemencyTestSupport",
            dependencies: ["ClemencyRules", "ClemencyLawData", "ClemencyWorkflow", "ClemencyStore"],
            swiftSettings: swiftSettings
        ),
        // Operations shared by the CLI and (later) the web app: case-file codecs, analysis, reports.
        .target(
            name: "ClemencyUseCases",
            dependencies: [
                "ClemencyRules", "ClemencyLawData", "ClemencyWorkflow", "ClemencyStore",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        // The web app (Hummingbird 2): sessions, pages (mustache templates), the JSON API under /api/v1.
        .target(
            name: "ClemencyWeb",
            dependencies: [
                "ClemencyRules", "ClemencyWorkflow", "ClemencyStore", "ClemencyUseCases",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates"), .copy("Public")],
            swiftSettings: swiftSettings
        ),
        // Command-line commands and the only composition root.
        .target(
            name: "ClemencyCLI",
            dependencies: [
                "ClemencyRules", "ClemencyLawData", "ClemencyUseCases", "ClemencyStore", "ClemencySQLite",
                "ClemencyPostgres", "ClemencyWorkflow", "ClemencyWeb",
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
            name: "ClemencyWorkflowTests",
            dependencies: ["ClemencyWorkflow"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClemencyWebTests",
            dependencies: [
                "ClemencyRules", "ClemencyLawData", "ClemencyWorkflow", "ClemencyStore", "ClemencyUseCases", "ClemencyWeb",
                "ClemencyTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__", "Fixtures"],
            swiftSettings: swiftSettings
        ),
        // Headless Chromium driven over WebDriver against the web app on loopback (needs chromium and chromedriver).
        .testTarget(
            name: "ClemencyBrowserTests",
            dependencies: [
                "ClemencyRules", "ClemencyLawData", "ClemencyWorkflow", "ClemencyStore", "ClemencyUseCases", "ClemencyWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
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
            dependencies: ["ClemencyRules", "ClemencyWorkflow", "ClemencyStore", "ClemencyTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClemencySQLiteTests",
            dependencies: ["ClemencyRules", "ClemencyWorkflow", "ClemencyStore", "ClemencySQLite", "ClemencyTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Runs against a real PostgreSQL server named by CLEMENCY_TEST_POSTGRES_URL (scripts/test starts one on loopback).
        .testTarget(
            name: "ClemencyPostgresTests",
            dependencies: ["ClemencyRules", "ClemencyWorkflow", "ClemencyStore", "ClemencyPostgres", "ClemencyTestSupport",
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")],
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
