/// Filling the buffer with one period's occurrences.
extension RecurrenceIterator {
    /// The last year python's `datetime` can hold; iteration stops there.
    static let lastYear = 9999

    /// Per-year facts, computed once per year.
    struct YearInfo {
        var year = Int.min
        var firstDay = 0
        var length = 0
        /// 0-based days of the year inside a BYWEEKNO week.
        var weekDays: Set<Int> = []

        static let empty = YearInfo()
    }

    mutating func fill() {
        let k = period
        period += 1
        let step = rule.interval
        var days: Range<Int>
        var periodStart = 0
        switch rule.frequency {
        case .yearly:
            let a = Civil.date(days: startDay)
            let y = a.year + k * step
            guard y <= RecurrenceIterator.lastYear else { return finish() }
            days = Civil.daysBeforeYear(y)..<Civil.daysBeforeYear(y + 1)
        case .monthly:
            let a = Civil.date(days: startDay)
            let index = a.year * 12 + a.month - 1 + k * step
            let y = index / 12
            let m = index % 12 + 1
            guard y <= RecurrenceIterator.lastYear else { return finish() }
            let first = Civil.days(year: y, month: m, day: 1)
            days = first..<first + Civil.daysInMonth(y, m)
        case .weekly:
            let first = weekOrigin + 7 * step * k
            // The first week begins at DTSTART itself, so BYSETPOS counts from there.
            days = (k == 0 ? startDay : first)..<first + 7
        case .daily:
            let d = startDay + k * step
            days = d..<d + 1
        case .hourly, .minutely, .secondly:
            periodStart = subDayOrigin + k * step * unit
            let d = Civil.floorDiv(periodStart, Civil.secondsPerDay)
            days = d..<d + 1
        }
        guard Civil.date(days: days.lowerBound).year <= RecurrenceIterator.lastYear else { return finish() }
        if let until = rule.until {
            // Periods only move forward: once one starts after UNTIL, nothing more can come.
            let margin = rule.untilIsUTC ? 2 * Civil.secondsPerDay : 0
            if days.lowerBound * Civil.secondsPerDay - margin > until { return finish() }
        }
        let nth = nthWeekdays.map { nthDays(in: days, $0) }
        if rule.frequency >= .hourly && !accepts(days.lowerBound, nth: nth) {
            // Nothing on this day: go straight to the first period of the next day.
            let next = (days.lowerBound + 1) * Civil.secondsPerDay
            let span = step * unit
            period = max(period, (next - subDayOrigin + span - 1) / span)
            return
        }
        let dayTimes = rule.frequency >= .hourly ? timesFor(periodStart) : times
        guard !dayTimes.isEmpty else { return }
        guard let positions = rule.bySetPos else {
            for d in days where accepts(d, nth: nth) {
                for t in dayTimes where !finished { emit(d * Civil.secondsPerDay + t) }
            }
            return
        }
        candidates.removeAll(keepingCapacity: true)
        for d in days where accepts(d, nth: nth) { candidates.append(d) }
        found.removeAll(keepingCapacity: true)
        let total = candidates.count * dayTimes.count
        for pos in positions {
            let i = pos > 0 ? pos - 1 : total + pos
            guard i >= 0 && i < total else { continue }
            let w = candidates[i / dayTimes.count] * Civil.secondsPerDay + dayTimes[i % dayTimes.count]
            if !found.contains(w) { found.append(w) }
        }
        found.sort()
        for w in found where !finished { emit(w) }
    }

    /// Applies UNTIL, DTSTART and COUNT to one candidate, in python-dateutil's order.
    private mutating func emit(_ w: Int) {
        if let until = rule.until {
            let compared = rule.untilIsUTC ? (instant?(w) ?? w) : w
            if compared > until { return finish() }
        }
        guard w >= start else { return }
        if let r = remaining {
            if r <= 0 { return finish() }
            remaining = r - 1
        }
        buffer.append(w)
    }

    mutating func finish() { finished = true }

    private mutating func accepts(_ d: Int, nth: Set<Int>?) -> Bool {
        if weekdayMask != 0 && weekdayMask & (1 << Civil.weekday(days: d)) == 0 { return false }
        if let nth, !nth.contains(d) { return false }
        if !needsDate { return true }
        let (y, m, day) = Civil.date(days: d)
        if monthMask != 0 && monthMask & (1 << m) == 0 { return false }
        if rule.byWeekNo != nil {
            let info = yearInfo(y)
            if !info.weekDays.contains(d - info.firstDay) { return false }
        }
        if hasMonthDays && monthDayMask & (1 << day) == 0
            && negativeMonthDayMask & (1 << (Civil.daysInMonth(y, m) + 1 - day)) == 0
        {
            return false
        }
        if let yearDays {
            let first = Civil.daysBeforeYear(y)
            let yd = d - first + 1
            if !yearDays.contains(yd) && !yearDays.contains(yd - Civil.daysInYear(y) - 1) { return false }
        }
        return true
    }

    private func timesFor(_ p: Int) -> [Int] {
        let t = Civil.floorMod(p, Civil.secondsPerDay)
        let (h, m, s) = (t / 3600, t / 60 % 60, t % 60)
        if let hours, !hours.contains(h) { return [] }
        switch rule.frequency {
        case .hourly:
            var out: [Int] = []
            for mm in minutes! { for ss in seconds! { out.append(h * 3600 + mm * 60 + ss) } }
            return out.sorted()
        case .minutely:
            if let minutes, !minutes.contains(m) { return [] }
            return seconds!.sorted().map { h * 3600 + m * 60 + $0 }
        default:
            if let minutes, !minutes.contains(m) { return [] }
            if let seconds, !seconds.contains(s) { return [] }
            return [t]
        }
    }

    /// Days of the period that are the n-th given weekday of their month (MONTHLY, or YEARLY with
    /// BYMONTH) or of their year (YEARLY).
    private func nthDays(in days: Range<Int>, _ entries: [RecurrenceRule.WeekdayNumber]) -> Set<Int> {
        var ranges: [Range<Int>] = []
        let y = Civil.date(days: days.lowerBound).year
        if rule.frequency == .yearly {
            if monthMask != 0 {
                for m in 1...12 where monthMask & (1 << m) != 0 {
                    let first = Civil.days(year: y, month: m, day: 1)
                    ranges.append(first..<first + Civil.daysInMonth(y, m))
                }
            } else {
                ranges.append(days)
            }
        } else if rule.frequency == .monthly {
            ranges.append(days)
        }
        var out: Set<Int> = []
        for r in ranges {
            let last = r.upperBound - 1
            for e in entries {
                guard let n = e.ordinal else { continue }
                var d: Int
                if n < 0 {
                    d = last + (n + 1) * 7
                    d -= Civil.floorMod(Civil.weekday(days: d) - e.weekday, 7)
                } else {
                    d = r.lowerBound + (n - 1) * 7
                    d += Civil.floorMod(7 - Civil.weekday(days: d) + e.weekday, 7)
                }
                if r.contains(d) { out.insert(d) }
            }
        }
        return out
    }

    private mutating func yearInfo(_ y: Int) -> YearInfo {
        if yearCache.year == y { return yearCache }
        var info = YearInfo(year: y, firstDay: Civil.daysBeforeYear(y), length: Civil.daysInYear(y))
        info.weekDays = RecurrenceIterator.weekNumberDays(year: y, weeks: rule.byWeekNo ?? [], weekStart: weekStart)
        yearCache = info
        return info
    }
}
