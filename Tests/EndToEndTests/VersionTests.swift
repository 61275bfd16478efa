import Foundation
import Testing

/// `--version` of both programs, and the package's changelog, say the same version.
struct VersionTests {
    static let top = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func bothProgramsAndTheChangelogAgree() throws {
        let ctl = try Ritualctl.run(["--version"])
        #expect(ctl.status == 0)
        let version = ctl.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.wholeMatch(of: /[0-9]+\.[0-9]+\.[0-9]+/) != nil, "\(version)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: RitualdRunner.binary)
        p.arguments = ["--version"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let daemon = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(daemon.trimmingCharacters(in: .whitespacesAndNewlines) == version)
        let changelog = try String(
            contentsOf: VersionTests.top.appendingPathComponent("scripts/make/package/changelog"), encoding: .utf8)
        #expect(changelog.hasPrefix("rituals (\(version)) "), "add the changelog entry of \(version)")
    }
}
