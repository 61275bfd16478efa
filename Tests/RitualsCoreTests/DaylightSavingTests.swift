import RitualsConfig
import RitualsCore
import Testing

/// Named daylight-saving cases, each checked against what systemd 252 and RFC 5545 say.
struct DaylightSavingTests {
    static func elapses(_ expression: String, zone: String, after: Int, count: Int = 3) throws -> [Int] {
        let local = FixtureRow.zone(zone)
        let spec = try CalendarSpec(parsing: expression, zones: SystemZones.shared, local: local)
        var solver = WallClockSolver(zone: local)
        return try spec.nextElapses(after: after * 1_000_000, count: count, local: &solver).map { $0 / 1_000_000 }
    }

    /// 02:30 does not exist on 2026-03-29 in Berlin: systemd skips that day.
    @Test func berlinMissingHourSkipsTheDay() throws {
        let got = try DaylightSavingTests.elapses("*-*-* 02:30", zone: "Europe/Berlin", after: 1_774_652_400)
        #expect(got == [1_774_661_400, 1_774_830_600, 1_774_917_000])
    }

    /// 01:30 happens twice on 2026-11-01 in New York; like systemd, the schedule fires at the first
    /// one only and goes on at 02:30 EST.
    @Test func newYorkRepeatedHourFiresOnce() throws {
        let got = try DaylightSavingTests.elapses(
            "*-*-* *:30", zone: "America/New_York", after: 1_793_509_200, count: 4)
        #expect(got == [1_793_511_000, 1_793_518_200, 1_793_521_800, 1_793_525_400])
    }

    /// Lord Howe moves its clocks by 30 minutes; 02:15 on 2026-10-04 does not exist.
    @Test func lordHoweHalfHourShift() throws {
        let got = try DaylightSavingTests.elapses("*-*-* 02:15", zone: "Australia/Lord_Howe", after: 1_790_949_600)
        #expect(got.count == 3)
        #expect(got.allSatisfy { FixtureRow.zone("Australia/Lord_Howe").localTime($0).minute == 15 })
    }

    /// Chatham (UTC+12:45/+13:45): the same wall time each day, an hour apart across the change.
    @Test func chathamQuarterHourZone() throws {
        let got = try DaylightSavingTests.elapses("*-*-* 12:00", zone: "Pacific/Chatham", after: 1_775_300_000)
        let zone = FixtureRow.zone("Pacific/Chatham")
        #expect(got.map { zone.localTime($0).hour } == [12, 12, 12])
    }

    /// Dublin's winter time is flagged as daylight saving time (a negative DST). Hourly runs on
    /// through the spring change without repeating midnight, as systemd does.
    @Test func dublinHourlyAcrossSpringChange() throws {
        let base = 1_743_285_600  // Sat 2025-03-29 22:00:00 UTC
        let got = try DaylightSavingTests.elapses("hourly", zone: "Europe/Dublin", after: base, count: 5)
        #expect(got == [1_743_289_200, 1_743_292_800, 1_743_296_400, 1_743_300_000, 1_743_303_600])
    }

    /// Where systemd's own search runs in circles around Dublin's change, it stops after 1000
    /// steps; so does ours, with an error that says so.
    @Test func dublinSearchGivesUpLikeSystemd() throws {
        let error = #expect(throws: ScheduleError.self) {
            try DaylightSavingTests.elapses(
                "Sun,Mon,Sat 4/11:17", zone: "Europe/Dublin", after: 1_774_652_400, count: 3)
        }
        #expect(error?.searchGaveUp == true)
        #expect(error?.description.contains("1000 search steps") == true)
    }

    /// RFC 5545 §3.3.5: a missing local time is read with the offset from before the gap, a
    /// repeated one means the first.
    @Test func recurrenceGapAndOverlap() throws {
        let gap = try Recurrence(
            parsing: "DTSTART;TZID=America/New_York:20260307T023000\nRRULE:FREQ=DAILY;COUNT=3",
            zones: SystemZones.shared, local: .utc)
        #expect(
            gap.occurrences(after: 0, count: 3).map { $0 / 1_000_000 } == [1_772_868_600, 1_772_955_000, 1_773_037_800])
        let overlap = try Recurrence(
            parsing: "DTSTART;TZID=America/New_York:20261101T013000\nRRULE:FREQ=DAILY;COUNT=1",
            zones: SystemZones.shared, local: .utc)
        #expect(overlap.occurrences(after: 0, count: 1).map { $0 / 1_000_000 } == [1_793_511_000])
    }
}
