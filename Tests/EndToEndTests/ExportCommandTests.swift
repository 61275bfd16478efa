import Foundation
import Testing

/// `ritualctl export ics`, read back by Debian's python3-icalendar (installed by make test).
struct ExportCommandTests {
    static var hasParser: Bool {
        TestDesktop.run("/usr/bin/python3", ["-c", "import icalendar; print('ok')"]).hasPrefix("ok")
    }

    static let config = """
        [settings]
        timezone = "Europe/Berlin"
        quiet_hours = "22:30-07:30"
        [[ritual]]
        id = "date-night"
        title = "Date night, with {partner}; phones away"
        when = "every 2 weeks on fri at 19:00 from 2026-12-04"
        duration = "2h"
        [[ritual]]
        id = "check-in"
        title = "Evening check-in"
        when = "Mon..Fri 21:00"
        [[ritual]]
        id = "walk"
        title = "Walk"
        when = "Sat"
        window = "09:00-12:00"
        prompts = ["What made you smile today?"]
        [[ritual]]
        id = "early"
        title = "Early"
        when = "DTSTART;TZID=America/New_York:20260105T170000\\nRRULE:FREQ=DAILY"

        """

    /// Parses `text` with icalendar; one JSON object per component.
    func parse(_ text: String) throws -> [[String: String]] {
        let script = """
            import icalendar, json, sys
            cal = icalendar.Calendar.from_ical(sys.stdin.read())
            out = []
            for c in cal.walk():
                if c.name in ("VEVENT", "VTIMEZONE"):
                    item = {"name": c.name}
                    for key in ("UID", "SUMMARY", "TZID", "DESCRIPTION"):
                        if key in c: item[key] = str(c[key])
                    if "DTSTART" in c: item["DTSTART"] = c.decoded("DTSTART").isoformat()
                    if "RRULE" in c: item["RRULE"] = c["RRULE"].to_ical().decode()
                    if "DURATION" in c: item["DURATION"] = str(c.decoded("DURATION").total_seconds())
                    out.append(item)
            print(json.dumps(out))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-c", script]
        let input = Pipe()
        let output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "icalendar could not read the export")
        return (try JSONSerialization.jsonObject(with: data) as? [[String: String]]) ?? []
    }

    @Test(.enabled(if: ExportCommandTests.hasParser, "needs python3-icalendar (make test installs it)"))
    func anExportThatAParserReadsBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try ExportCommandTests.config.write(toFile: dir + "/r.toml", atomically: true, encoding: .utf8)
        let first = try Ritualctl.run(["export", "ics", "--days", "28", "--config", dir + "/r.toml"])
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(first.stdout.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        let items = try parse(first.stdout)
        let events = items.filter { $0["name"] == "VEVENT" }
        // The date night and the check-in repeat; the walk, in a window, is listed day by day.
        let date = try #require(events.first { $0["UID"] == "date-night@rituals" })
        #expect(date["RRULE"] == "FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=19;BYDAY=FR")
        #expect(date["DTSTART"] == "2026-12-04T19:00:00+01:00")
        #expect(date["SUMMARY"] == "Date night, with your partner; phones away")
        #expect(date["DURATION"] == "7200.0")
        #expect(items.contains { $0["name"] == "VTIMEZONE" && $0["TZID"] == "Europe/Berlin" })
        let checkIn = try #require(events.first { $0["UID"] == "check-in@rituals" })
        #expect(checkIn["RRULE"] == "FREQ=WEEKLY;BYSECOND=0;BYMINUTE=0;BYHOUR=21;BYDAY=MO,TU,WE,TH,FR")
        let start = try #require(checkIn["DTSTART"])
        #expect(start.hasSuffix("T21:00:00+01:00") || start.hasSuffix("T21:00:00+02:00"))
        let walks = events.filter { $0["UID"]?.hasPrefix("walk-") == true }
        #expect(walks.count == 4)
        #expect(walks.allSatisfy { $0["DESCRIPTION"]?.hasSuffix("What made you smile today?") == true })
        // 17:00 in New York is 23:00 in Berlin, in quiet hours: moved, so listed one by one.
        #expect(events.contains { $0["UID"]?.hasPrefix("early-") == true })
        #expect(!events.contains { $0["UID"] == "early@rituals" })
        // The same rituals give the same UIDs: importing again updates instead of duplicating.
        let again = try parse(try Ritualctl.run(["export", "ics", "--days", "28", "--config", dir + "/r.toml"]).stdout)
        #expect(Set(again.compactMap { $0["UID"] }) == Set(items.compactMap { $0["UID"] }))
        #expect(Set(events.compactMap { $0["UID"] }).count == events.count)
    }

    @Test func badFormatsAndRanges() throws {
        let format = try Ritualctl.run(["export", "vcs"])
        #expect(format.status == 2)
        #expect(format.stderr.contains("Unknown format 'vcs'; the one format is ics."))
        #expect(try Ritualctl.run(["export", "ics", "--days", "0"]).status == 2)
    }
}
