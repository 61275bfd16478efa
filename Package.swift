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
        // Every Linux call the programs make, wrapped once (sockets, files, children, inotify, ...).
        .target(name: "LinuxSystem", dependencies: ["CLinux"]),
        // libsystemd: the journal and sd_notify.
        .target(
            name: "Systemd",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "RitualsControl", dependencies: ["RitualsCore", "LinuxSystem"]),
        // The channels that reach other devices (apprise, commands), for rituald and ritualctl alike.
        .target(name: "RitualsChannels", dependencies: ["RitualsCore", "RitualsConfig", "LinuxSystem"]),
        .target(
            name: "RitualsDaemon",
            dependencies: [
                "RitualsCore", "RitualsConfig", "RitualsControl", "RitualsChannels", "LinuxSystem", "Systemd",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "rituald",
            dependencies: [
                "RitualsDaemon", "RitualsConfig", "RitualsControl", "RitualsCore", "LinuxSystem", "Systemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "ritualctl",
            dependencies: [
                "RitualsCore", "RitualsConfig", "RitualsControl", "RitualsChannels", "LinuxSystem",
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
            name: "LinuxSystemTests",
            dependencies: ["LinuxSystem"]
        ),
        .testTarget(
            name: "RitualsDaemonTests",
            dependencies: [
                "RitualsDaemon", "RitualsCore", "RitualsControl", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ritualctl", "rituald", "rituals-fuzz", "LinuxSystem"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
