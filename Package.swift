// swift-tools-version:6.0
import PackageDescription

/// Members are visible only from modules a file imports itself, so that no symbol of corelibs
/// Foundation (which would link ICU's 30 MB of data) comes in through another module's import.
let strict: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]
/// Code that waits on people, files, sockets and servers is built for size (about 170 KB less in
/// each program), the config reader too (a 1 MiB file is read in a fraction of a second either
/// way); the schedule engine (RitualsCore), whose speed planning depends on, for speed.
let small: [SwiftSetting] = strict + [.unsafeFlags(["-Osize"], .when(configuration: .release))]

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
        .target(name: "RitualsCore", swiftSettings: strict),
        .target(name: "RitualsConfig", dependencies: ["RitualsCore"], swiftSettings: small),
        .systemLibrary(name: "CLinux"),
        // The system's libcrypto (OpenSSL 3: HMAC-SHA-256), linked dynamically.
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Every Linux call the programs make, wrapped once (sockets, files, children, inotify, ...).
        .target(name: "LinuxSystem", dependencies: ["CLinux"], swiftSettings: small),
        // libsystemd (the journal, sd_notify, sd-bus), linked dynamically.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // Thin wrappers over libsystemd: the journal, sd_notify, a log handler, the buses.
        .target(
            name: "Systemd", dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")],
            swiftSettings: small),
        .target(name: "RitualsControl", dependencies: ["RitualsCore", "LinuxSystem"], swiftSettings: small),
        // The kinds of channel (apprise, command, Matrix, ntfy: a folder each) and the follower of
        // the answers that come back, for rituald and ritualctl alike.
        .target(
            name: "RitualsChannels", dependencies: ["RitualsCore", "RitualsConfig", "LinuxSystem", "CCrypto"],
            swiftSettings: small),
        .target(
            name: "RitualsDaemon",
            dependencies: [
                "RitualsCore", "RitualsConfig", "RitualsControl", "RitualsChannels", "LinuxSystem", "Systemd", "CCrypto",
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: small),
        .executableTarget(
            name: "rituald",
            dependencies: [
                "RitualsDaemon", "RitualsConfig", "RitualsControl", "RitualsCore", "LinuxSystem", "Systemd",
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: small),
        .executableTarget(
            name: "ritualctl",
            dependencies: [
                "RitualsCore", "RitualsConfig", "RitualsControl", "RitualsChannels", "LinuxSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], swiftSettings: small),
        .executableTarget(
            name: "rituals-bench",
            dependencies: ["RitualsCore", "RitualsConfig"],
            path: "scripts/swift/bench", swiftSettings: strict),
        .executableTarget(
            name: "rituals-fuzz",
            dependencies: ["RitualsCore", "RitualsConfig", "RitualsControl", "RitualsChannels"],
            path: "scripts/swift/fuzz", exclude: ["seeds", "regressions"], swiftSettings: strict),
        .testTarget(
            name: "RitualsCoreTests",
            dependencies: ["RitualsCore", "RitualsConfig", "RitualsChannels"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RitualsConfigTests",
            dependencies: ["RitualsConfig", "RitualsCore", "RitualsChannels"],
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
            name: "RitualsChannelsTests",
            dependencies: ["RitualsChannels", "RitualsCore"]
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
            dependencies: ["ritualctl", "rituald", "rituals-fuzz", "LinuxSystem"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
