/// Next-elapse computation, following systemd 252 step by step so that results agree to the
/// microsecond, daylight-saving days included (a wall time that does not exist that day is skipped
/// to the next day, as systemd does).
extension CalendarSpec {
    /// Largest instant systemd formats, 9999-12-31 23:59:59 UTC, in microseconds.
    public static let maxTimestamp = 253_402_300_799_999_999
    /// systemd gives up on one search after this many steps, and so do we.
    static let iterationLimit = 1000

    /// The first elapse strictly after `usec` (microseconds since the epoch), or nil when the
    /// expression never elapses again (it stops at the end of ``maxYear``). Throws when the search
    /// gives up after ``iterationLimit`` steps, as systemd's does.
    ///
    /// `local` converts wall times for expressions without a zone of their own; it carries
    /// glibc's guess from one call to the next, as systemd's process does.
    public func nextElapse(after usec: Int, local: inout WallClockSolver) throws(ScheduleError) -> Int? {
        guard usec >= 0, usec < CalendarSpec.maxTimestamp else { return nil }
        if utc {
            var clock = CalendarClock(solver: nil)
            return try nextElapse(after: usec, clock: &clock)
        }
        if let zone {
            var clock = CalendarClock(solver: WallClockSolver(zone: zone))
            return try nextElapse(after: usec, clock: &clock)
        }
        var clock = CalendarClock(solver: local)
        defer { if let s = clock.solver { local = s } }
        return try nextElapse(after: usec, clock: &clock)
    }

    /// Up to `count` successive elapses after `usec`.
    public func nextElapses(after usec: Int, count: Int, local: inout WallClockSolver) throws(ScheduleError) -> [Int] {
        var out: [Int] = []
        var at = usec
        while out.count < count, let next = try nextElapse(after: at, local: &local) {
            out.append(next)
            at = next
        }
        return out
    }

    /// Far from any change of UTC offset every `mktime` step has exactly one answer, the one plain
    /// arithmetic with the current offset gives. Search that way first and keep the result when the
    /// whole stretch from `usec` to it lies inside one offset span.
    static let quietMargin = 2 * Civil.secondsPerDay

    private func nextElapse(after usec: Int, clock: inout CalendarClock) throws(ScheduleError) -> Int? {
        if dst < 0, var solver = clock.solver {
            let seconds = Civil.floorDiv(usec, Microseconds.second)
            var hint = solver.hint
            let span = solver.zone.span(at: seconds, hint: &hint)
            solver.hint = hint
            if seconds >= span.start &+ CalendarSpec.quietMargin {
                // A step that carries the search into another offset span (a month past December
                // lands in summer) takes glibc's daylight-saving guess along, as systemd's does:
                // only the exact search follows it.
                var quick = CalendarClock(solver: nil, fixed: (span.offset, span.isDST))
                quick.span = span.start..<span.end
                if let result = try? exactNextElapse(after: usec, clock: &quick), !quick.leftSpan,
                    result / Microseconds.second < span.end &- CalendarSpec.quietMargin
                {
                    solver.offsetGuess = -span.offset
                    clock.solver = solver
                    return result
                }
            }
        }
        return try exactNextElapse(after: usec, clock: &clock)
    }

    private func exactNextElapse(after usec: Int, clock: inout CalendarClock) throws(ScheduleError) -> Int? {
        let from = usec + 1
        let unit = Microseconds.second
        var tm = clock.breakDown(from / unit)
        var tmUsec = from % unit
        var isdst = tm.isDST ? 1 : 0
        guard try findNext(&tm, &tmUsec, &isdst, clock: &clock), let t = clock.normalize(&tm, isdst: dst) else {
            return nil
        }
        return t * unit + tmUsec
    }

