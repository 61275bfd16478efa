import RitualsConfig
import RitualsCore
import Testing

/// RFC 5545 text: folding, escaping, VTIMEZONE from a zone's rule, repeating events.
struct ICalendarWriterTests {
    @Test func linesFoldAt75OctetsAndTextIsEscaped() {
        var writer = ICalendarWriter()
        writer.line("DESCRIPTION:" + String(repeating: "é", count: 60))
        let lines = writer.text.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines[1].hasPrefix(" "))
        #expect(ICalendarWriter.escape("a;b,c\\d\ne\r") == "a\\;b\\,c\\\\d\\ne")
        #expect(ICalendarWriter.duration(.minutes(90)) == "PT1H30M")
        #expect(ICalendarWriter.duration(.days(1) + .seconds(1)) == "P1DT1S")
    }

    @Test func aZoneWithDaylightSavingHasBothObservances() throws {
        let lines = try #require(ICalendarWriter.timezone(FixtureRow.zone("Europe/Berlin")))
        #expect(lines.first == "BEGIN:VTIMEZONE" && lines.last == "END:VTIMEZONE")
        #expect(lines.contains("TZID:Europe/Berlin"))
        #expect(lines.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"))
        #expect(lines.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"))
        #expect(lines.contains("TZOFFSETTO:+0200") && lines.contains("TZNAME:CEST"))
        // The first last Sunday of March 1970 at 02:00.
        #expect(lines.contains("DTSTART:19700329T020000"))
        let tokyo = try #require(ICalendarWriter.timezone(FixtureRow.zone("Asia/Tokyo")))
        #expect(tokyo.filter { $0.hasPrefix("BEGIN:") } == ["BEGIN:VTIMEZONE", "BEGIN:STANDARD"])
        #expect(tokyo.contains("TZOFFSETTO:+0900"))
    }

    @Test func aRecurrenceBecomesTheLinesOfARepeatingEvent() throws {
        let zones = SystemZones.shared
        let berlin = FixtureRow.zone("Europe/Berlin")
        let text =
            "DTSTART;TZID=Europe/Berlin:20261204T190000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR\nEXDATE;TZID=Europe/Berlin:20261218T190000"
        let r = try Recurrence(parsing: text, zones: zones, local: berlin)
        let event = try #require(r.icalendarLines)
        #expect(
            event.lines == [
                "DTSTART;TZID=Europe/Berlin:20261204T190000", "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
                "EXDATE;TZID=Europe/Berlin:20261218T190000",
            ])
        #expect(event.zone?.name == "Europe/Berlin")
        let utc = try Recurrence(parsing: "DTSTART:20261204T190000Z\nRRULE:FREQ=DAILY", zones: zones, local: berlin)
        #expect(utc.icalendarLines?.lines.first == "DTSTART:20261204T190000Z")
        #expect(utc.icalendarLines?.zone == nil)
        let dateOnly = try Recurrence(
            parsing: "DTSTART;VALUE=DATE:20261204\nRRULE:FREQ=DAILY", zones: zones, local: berlin)
        #expect(dateOnly.icalendarLines == nil)
    }
}
