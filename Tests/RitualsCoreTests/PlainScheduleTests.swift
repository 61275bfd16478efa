import RitualsConfig
import RitualsCore
import Testing

/// The plain `every ...` form and the RRULE it stands for.
struct PlainScheduleTests {
    static let cases: [(String, String)] = [
        (
            "every 2 weeks on fri at 19:00 from 2026-12-04",
            "DTSTART:20261204T000000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=19;BYDAY=FR"
        ),
        (
            "every day at 21:00",
            "DTSTART:20240101T000000\nRRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=21"
        ),
        (
            "every 1 days at 08:00, 21:30 from 2026-01-01",
            "DTSTART:20260101T000000\nRRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=8\n"
                + "RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=30;BYHOUR=21"
        ),
        (
            "every month on Saturday at 10:00",
            "DTSTART:20240101T000000\nRRULE:FREQ=MONTHLY;BYSECOND=0;BYMINUTE=0;BYHOUR=10;BYDAY=SA"
        ),
        (
            "Every Other Week on weekdays and sun",
            "DTSTART:20240101T000000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR,SU"
        ),
        ("every 3 months from 2026-02-15", "DTSTART:20260215T000000\nRRULE:FREQ=MONTHLY;INTERVAL=3"),
    ]

    @Test(arguments: 0..<PlainScheduleTests.cases.count)
    func normalizesToRRule(_ i: Int) throws {
        let (text, rule) = PlainScheduleTests.cases[i]
        let schedule = try Schedule(parsing: text, zones: SystemZones.shared, local: .utc)
        #expect(schedule.normalized == rule)
        let again = try Schedule(parsing: schedule.normalized, zones: SystemZones.shared, local: .utc)
        #expect(again.normalized == rule)
        var solver = WallClockSolver(zone: .utc)
        #expect(
            try again.nextElapses(after: 1_764_000_000_000_000, count: 5, local: &solver)
                == schedule.nextElapses(after: 1_764_000_000_000_000, count: 5, local: &solver))
    }

    @Test func everyOtherFridayAlternates() throws {
        let s = try Schedule(
            parsing: "every 2 weeks on fri at 19:00 from 2026-12-04", zones: SystemZones.shared, local: .utc)
        var solver = WallClockSolver(zone: .utc)
        let next = try s.nextElapses(after: 1_764_000_000_000_000, count: 3, local: &solver).map { $0 / 1_000_000 }
        #expect(zip(next, next.dropFirst()).allSatisfy { $1 - $0 == 14 * 86_400 })
        #expect(next.first == 1_796_410_800)
    }

    static let refused: [(String, String)] = [
        ("every", "expected day(s), week(s) or month(s)"),
        ("every 0 days", "between 1 and 1000"),
        ("every 2 fortnights", "expected day(s), week(s) or month(s)"),
        ("every day at 25:00", "is not a time"),
        ("every week on funday", "is not a weekday"),
        ("every day from 2026-02-30", "is not a date"),
        ("every day at 10:00 at 11:00", "given twice"),
        ("every day sometimes", "unexpected \"sometimes\""),
    ]

    @Test(arguments: 0..<PlainScheduleTests.refused.count)
    func refusesWithReason(_ i: Int) {
        let (text, reason) = PlainScheduleTests.refused[i]
        do {
            _ = try Schedule(parsing: text, zones: SystemZones.shared, local: .utc)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.reason.contains(reason), "\(error)")
            #expect(error.description.hasPrefix("invalid schedule \""))
        }
    }
}
