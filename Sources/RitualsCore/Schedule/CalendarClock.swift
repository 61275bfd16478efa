/// The `mktime`/`timegm` steps the calendar search takes, in UTC or through a wall-clock solver.
struct CalendarClock {
    /// nil for UTC.
    var solver: WallClockSolver?

    func breakDown(_ seconds: Int) -> LocalTime {
        solver?.zone.localTime(seconds)
            ?? LocalTime(epochSeconds: seconds, offset: 0, isDST: false, abbreviation: "UTC")
    }

    /// Normalizes `tm` in place and returns its instant, like `mktime_or_timegm`.
    mutating func normalize(_ tm: inout LocalTime, isdst: Int) -> Int? {
        if solver == nil {
            let s = tm.secondsAsUTC
            tm = LocalTime(epochSeconds: s, offset: 0, isDST: false, abbreviation: "UTC")
            return s
        }
        return solver!.solve(&tm, isDST: isdst)
    }

    /// True when `tm` is not a real time: normalizing it would change a field, or it lies past the
    /// last year a calendar expression may name.
    mutating func outOfBounds(_ tm: LocalTime, isdst: Int) -> Bool {
        var t = tm
        guard normalize(&t, isdst: isdst) != nil else { return true }
        if tm.year > CalendarSpec.maxYear { return true }
        return t.year != tm.year || t.month != tm.month || t.day != tm.day || t.hour != tm.hour
            || t.minute != tm.minute || t.second != tm.second
    }

    mutating func matchesWeekday(_ bits: Int, _ tm: LocalTime, isdst: Int) -> Bool {
        if bits < 0 || bits >= CalendarSpec.allWeekdays { return true }
        var t = tm
        guard normalize(&t, isdst: isdst) != nil else { return false }
        return bits & (1 << t.weekday) != 0
    }

    /// The day of `tm`'s month that lies `day - 1` days before its last day, or -1 when there is none.
    mutating func dayFromEnd(_ tm: LocalTime, _ day: Int) -> Int {
        var t = tm
        t.month += 1
        t.day = 1 - day
        guard normalize(&t, isdst: -1) != nil, t.month == tm.month else { return -1 }
        return t.day
    }
}
