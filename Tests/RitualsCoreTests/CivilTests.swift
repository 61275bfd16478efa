import RitualsCore
import Testing

/// The fast unsigned conversions agree with the plain signed formulas.
struct CivilTests {
    @Test func tablesMatchFormulas() {
        let from = Civil.referenceDays(year: -400, month: 1, day: 1)
        let to = Civil.referenceDays(year: 3000, month: 1, day: 1)
        var mismatches = 0
        for d in stride(from: from, to: to, by: 1) {
            let date = Civil.date(days: d)
            let expected = Civil.referenceDate(days: d)
            let yearDay = d - Civil.referenceDays(year: date.year, month: 1, day: 1)
            if date != expected || Civil.days(year: date.year, month: date.month, day: date.day) != d
                || Civil.yearDay(year: date.year, month: date.month, day: date.day) != yearDay
            {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    @Test(arguments: [(1970, 1, 1, 0, 3), (2000, 2, 29, 11_016, 1), (2026, 12, 4, 20_791, 4), (1969, 12, 31, -1, 2)])
    func knownDays(_ y: Int, _ m: Int, _ d: Int, _ days: Int, _ weekday: Int) {
        #expect(Civil.days(year: y, month: m, day: d) == days)
        #expect(Civil.weekday(days: days) == weekday)
    }
}
