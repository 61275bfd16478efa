import Testing

@testable import RitualsCore

/// Where a recurrence ends is found once: later questions about times after it are answered at
/// once; a rule that still occurs, however rarely, is never taken for one that ended.
struct ScheduleEndTests {
    func schedule(_ text: String) throws -> Schedule {
        try Schedule(parsing: text, zones: FixedZones([]), local: .utc)
    }

    @Test func aRuleThatCannotOccurIsSearchedOnce() throws {
        let s = try schedule("DTSTART:20260101T000000Z\nRRULE:FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30")
        #expect(s.end.nothingAfter == nil)
        #expect(s.neverElapses(after: 1_767_225_600_000_000))
        #expect(s.end.nothingAfter == 1_767_225_600_000_000)
        var solver = WallClockSolver(zone: .utc)
        #expect(try s.nextElapses(after: 1_900_000_000_000_000, count: 5, local: &solver).isEmpty)
        #expect(s.end.nothingAfter == 1_767_225_600_000_000, "answered from what was found")
    }

    @Test func aRuleThatEndedIsKnownFromItsLastOccurrence() throws {
        let s = try schedule("DTSTART:20260101T090000Z\nRRULE:FREQ=DAILY;COUNT=3")
        var solver = WallClockSolver(zone: .utc)
        let all = try s.nextElapses(after: 0, count: 10, local: &solver)
        #expect(all.count == 3)
        #expect(s.end.nothingAfter == all.last)
        #expect(try s.nextElapses(after: all[0], count: 10, local: &solver) == Array(all.dropFirst()))
    }

    @Test func aRareRuleIsFoundAgainAndAgain() throws {
        let s = try schedule(
            "DTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=0;BYMINUTE=0")
        var solver = WallClockSolver(zone: .utc)
        // From March 2027 the next 29 February is in 2028.
        let next = try s.nextElapses(after: 1_805_000_000_000_000, count: 1, local: &solver)
        #expect(next == [1_835_395_200_000_000])
        #expect(s.end.nothingAfter == nil)
    }
}
