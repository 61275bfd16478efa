// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Rituals",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ritualctl", targets: ["ritualctl"]),
        .executable(name: "rituald", targets: ["rituald"]),
        .library(name: "RitualsCore", targets: ["RitualsCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "RitualsCore"),
        .target(name: "RitualsConfig", dependencies: ["RitualsCore"]),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(name: "CLinux"),
        .target(
            name: "Systemd",
            dependencies: ["CSystemd", "CLinux", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "RitualsControl", dependencies: ["RitualsCore", "Systemd"]),
        .target(
            name: "RitualsDaemon",
            dependencies: [
                "RitualsCore", "RitualsConfig", "RitualsControl", "Systemd",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "rituald",
            dependencies: [
                "RitualsDaemon", "RitualsConfig", "RitualsControl", "RitualsCore", "Systemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "ritualctl",
            dependencies: [
                "RitualsCore", "RitualsConfig", "RitualsControl", "RitualsDaemon", "Systemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "rituals-bench",
            dependencies: ["RitualsCore", "RitualsConfig"],
            path: "scripts/bench"
        ),
        .executableTarget(
            name: "rituals-fuzz",
            dependencies: ["RitualsCore", "RitualsConfig", "RitualsControl"],
            path: "scripts/fuzz"
        ),
        .testTarget(
            name: "RitualsCoreTests",
            dependencies: ["RitualsCore", "RitualsConfig"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RitualsConfigTests",
            dependencies: ["RitualsConfig", "RitualsCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RitualsControlTests",
            dependencies: ["RitualsControl", "RitualsCore"]
        ),
        .testTarget(
            name: "SystemdTests",
            dependencies: ["Systemd"]
        ),
        .testTarget(
            name: "RitualsDaemonTests",
            dependencies: [
                "RitualsDaemon", "RitualsCore", "RitualsControl", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ritualctl", "rituald", "rituals-fuzz", "Systemd"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
