// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Rituals",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ritualctl", targets: ["ritualctl"]),
        .library(name: "RitualsCore", targets: ["RitualsCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .target(name: "RitualsCore"),
        .target(
            name: "RitualsConfig",
            dependencies: ["RitualsCore", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .executableTarget(
            name: "ritualctl",
            dependencies: [
                "RitualsCore", "RitualsConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "rituals-bench",
            dependencies: ["RitualsCore", "RitualsConfig"],
            path: "scripts/bench"
        ),
        .testTarget(
            name: "RitualsCoreTests",
            dependencies: ["RitualsCore", "RitualsConfig"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RitualsConfigTests",
            dependencies: ["RitualsConfig", "RitualsCore"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ritualctl"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
