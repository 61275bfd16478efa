/// The `mktime`/`timegm` steps the calendar search takes, in UTC or through a wall-clock solver.
struct CalendarClock {
    /// nil for UTC.
    var solver: WallClockSolver?
    /// A UTC offset to use instead of the solver, where it is known that no offset change is near.
    var fixed: (offset: Int, isDST: Bool)?
    /// The instants (seconds) the fixed offset holds for; a step that lands outside them sets
    /// `leftSpan`, and the result of a search with the fixed offset is then not to be trusted.
    var span: Range<Int>?
    private(set) var leftSpan = false

    func breakDown(_ seconds: Int) -> LocalTime {
        if let fixed { return LocalTime(epochSeconds: seconds, offset: fixed.offset, isDST: fixed.isDST) }
        return solver?.zone.localTime(seconds) ?? LocalTime(epochSeconds: seconds)
    }

    /// Normalizes `tm` in place and returns its instant, like `mktime_or_timegm`.
    mutating func normalize(_ tm: inout LocalTime, isdst: Int) -> Int? {
        if let fixed {
            let s: Int
            if tm.isInRange {
                let days = Civil.days(year: tm.year, month: tm.month, day: tm.day)
                tm.weekday = Civil.weekday(days: days)
                tm.yearDay = Civil.yearDay(year: tm.year, month: tm.month, day: tm.day)
                tm.isDST = fixed.isDST
                tm.utcOffset = fixed.offset
                s = days &* Civil.secondsPerDay &+ tm.hour &* 3600 &+ tm.minute &* 60 &+ tm.second &- fixed.offset
            } else {
                s = tm.secondsAsUTC &- fixed.offset
                tm = LocalTime(epochSeconds: s, offset: fixed.offset, isDST: fixed.isDST)
            }
            if let span, !span.contains(s) { leftSpan = true }
            return s
        }
        if solver == nil {
            let s = tm.secondsAsUTC
            tm = LocalTime(epochSeconds: s)
            return s
        }
        return solver!.solve(&tm, isDST: isdst)
    }

    /// Normalizes `tm`, never moving it backwards: where a wall time that does not exist would
    /// be read as the earlier side of the gap (zones whose daylight-saving flag is set in winter,
    /// such as Europe/Dublin), it is read with the flag of that earlier side, which lands after
    /// the gap. Elapses therefore never repeat.
    mutating func normalizeForward(_ tm: inout LocalTime, isdst: Int) {
        var t = tm
        guard normalize(&t, isdst: isdst) != nil else { return }
        if isdst < 0 && t.secondsAsUTC < tm.secondsAsUTC {
            var forward = tm
            if normalize(&forward, isdst: t.isDST ? 1 : 0) != nil, forward.secondsAsUTC >= tm.secondsAsUTC {
                tm = forward
                return
            }
        }
        tm = t
    }

    /// Whether `tm` is a real time: 1 when it is, 0 when normalizing moved it forward (`tm` then
    /// holds the normalized time, lower fields reset), -1 when it lies past the last year a
    /// calendar expression may name, cannot be normalized, or would move backwards.
    mutating func withinBounds(_ tm: inout LocalTime, _ isdst: inout Int) -> Int {
        if tm.year > CalendarSpec.maxYear { return -1 }
        var t = tm
        guard normalize(&t, isdst: isdst) != nil else { return -1 }
        let cmp: Int
        if t.year != tm.year {
            cmp = t.year < tm.year ? -1 : 1
            t.month = 1
        } else if t.month != tm.month {
            cmp = t.month < tm.month ? -1 : 1
            t.day = 1
        } else if t.day != tm.day {
            cmp = t.day < tm.day ? -1 : 1
            t.hour = 0
        } else if t.hour != tm.hour {
            cmp = t.hour < tm.hour ? -1 : 1
            t.minute = 0
        } else if t.minute != tm.minute {
            cmp = t.minute < tm.minute ? -1 : 1
            t.second = 0
        } else {
            cmp = t.second == tm.second ? 0 : (t.second < tm.second ? -1 : 1)
        }
        if cmp < 0 { return -1 }
        if cmp > 0 {
            tm = t
            isdst = t.isDST ? 1 : 0
            return 0
        }
        return 1
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
