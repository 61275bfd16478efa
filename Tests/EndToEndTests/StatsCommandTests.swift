import Foundation
import Testing

/// `ritualctl stats` and `history` on a generated 120-day history whose answers are known.
struct StatsCommandTests {
    static let day = 86_400_000_000

    /// A daily ritual for 120 days, the last an hour ago. Days 0–59: done, but skipped when
    /// d % 7 == 6 (8 skips); day 60 missed; days 61–109 done but 80 skipped and 95 missed; days
    /// 110–119 done but 118 skipped. Streaks: 52 (0–59), 33 (61–94), 23 (96–119, current).
    /// Last 7 days (113–119): 6 of 7 done; 30 days (90–119): 28 of 30; 90 days (30–119): 82 of 90.
    static func history(now: Int) -> String {
        var lines: [String] = []
        let first = now - 119 * day - 3_600_000_000
        for d in 0..<120 {
            let occurrence = first + d * day
            let missed = d == 60 || d == 95
            let skipped = (d < 60 && d % 7 == 6) || d == 80 || d == 118
            if missed {
                lines.append(
                    "{\"at\":\(occurrence + 3_600_000_000),\"event\":\"missed\",\"occurrence\":\(occurrence),\"ritual\":\"daily\"}"
                )
                continue
            }
            lines.append("{\"at\":\(occurrence),\"event\":\"fired\",\"occurrence\":\(occurrence),\"ritual\":\"daily\"}")
            let answer = skipped ? "skipped" : "done"
            lines.append(
                "{\"at\":\(occurrence + 60_000_000),\"event\":\"\(answer)\",\"occurrence\":\(occurrence),\"ritual\":\"daily\"}"
            )
        }
        // Another ritual that only ever fired once, unanswered: still open, no streak broken.
        lines.append("{\"at\":\(now - day),\"event\":\"fired\",\"occurrence\":\(now - day),\"ritual\":\"once\"}")
        return lines.joined(separator: "\n") + "\n"
    }

    func stateDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stats-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let now = Int(Date().timeIntervalSince1970 * 1_000_000)
        try StatsCommandTests.history(now: now).write(toFile: dir + "/history.jsonl", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func knownRatesAndStreaks() throws {
        let dir = try stateDirectory()
        let r = try Ritualctl.run(
            ["stats", "--json", "--state-dir", dir, "--socket", dir + "/none.sock"], environment: ["TZ": "UTC"])
        #expect(r.status == 0)
        let all = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let daily = try #require(all.first { $0["ritual"] as? String == "daily" })
        #expect(daily["occurrences"] as? Int == 120)
        #expect(daily["currentStreak"] as? Int == 23)
        #expect(daily["longestStreak"] as? Int == 52)
        #expect(abs((daily["rate7"] as? Double ?? 0) - 6.0 / 7) < 1e-9)
        #expect(abs((daily["rate30"] as? Double ?? 0) - 28.0 / 30) < 1e-9)
        #expect(abs((daily["rate90"] as? Double ?? 0) - 82.0 / 90) < 1e-9)
        let grid = try #require(daily["grid"] as? [String])
        // The grid starts on the Monday 11 weeks before this week's: day 42 - w, w = 0 on Mondays,
        // so the misses (60, 95) are in it, and of the skips 80, 118, 55, 48, and 41 unless w = 0.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let w = (calendar.component(.weekday, from: Date()) + 5) % 7
        #expect(grid.count == 77 + w + 1)
        // In the first hour of a UTC day the latest occurrence belongs to the day before.
        guard calendar.isDate(Date(), inSameDayAs: Date().addingTimeInterval(-3600)) else { return }
        #expect(grid.last == "done")
        #expect(grid.filter { $0 == "missed" }.count == 2)
        #expect(grid.filter { $0 == "skipped" }.count == (w >= 1 ? 5 : 4))
        let once = try #require(all.first { $0["ritual"] as? String == "once" })
        #expect(once["currentStreak"] as? Int == 0)
        #expect(once["rate7"] as? Double == 0)
    }

    @Test func humanOutputAndColour() throws {
        let dir = try stateDirectory()
        let r = try Ritualctl.run(["stats", "daily", "--state-dir", dir, "--socket", dir + "/none.sock"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "daily")
        #expect(lines[1] == "  done: 86% of 7 days, 93% of 30, 91% of 90")
        #expect(lines[2] == "  streak: 23 now, 52 longest")
        #expect(lines[3].hasPrefix("  Mon "))
        #expect(!r.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
        #expect(r.stdout.contains("●") && r.stdout.contains("×") && r.stdout.contains("○"))
    }

    /// An id neither in the history nor in the config is refused with the rituals there are; a
    /// configured ritual that has not fired yet has no history yet.
    @Test(arguments: ["stats", "history"])
    func anUnknownRitualIsNamedAmongTheKnownOnes(command: String) throws {
        let dir = try stateDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/config/rituals", withIntermediateDirectories: true)
        try "[[ritual]]\nid = \"quiet\"\ntitle = \"Quiet\"\nwhen = \"Sun 10:00\"\n".write(
            toFile: dir + "/config/rituals/rituals.toml", atomically: true, encoding: .utf8)
        let env = ["XDG_CONFIG_HOME": dir + "/config"]
        let base = ["--state-dir", dir, "--socket", dir + "/none.sock"]
        let unknown = try Ritualctl.run([command, "nothing"] + base, environment: env)
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "ritualctl: no ritual \"nothing\"; the rituals are: daily, once, quiet\n")
        #expect(unknown.stdout.isEmpty)
        let quiet = try Ritualctl.run([command, "quiet"] + base, environment: env)
        #expect(quiet.status == 0)
        #expect(quiet.stdout.hasPrefix("No history for quiet"))
    }

    @Test func historyFiltersByRitualAndTime() throws {
        let dir = try stateDirectory()
        let all = try Ritualctl.run(["history", "--json", "--state-dir", dir, "--socket", dir + "/none.sock"])
        let records = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == 120 + 118 + 1)
        let once = try Ritualctl.run(["history", "once", "--state-dir", dir, "--socket", dir + "/none.sock"])
        #expect(once.stdout.split(separator: "\n").count == 2)
        let bad = try Ritualctl.run(["history", "--since", "someday", "--state-dir", dir])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("Cannot read --since 'someday'"))
    }
}