    private func findNext(_ tm: inout LocalTime, _ usec: inout Int, _ isdst: inout Int, clock: inout CalendarClock)
        throws(ScheduleError) -> Bool
    {
        var c = tm
        var cUsec = usec
        let unit = Microseconds.second
        for _ in 0..<CalendarSpec.iterationLimit {
            clock.normalizeForward(&c, isdst: isdst)

            isdst = dst

            var r = matchingComponent(year, &c.year, c, &clock)
            if r > 0 {
                (c.month, c.day) = (1, 1)
                (c.hour, c.minute, c.second, cUsec) = (0, 0, 0, 0)
            }
            if r < 0 { return false }
            r = clock.withinBounds(&c, &isdst)
            if r < 0 { return false }
            if r == 0 { continue }

            r = matchingComponent(month, &c.month, c, &clock)
            if r > 0 {
                c.day = 1
                (c.hour, c.minute, c.second, cUsec) = (0, 0, 0, 0)
            }
            if r < 0
                || {
                    r = clock.withinBounds(&c, &isdst); return r < 0
                }()
            {
                c.year += 1
                (c.month, c.day) = (1, 1)
                (c.hour, c.minute, c.second, cUsec) = (0, 0, 0, 0)
                continue
            }
            if r == 0 { continue }

            r = matchingComponent(day, &c.day, c, &clock, endOfMonth: endOfMonth)
            if r > 0 { (c.hour, c.minute, c.second, cUsec) = (0, 0, 0, 0) }
            if r < 0
                || {
                    r = clock.withinBounds(&c, &isdst); return r < 0
                }()
            {
                c.month += 1
                c.day = 1
                (c.hour, c.minute, c.second, cUsec) = (0, 0, 0, 0)
                continue
            }
            if r == 0 { continue }

            if !clock.matchesWeekday(weekdays, c, isdst: isdst) {
                c.day += 1
                (c.hour, c.minute, c.second, cUsec) = (0, 0, 0, 0)
                continue
            }

            r = matchingComponent(hour, &c.hour, c, &clock)
            if r > 0 { (c.minute, c.second, cUsec) = (0, 0, 0) }
            if r < 0
                || {
                    r = clock.withinBounds(&c, &isdst); return r < 0
                }()
            {
                c.day += 1
                (c.hour, c.minute, c.second, cUsec) = (0, 0, 0, 0)
                continue
            }
            if r == 0 { continue }

            r = matchingComponent(minute, &c.minute, c, &clock)
            if r > 0 { (c.second, cUsec) = (0, 0) }
            if r < 0
                || {
                    r = clock.withinBounds(&c, &isdst); return r < 0
                }()
            {
                c.hour += 1
                (c.minute, c.second, cUsec) = (0, 0, 0)
                continue
            }
            if r == 0 { continue }

            var combined = c.second * unit + cUsec
            r = matchingComponent(microsecond, &combined, c, &clock)
            cUsec = combined % unit
            c.second = combined / unit
            if r < 0
                || {
                    r = clock.withinBounds(&c, &isdst); return r < 0
                }()
            {
                c.minute += 1
                (c.second, cUsec) = (0, 0)
                continue
            }
            if r == 0 { continue }

            tm = c
            usec = cUsec
            return true
        }
        var error = ScheduleError(
            .calendar, normalized,
            "no elapse found within \(CalendarSpec.iterationLimit) search steps (systemd stops there too)")
        error.searchGaveUp = true
        throw error
    }

    /// The earliest value of `chain` at or after `value`: 0 when `value` already matches, 1 when it
    /// moved, -1 when nothing in the chain is left.
    private func matchingComponent(
        _ chain: [Component]?, _ value: inout Int, _ tm: LocalTime, _ clock: inout CalendarClock,
        endOfMonth: Bool = false
    ) -> Int {
        guard let chain else { return 0 }
        var best = -1
        var found = false
        for c in chain {
            var start = c.start
            var stop = c.stop
            if endOfMonth {
                start = clock.dayFromEnd(tm, c.start)
                stop = clock.dayFromEnd(tm, c.stop)
                if stop > 0 { swap(&start, &stop) }
            }
            if start >= value {
                if !found || start < best {
                    best = start
                    found = true
                }
            } else if c.repeatEvery > 0 {
                let k = start + c.repeatEvery * ((value - start + c.repeatEvery - 1) / c.repeatEvery)
                if (!found || k < best) && (stop < 0 || k <= stop) {
                    best = k
                    found = true
                }
            }
        }
        guard found else { return -1 }
        defer { value = best }
        return value != best ? 1 : 0
    }
}
