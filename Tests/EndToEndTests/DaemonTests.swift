import Foundation
import Testing

/// The real rituald with temporary XDG directories and a ritual every few seconds.
struct DaemonTests {
    static var rituald: String {
        URL(fileURLWithPath: Ritualctl.path).deletingLastPathComponent().appendingPathComponent("rituald").path
    }

    func workspace() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rituald-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func launch(_ dir: String, notify: NotifyListener, watchdog: Int? = nil) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: DaemonTests.rituald)
        p.arguments = ["--config", dir + "/rituals.toml", "--state-dir", dir + "/state"]
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = notify.path
        env["WATCHDOG_USEC"] = watchdog.map(String.init)
        env["PATH"] = "/nonexistent"  // no notify-send: deliveries fail and are journaled, firing goes on
        p.environment = env
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static let config = """
        [settings]
        quiet_hours = "03:00-03:01"
        [[ritual]]
        id = "tick"
        title = "Tick"
        when = "*:*:0/2"
        quiet_hours = "ignore"
        prompts = ["one", "two"]

        """

    func fired(_ dir: String) -> [[String: Any]] {
        let text = (try? String(contentsOfFile: dir + "/state/history.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.filter { $0["event"] as? String == "fired" }
    }

    @Test func firesRecordsTellsSystemdAndStopsCleanly() throws {
        let dir = try workspace()
        try DaemonTests.config.write(toFile: dir + "/rituals.toml", atomically: true, encoding: .utf8)
        let notify = try NotifyListener()
        let p = try launch(dir, notify: notify)
        defer { if p.isRunning { p.terminate() } }
        let ready = try #require(notify.wait(for: "READY=1", within: 30))
        #expect(ready.contains("STATUS=1 ritual; next: Tick at"))
        // Every firing re-arms the timer and updates STATUS=; two updates mean at least one firing.
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        p.terminate()
        #expect(notify.wait(for: "STOPPING=1", within: 5) != nil)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let records = fired(dir)
        #expect(!records.isEmpty)
        #expect(records.allSatisfy { ($0["occurrence"] as? Int).map { $0 % 2_000_000 == 0 } == true })
    }

    @Test func reloadWithABrokenFileKeepsFiring() throws {
        let dir = try workspace()
        try DaemonTests.config.write(toFile: dir + "/rituals.toml", atomically: true, encoding: .utf8)
        let notify = try NotifyListener()
        let p = try launch(dir, notify: notify)
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        try "[[ritual]]\nid = \"x\"\n".write(toFile: dir + "/rituals.toml", atomically: true, encoding: .utf8)
        kill(p.processIdentifier, SIGHUP)
        #expect(notify.wait(for: "RELOADING=1", within: 5) != nil)
        let again = try #require(notify.wait(for: "READY=1", within: 5))
        #expect(again.contains("next: Tick at"))
        let before = fired(dir).count
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        #expect(fired(dir).count > before)
    }

    @Test func catchUpAtStartAndNoDoubleFiringAfterKill() throws {
        let dir = try workspace()
        try DaemonTests.config.write(toFile: dir + "/rituals.toml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/state", withIntermediateDirectories: true)
        // The last handled occurrence was a minute ago: about 30 were missed since.
        let now = Int(Date().timeIntervalSince1970) / 2 * 2
        let last = (now - 60) * 1_000_000
        try "{\"at\":\(last),\"event\":\"fired\",\"occurrence\":\(last),\"ritual\":\"tick\"}\n"
            .write(toFile: dir + "/state/history.jsonl", atomically: true, encoding: .utf8)
        let notify = try NotifyListener()
        let first = try launch(dir, notify: notify)
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let text = try String(contentsOfFile: dir + "/state/history.jsonl", encoding: .utf8)
        let records = text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let missed = records.filter { $0["event"] as? String == "missed" }
        #expect(missed.count >= 25)
        let second = try launch(dir, notify: notify)
        defer { if second.isRunning { second.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        second.terminate()
        second.waitUntilExit()
        let occurrences = fired(dir).compactMap { $0["occurrence"] as? Int }
        #expect(occurrences.count >= 3)
        #expect(Set(occurrences).count == occurrences.count, "an occurrence fired twice")
    }

    @Test func pingsTheWatchdogWhenAsked() throws {
        let dir = try workspace()
        try DaemonTests.config.write(toFile: dir + "/rituals.toml", atomically: true, encoding: .utf8)
        let notify = try NotifyListener()
        let p = try launch(dir, notify: notify, watchdog: 400_000)
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "WATCHDOG=1", within: 30) != nil)
    }
}
