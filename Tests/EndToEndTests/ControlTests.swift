import Foundation
import Testing

/// ritualctl against the real rituald over its socket.
struct ControlTests {
    static let config = """
        [settings]
        timezone = "UTC"
        quiet_hours = "03:00-03:01"
        [channels.desktop]
        snooze = "10m"
        [[ritual]]
        id = "tick"
        title = "Tick"
        when = "*:*:0/2"
        quiet_hours = "ignore"
        prompts = ["one", "two"]
        [[ritual]]
        id = "walk"
        title = "Weekly walk"
        when = "Sat 10:00"
        quiet_hours = "ignore"

        """

    /// A daemon on `config`, ready; no notify-send, so deliveries fail quietly.
    func started(_ config: String = ControlTests.config) throws -> (RitualdRunner, Process, NotifyListener) {
        let run = try RitualdRunner(config: config)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: ["PATH": "/nonexistent"])
        _ = notify.wait(for: "READY=1", within: 30)
        return (run, p, notify)
    }

    func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func statusWhenRunningAndWhenNot() throws {
        let (run, p, _) = try started()
        let human = try run.ctl(["status"])
        #expect(human.status == 0)
        #expect(human.stdout.contains("State:      running"))
        #expect(human.stdout.contains("PID:        \(p.processIdentifier)"))
        #expect(human.stdout.contains("Rituals:    2"))
        let object = try #require(json(try run.ctl(["status", "--json"]).stdout) as? [String: Any])
        #expect(object["running"] as? Bool == true)
        #expect(object["pid"] as? Int == Int(p.processIdentifier))
        #expect(object["config"] as? String == run.configPath)
        #expect(object["paused"] as? Bool == false)
        #expect((object["next"] as? [String: Any])?["ritual"] as? String == "tick")
        p.terminate()
        p.waitUntilExit()
        let down = try run.ctl(["status"])
        #expect(down.status == 3)
        #expect(down.stderr.contains("rituald is not running. Start it with `systemctl --user start rituald`"))
        #expect(try run.ctl(["list"]).status == 3)
    }

    @Test func listShowAndTheLiveAgenda() throws {
        let (run, p, _) = try started(ControlTests.config.replacingOccurrences(of: "*:*:0/2", with: "*:0/10"))
        defer { p.terminate() }
        let list = try run.ctl(["list"])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID    NEXT") == true)
        #expect(lines.contains { $0.hasPrefix("walk  Sat ") && $0.hasSuffix("Weekly walk  Sat *-*-* 10:00:00") })
        let items = try #require(json(try run.ctl(["list", "--json"]).stdout) as? [[String: Any]])
        #expect(items.map { $0["id"] as? String } == ["tick", "walk"])
        #expect(items[1]["schedule"] as? String == "Sat *-*-* 10:00:00")
        #expect(items[0]["schedule"] as? String == "*-*-* *:00/10:00")
        let show = try #require(json(try run.ctl(["show", "walk", "--json"]).stdout) as? [String: Any])
        let next = try #require(show["next"] as? [String])
        #expect(next.count == 5)
        #expect(next.allSatisfy { $0.hasSuffix("T10:00:00+00:00") })
        let shown = try run.ctl(["show", "walk"])
        let shownLines = shown.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(Array(shownLines.prefix(3)) == ["ID: walk", "Title: Weekly walk", "Schedule: Sat *-*-* 10:00:00"])
        #expect(shownLines.contains("Catch up: 12h"))
        #expect(shownLines.contains("Quiet hours: ignore"))
        #expect(shown.stdout.split(separator: "\n").filter { $0.hasSuffix("10:00:00 UTC") }.count == 5)
        let unknown = try run.ctl(["show", "nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no ritual \"nope\"; the rituals are: tick, walk"))
        // Skipping the next walk and pausing tick both show in the agenda.
        let before = try run.ctl(["next", "--days", "14", "--json"]).stdout
        let walks = try #require(json(before) as? [[String: Any]]).filter { $0["ritual"] as? String == "walk" }
        let firstWalk = try #require(walks.first?["at"] as? String)
        let skip = try run.ctl(["skip", "walk"])
        #expect(skip.stdout.hasPrefix("Skipped Weekly walk on Sat "))
        #expect(
            try run.ctl(["pause", "tick", "--until", "2099-01-01"]).stdout.contains("until Thu 2099-01-01 00:00:00 UTC")
        )
        #expect(try run.ctl(["resume", "tick"]).stdout == "Tick resumed.\n")
        #expect(try run.ctl(["pause", "tick", "--for", "1h"]).status == 0)
        let after = try #require(json(try run.ctl(["next", "--days", "14", "--json"]).stdout) as? [[String: Any]])
        #expect(!after.contains { $0["at"] as? String == firstWalk && $0["ritual"] as? String == "walk" })
        #expect(after.contains { $0["ritual"] as? String == "walk" })
        let ticks = after.filter { $0["ritual"] as? String == "tick" }.compactMap { $0["at"] as? String }
        let hourFromNow = Date().addingTimeInterval(3590)
        let f = ISO8601DateFormatter()
        #expect(ticks.allSatisfy { (f.date(from: $0) ?? .distantPast) > hourFromNow })
        #expect(try run.ctl(["list"]).stdout.contains("paused until"))
    }

    @Test func doneAndASnooze() throws {
        let (run, p, notify) = try started()
        defer { p.terminate() }
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        let done = try run.ctl(["done", "tick"])
        #expect(done.status == 0)
        #expect(done.stdout.contains("marked done"))
        let doneOccurrence = try #require(run.records("done").first?["occurrence"] as? Int)
        #expect(run.fired().contains { $0["occurrence"] as? Int == doneOccurrence })
        #expect(TestDesktop.poll(within: 10) { (run.fired().last?["occurrence"] as? Int ?? 0) > doneOccurrence })
        // The snooze's firing again is a rule, tested in-process (AnsweringRuleTests).
        let snooze = try run.ctl(["snooze", "tick", "2s", "--json"])
        #expect(snooze.status == 0, "\(snooze.stderr)")
        let answered = try #require(json(snooze.stdout) as? [String: Any])
        #expect(answered["event"] as? String == "snoozed" && answered["ritual"] as? String == "tick")
        #expect((answered["occurrences"] as? [String])?.count == 1 && answered["until"] is String)
        #expect(run.records("snoozed").last != nil)
        let bad = try run.ctl(["snooze", "tick", "soon"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("cannot read the snooze duration"))
    }

    @Test func aPauseAndItsResume() throws {
        let (run, p, _) = try started()
        defer { p.terminate() }
        // A pause's end by itself is a rule, tested in-process (PauseRuleTests).
        let pause = try run.ctl(["pause", "--for", "1h"])
        #expect(pause.status == 0)
        #expect(pause.stdout.hasPrefix("All rituals paused until"))
        let status = try #require(json(try run.ctl(["status", "--json"]).stdout) as? [String: Any])
        #expect(status["paused"] as? Bool == true)
        #expect(try run.ctl(["resume"]).stdout == "All rituals resumed.\n")
        let again = try #require(json(try run.ctl(["status", "--json"]).stdout) as? [String: Any])
        #expect(again["paused"] as? Bool == false)
        let resume = try run.ctl(["resume"])
        #expect(resume.status == 1)
        #expect(resume.stderr.contains("not paused"))
        let both = try run.ctl(["pause", "--for", "1h", "--until", "2030-01-01"])
        #expect(both.status == 2)
    }

    @Test func reloadWithABrokenFileReportsAndKeepsTheOldRituals() throws {
        let (run, p, notify) = try started()
        defer { p.terminate() }
        try "[[ritual]]\nid = \"x\"\ntitle = \"X\"\nwhen = \"Mon 25:00\"\n".write(
            toFile: run.configPath, atomically: true, encoding: .utf8)
        let reload = try run.ctl(["reload"])
        #expect(reload.status == 1)
        #expect(reload.stderr.contains("\(run.configPath):4:"))
        #expect(try run.ctl(["list"]).stdout.contains("tick"))
        let before = run.fired().count
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        #expect(TestDesktop.poll(within: 10) { run.fired().count > before })
        try ControlTests.config.replacingOccurrences(of: "Weekly walk", with: "Long walk").write(
            toFile: run.configPath, atomically: true, encoding: .utf8)
        let good = try run.ctl(["reload"])
        #expect(good.status == 0)
        #expect(try run.ctl(["list"]).stdout.contains("Long walk"))
    }

    @Test func fireAndHistory() throws {
        let (run, p, _) = try started()
        defer { p.terminate() }
        let fire = try run.ctl(["fire", "walk"])
        #expect(fire.status == 0)
        #expect(fire.stdout.hasPrefix("Fired Weekly walk now"))
        let walkFired = run.fired().filter { $0["ritual"] as? String == "walk" }
        #expect(walkFired.count == 1)
        let history = try #require(json(try run.ctl(["history", "walk", "--json"]).stdout) as? [[String: Any]])
        #expect(history.map { $0["event"] as? String } == ["fired"])
        let human = try run.ctl(["history", "walk"])
        #expect(human.stdout.split(separator: "\n").count == 2)
        #expect(try run.ctl(["history", "--since", "2099-01-01"]).stdout.hasPrefix("No history"))
    }
}
