import Foundation
import Testing

/// `ritualctl next`: the offline agenda.
struct NextCommandTests {
    static let env = ["XDG_CONFIG_HOME": "/nonexistent-rituals-test", "TZ": "Europe/Berlin"]

    @Test func jsonAgendaOfTheDefaults() throws {
        let r = try Ritualctl.run(
            ["next", "--json", "--base-time", "2026-12-03 12:00", "--days", "2"], environment: NextCommandTests.env)
        #expect(r.status == 0)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(items.count > 10)
        #expect(items.first?["at"] as? String == "2026-12-03T19:00:00+01:00")
        #expect(items.first?["kind"] as? String == "heads-up")
        #expect(items.first?["ritual"] as? String == "date-night")
        let times = items.compactMap { $0["at"] as? String }
        #expect(times == times.sorted())
        let kinds = Set(items.compactMap { $0["kind"] as? String })
        #expect(kinds == ["heads-up", "fire", "session-end"])
        #expect(items.allSatisfy { ($0["title"] as? String)?.isEmpty == false })
    }

    @Test func countAndHumanOutput() throws {
        let r = try Ritualctl.run(
            ["next", "--count", "3", "--base-time", "2026-12-03 12:00"], environment: NextCommandTests.env)
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("Thu 2026-12-03 19:00:00 CET  heads-up") == true)
        #expect(lines.filter { $0.hasPrefix("Thu") || $0.hasPrefix("Fri") }.count == 3)
    }

    @Test func brokenConfigAndUsage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rituals-next-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("r.toml").path
        try "[[ritual]]\nid = \"x\"\ntitle = \"X\"\nwhen = \"never ever\"\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let r = try Ritualctl.run(["next", "--config", path])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("\(path):4:9: ritual[0].when: invalid calendar expression"))
        #expect(try Ritualctl.run(["next", "--days", "2", "--count", "3"]).status == 2)
    }
}
