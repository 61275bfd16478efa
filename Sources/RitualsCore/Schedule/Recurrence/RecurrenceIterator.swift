/// Expands one RRULE into its wall-clock occurrences in order, with the semantics of
/// python-dateutil's `rrule` (which follows RFC 5545 and settles what the RFC leaves open).
///
/// Periods (a year, a month, a week, a day, an hour, ...) are numbered from DTSTART's; each
/// yields the days that pass every BYxxx filter, crossed with the times, then BYSETPOS picks.
/// Wall times are seconds since 1970-01-01T00:00 read as if UTC.
struct RecurrenceIterator {
    typealias Frequency = RecurrenceRule.Frequency

    let rule: RecurrenceRule
    let start: Int
    let startDay: Int
    /// Sorted times of day (seconds) for frequencies of a day or longer.
    let times: [Int]
    /// Bit m set for each BYMONTH month; 0 when any month will do.
    let monthMask: Int
    /// Bit d set for each plain BYDAY weekday (0 = Monday); 0 when any weekday will do.
    let weekdayMask: Int
    let nthWeekdays: [RecurrenceRule.WeekdayNumber]?
    /// Bit d for BYMONTHDAY d, and bit d of `negativeMonthDayMask` for BYMONTHDAY -d.
    let monthDayMask: Int
    let negativeMonthDayMask: Int
    var hasMonthDays: Bool { monthDayMask != 0 || negativeMonthDayMask != 0 }
    /// Whether any filter needs the day's calendar date, not just its weekday.
    let needsDate: Bool
    let yearDays: Set<Int>?
    let hours: Set<Int>?
    let minutes: Set<Int>?
    let seconds: Set<Int>?
    let weekStart: Int
    /// Compares UNTIL as an instant when it was given in UTC.
    let instant: (@Sendable (Int) -> Int)?

    var period = 0
    var remaining: Int?
    var buffer: [Int] = []
    var bufferIndex = 0
    var finished = false
    var yearCache = YearInfo.empty
    /// Scratch space reused from period to period.
    var candidates: [Int] = []
    var found: [Int] = []
    /// Periods searched without an occurrence before the search gives up for sub-daily rules.
    static let idleLimit = 5_000_000

    /// The Gregorian calendar repeats every 400 years (146097 days, 20871 weeks): a rule that
    /// finds nothing in that many consecutive periods never will.
    var cyclePeriods: Int {
        switch rule.frequency {
        case .yearly: return 400
        case .monthly: return 4800
        case .weekly: return 20_871
        case .daily: return 146_097
        default: return RecurrenceIterator.idleLimit
        }
    }

    init(rule: RecurrenceRule, start: Int, instant: (@Sendable (Int) -> Int)?) {
        self.rule = rule
        self.start = start
        self.instant = instant
        startDay = Civil.floorDiv(start, Civil.secondsPerDay)
        let startTime = start - startDay * Civil.secondsPerDay
        let (h0, m0, s0) = (startTime / 3600, startTime / 60 % 60, startTime % 60)
        let date = Civil.date(days: startDay)
        var byMonth = rule.byMonth
        var byMonthDay = rule.byMonthDay
        var byDay = rule.byDay
        if rule.byWeekNo == nil && rule.byYearDay == nil && rule.byMonthDay == nil && rule.byDay == nil {
            switch rule.frequency {
            case .yearly:
                byMonth = byMonth ?? [date.month]
                byMonthDay = [date.day]
            case .monthly: byMonthDay = [date.day]
            case .weekly: byDay = [.init(weekday: Civil.weekday(days: startDay), ordinal: nil)]
            default: break
            }
        }
        monthMask = (byMonth ?? []).reduce(0) { $0 | 1 << $1 }
        monthDayMask = (byMonthDay ?? []).filter { $0 > 0 }.reduce(0) { $0 | 1 << $1 }
        negativeMonthDayMask = (byMonthDay ?? []).filter { $0 < 0 }.reduce(0) { $0 | 1 << -$1 }
        yearDays = rule.byYearDay.map(Set.init)
        let plain = byDay?.filter { $0.ordinal == nil }.map(\.weekday)
        weekdayMask = (plain ?? []).reduce(0) { $0 | 1 << $1 }
        let nth = byDay?.filter { $0.ordinal != nil }
        nthWeekdays = (nth?.isEmpty ?? true) ? nil : nth
        weekStart = rule.weekStart ?? 0
        needsDate = byMonth != nil || byMonthDay != nil || rule.byYearDay != nil || rule.byWeekNo != nil
        let f = rule.frequency
        hours = rule.byHour.map(Set.init) ?? (f < .hourly ? [h0] : nil)
        minutes = rule.byMinute.map(Set.init) ?? (f < .minutely ? [m0] : nil)
        seconds = rule.bySecond.map(Set.init) ?? (f < .secondly ? [s0] : nil)
        var t: [Int] = []
        if f < .hourly {
            for h in hours! { for m in minutes! { for s in seconds! { t.append(h * 3600 + m * 60 + s) } } }
        }
        times = t.sorted()
        remaining = rule.count
    }

    /// The next occurrence's wall time, or nil at the end.
    mutating func next() -> Int? {
        var idle = 0
        while bufferIndex >= buffer.count {
            if finished || idle > cyclePeriods { return nil }
            buffer.removeAll(keepingCapacity: true)
            bufferIndex = 0
            fill()
            idle += 1
        }
        let w = buffer[bufferIndex]
        bufferIndex += 1
        return w
    }

    /// Moves to the first period that may hold occurrences at or after `wall`; only for rules without COUNT.
    mutating func seek(to wall: Int) {
        guard rule.count == nil, wall > start else { return }
        let step = rule.interval
        let k: Int
        switch rule.frequency {
        case .yearly:
            k =
                (Civil.date(days: Civil.floorDiv(wall, Civil.secondsPerDay)).year - Civil.date(days: startDay).year)
                / step
        case .monthly:
            let a = Civil.date(days: startDay)
            let b = Civil.date(days: Civil.floorDiv(wall, Civil.secondsPerDay))
            k = ((b.year * 12 + b.month) - (a.year * 12 + a.month)) / step
        case .weekly: k = (Civil.floorDiv(wall, Civil.secondsPerDay) - weekOrigin) / (7 * step)
        case .daily: k = (Civil.floorDiv(wall, Civil.secondsPerDay) - startDay) / step
        default: k = (wall - subDayOrigin) / (unit * step)
        }
        if k - 1 > period { period = k - 1 }
    }

    var weekOrigin: Int { startDay - Civil.floorMod(Civil.weekday(days: startDay) - weekStart, 7) }
    var unit: Int { rule.frequency == .hourly ? 3600 : (rule.frequency == .minutely ? 60 : 1) }
    var subDayOrigin: Int { start - Civil.floorMod(start, unit) }
}
