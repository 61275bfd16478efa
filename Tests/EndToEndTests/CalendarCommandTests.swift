import Foundation
import Testing

/// `ritualctl calendar` as a user runs it.
struct CalendarCommandTests {
    func json(_ r: Ritualctl.Result) throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
        return try #require(value as? [[String: Any]])
    }

    @Test func jsonForAllThreeForms() throws {
        let r = try Ritualctl.run([
            "calendar", "--json", "--base-time", "@1764000000", "--iterations", "2", "--tz", "Europe/Berlin",
            "Mon..Fri 21:00", "DTSTART;TZID=Europe/Berlin:20261204T190000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
            "every 2 weeks on fri at 19:00 from 2026-12-04",
        ])
        #expect(r.status == 0)
        let items = try json(r)
        #expect(items.count == 3)
        #expect(items[0]["normalized"] as? String == "Mon..Fri *-*-* 21:00:00")
        #expect(items[0]["timezone"] as? String == "Europe/Berlin")
        #expect(items[0]["next"] as? [String] == ["2025-11-24T21:00:00+01:00", "2025-11-25T21:00:00+01:00"])
        #expect(items[1]["next"] as? [String] == ["2026-12-04T19:00:00+01:00", "2026-12-18T19:00:00+01:00"])
        #expect(items[2]["next"] as? [String] == ["2026-12-04T19:00:00+01:00", "2026-12-18T19:00:00+01:00"])
        #expect((items[2]["normalized"] as? String)?.hasPrefix("DTSTART:20261204T000000\nRRULE:FREQ=WEEKLY") == true)
    }

    @Test func invalidExpressionGivesErrorObjectAndExitOne() throws {
        let r = try Ritualctl.run(["calendar", "--json", "--base-time", "@1764000000", "Mon...Fri 10:00", "daily"])
        #expect(r.status == 1)
        let items = try json(r)
        #expect(
            items[0]["error"] as? String
                == "invalid calendar expression \"Mon...Fri 10:00\": unexpected \".\" at column 6")
        #expect(items[1]["next"] as? [String] == ["2025-11-25T00:00:00+00:00"])
        #expect(r.stderr.contains("unexpected \".\" at column 6"))
    }

    @Test func humanOutputLikeSystemdAnalyze() throws {
        let r = try Ritualctl.run(
            [
                "calendar", "--base-time", "2025-11-24 12:00", "--tz", "Europe/Berlin", "--iterations", "2",
                "Mon..Fri 21:00",
            ])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "  Original form: Mon..Fri 21:00")
        #expect(lines[1] == "Normalized form: Mon..Fri *-*-* 21:00:00")
        #expect(lines[2] == "    Next elapse: Mon 2025-11-24 21:00:00 CET")
        #expect(lines[3] == "       (in UTC): Mon 2025-11-24 20:00:00 UTC")
        #expect(lines[4].hasPrefix("       From now: "))
        #expect(lines[5] == "       Iter. #2: Tue 2025-11-25 21:00:00 CET")
    }

    @Test func neverElapsing() throws {
        let r = try Ritualctl.run(["calendar", "--base-time", "@1764000000", "--tz", "UTC", "2020-01-01"])
        #expect(r.stdout.contains("    Next elapse: never"))
        let j = try json(try Ritualctl.run(["calendar", "--json", "--base-time", "@1764000000", "2020-01-01"]))
        #expect((j[0]["next"] as? [String])?.isEmpty == true)
    }

    @Test func fractionsOnlyWhenNonZero() throws {
        let r = try Ritualctl.run([
            "calendar", "--json", "--tz", "UTC", "--base-time", "@1764000000", "--iterations", "2", "*:*:00/1.5",
        ])
        let next = try #require(try json(r)[0]["next"] as? [String])
        #expect(next == ["2025-11-24T16:00:01.5+00:00", "2025-11-24T16:00:03+00:00"])
    }

    @Test func usageErrors() throws {
        #expect(try Ritualctl.run(["calendar", "--tz", "Mars/Olympus", "daily"]).status == 2)
        #expect(try Ritualctl.run(["calendar", "--iterations", "0", "daily"]).status == 2)
        let bad = try Ritualctl.run(["calendar", "--base-time", "yesterday-ish", "daily"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--base-time"))
    }

    @Test func helpNamesEveryOption() throws {
        let r = try Ritualctl.run(["calendar", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("OVERVIEW: Show when schedule expressions elapse next, without the daemon."))
        #expect(
            r.stdout.contains(
                "USAGE: ritualctl calendar [--base-time <T>] [--iterations <N>] [--tz <ZONE>] [--json] <EXPR> ..."))
        for option in ["--base-time <T>", "--iterations <N>", "--tz <ZONE>", "--json"] {
            #expect(r.stdout.contains(option))
        }
    }
}
