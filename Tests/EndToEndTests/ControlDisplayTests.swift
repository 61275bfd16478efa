import Foundation
import Testing

/// How `list`, `show`, `status` and `history` present schedules and pauses.
struct ControlDisplayTests {
    static let config = """
        [settings]
        timezone = "UTC"
        quiet_hours = "03:00-03:01"
        [[ritual]]
        id = "date"
        title = "Date night"
        when = "every 2 weeks on fri at 19:00 from 2024-01-05"
        [[ritual]]
        id = "rule"
        title = "Ruled"
        when = \"\"\"
        DTSTART:20260105T090000Z
        RRULE:FREQ=WEEKLY;BYDAY=MO\"\"\"

        """

    func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// `show rule`'s lines with runs of spaces made one.
    func shown(_ run: RitualdRunner) throws -> [String] {
        try run.ctl(["show", "rule"]).stdout.split(separator: "\n").map {
            $0.split(separator: " ").joined(separator: " ")
        }
    }

    @Test func schedulesOfSeveralLinesShowOnOneAndPausesReadAlike() throws {
        let run = try RitualdRunner(config: ControlDisplayTests.config)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: ["PATH": "/nonexistent"])
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        let list = try run.ctl(["list"]).stdout.split(separator: "\n")
        #expect(list.count == 3, "one line per ritual and the header")
        #expect(
            list.contains { $0.hasPrefix("date ") && $0.hasSuffix("every 2 weeks on fri at 19:00 from 2024-01-05") })
        #expect(list.contains { $0.hasSuffix("DTSTART:20260105T090000Z RRULE:FREQ=WEEKLY;BYDAY=MO") })
        let items = try #require(json(try run.ctl(["list", "--json"]).stdout) as? [[String: Any]])
        #expect((items[1]["schedule"] as? String)?.contains("\n") == true, "JSON keeps the normalized lines")
        let show = try shown(run)
        #expect(show.contains("Schedule: DTSTART:20260105T090000Z RRULE:FREQ=WEEKLY;BYDAY=MO"))

        // A pause without an end: "until resumed" for people, no end in JSON, everywhere.
        #expect(try run.ctl(["pause", "rule"]).stdout == "Ruled paused until resumed.\n")
        let listed = try #require(json(try run.ctl(["list", "--json"]).stdout) as? [[String: Any]])
        #expect(listed[1]["paused"] as? Bool == true && listed[1]["pausedUntil"] == nil)
        #expect(listed[0]["paused"] as? Bool == false)
        #expect(try run.ctl(["list"]).stdout.split(separator: "\n").contains { $0.hasPrefix("rule  paused  ") })
        #expect(try shown(run).contains("Paused: until resumed"))
        let history = try #require(json(try run.ctl(["history", "rule", "--json"]).stdout) as? [[String: Any]])
        #expect(history.count == 1 && history[0]["event"] as? String == "paused" && history[0]["until"] == nil)
        #expect(try run.ctl(["history", "rule"]).stdout.contains("paused until resumed"))
        #expect(try run.ctl(["pause"]).status == 0)
        let status = try #require(json(try run.ctl(["status", "--json"]).stdout) as? [String: Any])
        #expect(status["paused"] as? Bool == true && status["pausedUntil"] == nil)
        #expect(try run.ctl(["status"]).stdout.contains("Paused:     until resumed\n"))
        #expect(try run.ctl(["pause", "--for", "1h"]).status == 0)
        let timed = try #require(json(try run.ctl(["status", "--json"]).stdout) as? [String: Any])
        #expect((timed["pausedUntil"] as? String)?.hasSuffix("+00:00") == true)
    }
}
