// swift-tools-version:6.1
// Clemency: finds federal prisoners serving sentences today's law would not impose.
// Module map (arrows point toward the pure rules engine; see docs/architecture.md):
//   clemency -> ClemencyCLI -> ClemencyUseCases -> ClemencyLawData -> ClemencyRules
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
        // Operations shared by the CLI and (later) the web app: case-file codecs, analysis, reports.
        .target(
            name: "ClemencyUseCases",
            dependencies: [
                "ClemencyRules", "ClemencyLawData",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Command-line commands and the only composition root.
        .target(
            name: "ClemencyCLI",
            dependencies: [
                "ClemencyRules", "ClemencyLawData", "ClemencyUseCases",
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
            dependencies: ["ClemencyRules", "ClemencyLawData", "ClemencyUseCases"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ClemencyCLITests",
            dependencies: ["ClemencyCLI", "ClemencyUseCases", "ClemencyRules"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
