/// BYWEEKNO: which days of a year fall in the given week numbers, weeks starting on `weekStart`
/// and week 1 being the first with at least four days in the year (RFC 5545, ISO 8601).
extension RecurrenceIterator {
    static func weekNumberDays(year: Int, weeks: [Int], weekStart: Int) -> Set<Int> {
        let length = Civil.daysInYear(year)
        let jan1 = Civil.daysBeforeYear(year)
        let jan1Weekday = Civil.weekday(days: jan1)
        func weekday(_ i: Int) -> Int { Civil.weekday(days: jan1 + i) }
        let firstWeekStart = Civil.floorMod(7 - jan1Weekday + weekStart, 7)
        var week1 = firstWeekStart
        let weeksLength: Int
        if week1 >= 4 {
            week1 = 0
            weeksLength = length + Civil.floorMod(jan1Weekday - weekStart, 7)
        } else {
            weeksLength = length - week1
        }
        let weekCount = weeksLength / 7 + (weeksLength % 7) / 4
        var out: Set<Int> = []
        func markWeek(from first: Int) {
            var i = first
            for _ in 0..<7 {
                out.insert(i)
                i += 1
                if weekday(i) == weekStart { break }
            }
        }
        func startOfWeek(_ n: Int) -> Int {
            var i = week1 + (n - 1) * 7
            if week1 != firstWeekStart { i -= 7 - firstWeekStart }
            return i
        }
        for var n in weeks {
            if n < 0 { n += weekCount + 1 }
            guard n > 0 && n <= weekCount else { continue }
            markWeek(from: n > 1 ? startOfWeek(n) : week1)
        }
        if weeks.contains(1) {
            // Week 1 of the next year may begin in this one.
            let i = startOfWeek(weekCount + 1)
            if i < length { markWeek(from: i) }
        }
        if week1 > 0 {
            // Days before week 1 belong to the last week of the previous year.
            var lastWeekOfPrevious = -1
            if !weeks.contains(-1) {
                let prevJan1Weekday = Civil.weekday(days: Civil.daysBeforeYear(year - 1))
                let prevFirst = Civil.floorMod(7 - prevJan1Weekday + weekStart, 7)
                let prevLength = Civil.daysInYear(year - 1)
                if prevFirst >= 4 {
                    lastWeekOfPrevious = 52 + (prevLength + Civil.floorMod(prevJan1Weekday - weekStart, 7)) % 7 / 4
                } else {
                    lastWeekOfPrevious = 52 + (length - week1) % 7 / 4
                }
            }
            if weeks.contains(lastWeekOfPrevious) {
                for i in 0..<week1 { out.insert(i) }
            }
        }
        return out
    }
}
