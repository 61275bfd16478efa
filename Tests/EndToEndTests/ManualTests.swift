import Foundation
import Testing

/// The manual of the config file is generated from the annotated config, and kept current.
struct ManualTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func ritualsTomlFiveIsWhatTheConfigSays() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", ManualTests.repository.appendingPathComponent("scripts/make/gen-config-manual").path, "-",
        ]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let generated = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let committed = try String(
            contentsOf: ManualTests.repository.appendingPathComponent("docs/rituals.toml.5"), encoding: .utf8)
        #expect(generated == committed, "docs/rituals.toml.5 is stale: run `make defaults`")
        // Every key of the config is described.
        for key in ["timezone", "partner", "people", "shared_dir", "quiet_hours", "catch_up", "snooze", "remind_again"]
        {
            #expect(committed.contains(key), "\(key) is not in rituals.toml(5)")
        }
    }

    @Test func theReadmeStaysShort() throws {
        let readme = try String(contentsOf: ManualTests.repository.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count <= 200)
    }
}
