/// Counting elapses without computing each one. Inside a span of one UTC offset, wall time runs
/// evenly with the instants, so a schedule whose matches depend only on the weekday and the time
/// of day repeats itself every week there (every INTERVAL weeks for a recurrence): one period is
/// computed elapse by elapse, where its elapses fall in wall time is kept per DST flag, and any
/// stretch of a span is counted from that. Near every offset change (its size and an hour either
/// side) elapses are computed one by one.
extension Schedule {
    /// Wall-time periodicity: the period (seconds), the zone wall time is read in, and the
    /// instants (microseconds) between which it holds.
    struct Periodicity {
        var seconds: Int
        var zone: Zone
        var from = Int.min
        var through = Int.max
    }

    static let week = 7 * Civil.secondsPerDay
    /// Seconds beyond an offset change's own size counted one by one on either side of it.
    static let edge = 3_600

    func periodicity(local: Zone) -> Periodicity? {
        switch form {
        case .calendar(let spec):
            // A repetition that runs past the end of its field carries into the next day; at the end
            // of a month systemd then skips the first value of the new day, so the week is no period.
            let repeats = [spec.hour, spec.minute, spec.microsecond].contains {
                $0?.contains { $0.repeatEvery > 0 } ?? false
            }
            guard spec.year == nil, spec.month == nil, spec.day == nil, !spec.endOfMonth, !repeats else { return nil }
            let zone = spec.utc ? Zone.utc : (spec.zone ?? local)
            return Periodicity(seconds: Schedule.week, zone: zone)
        case .recurrence(let set):
            guard set.rules.count == 1, set.extraDates.isEmpty, set.excludedDates.isEmpty, !set.dateOnly,
                let rule = set.rules.first, rule.count == nil, rule.bySetPos == nil, rule.byMonth == nil,
                rule.byMonthDay == nil, rule.byYearDay == nil, rule.byWeekNo == nil,
                rule.frequency.rawValue >= RecurrenceRule.Frequency.weekly.rawValue,
                rule.byDay?.allSatisfy({ $0.ordinal == nil }) ?? true, rule.interval > 0,
                rule.interval < 1_000
            else { return nil }
            let margin = 2 * Civil.secondsPerDay
            var p = Periodicity(seconds: Schedule.week * rule.interval, zone: set.zone)
            p.from = (set.start + margin) * Microseconds.second
            if let until = rule.until { p.through = (until - margin) * Microseconds.second }
            return p
        }
    }

    /// How many elapses lie in `(after, through]` (microseconds); counting stops once more than
    /// `limit` were found, and a calendar search that gives up ends the count.
    public func countElapses(after: Int, through: Int, limit: Int, local: inout WallClockSolver) -> Int {
        let periodic = periodicity(local: local.zone)
        var n = 0
        var cursor = after
        var hint = 0
        var phaseCache: [[Int]?] = [nil, nil]
        while cursor < through && n <= limit {
            var target = through
            if let p = periodic {
                let span = p.zone.span(at: Civil.floorDiv(cursor, Microseconds.second), hint: &hint)
                // Wall times near an offset change are missing, doubled or moved by up to the change.
                var other = hint
                let before = span.start == Int.min ? span.offset : p.zone.span(at: span.start - 1, hint: &other).offset
                let following = span.end == Int.max ? span.offset : p.zone.span(at: span.end, hint: &other).offset
                let startMargin = abs(span.offset - before) + Schedule.edge
                let endMargin = abs(following - span.offset) + Schedule.edge
                let safeStart = span.start == Int.min ? Int.min : (span.start + startMargin) * Microseconds.second
                let safeEnd = span.end == Int.max ? Int.max : (span.end - endMargin) * Microseconds.second
                let lo = max(safeStart, p.from)
                let hi = min(safeEnd, p.through, through)
                let period = p.seconds * Microseconds.second
                let flag = span.isDST ? 1 : 0
                if cursor >= lo && hi > cursor && (phaseCache[flag] != nil || hi - cursor >= period) {
                    // Where in the period the elapses fall, in wall time: the same in every span
                    // with this DST flag, whatever its offset.
                    if phaseCache[flag] == nil {
                        let sample = exactElapses(
                            after: cursor, through: cursor + period, limit: limit - n, local: &local)
                        if sample.count > limit - n { return limit + 1 }
                        phaseCache[flag] = sample.map { Civil.floorMod($0 + span.offset * Microseconds.second, period) }
                            .sorted()
                    }
                    let phases = phaseCache[flag]!
                    func upTo(_ instant: Int) -> Int {
                        let wall = instant + span.offset * Microseconds.second
                        let rest = Civil.floorMod(wall, period)
                        return Civil.floorDiv(wall, period) * phases.count + phases.count { $0 <= rest }
                    }
                    let found = upTo(hi) - upTo(cursor)
                    if found > limit - n { return limit + 1 }
                    n += found
                    cursor = hi
                    continue
                }
                if cursor < lo {
                    target = min(lo, through)
                } else if span.end != Int.max {
                    target = min((span.end + endMargin) * Microseconds.second, through)
                }
            }
            n += exactCount(after: cursor, through: target, limit: limit - n, local: &local)
            cursor = target
        }
        return n
    }

    /// Elapses in `(after, through]` one by one, stopping once more than `limit` were found.
    func exactCount(after: Int, through: Int, limit: Int, local: inout WallClockSolver) -> Int {
        exactElapses(after: after, through: through, limit: limit, local: &local).count
    }

    /// The elapses in `(after, through]`, at most `limit + 1` of them.
    func exactElapses(after: Int, through: Int, limit: Int, local: inout WallClockSolver) -> [Int] {
        var out: [Int] = []
        var cursor = after
        // Small batches first: most stretches counted this way hold a few elapses.
        var size = 1
        while out.count <= limit {
            guard let batch = try? nextElapses(after: cursor, count: size, local: &local), !batch.isEmpty else {
                return out
            }
            for t in batch {
                if t > through || out.count > limit { return out }
                out.append(t)
            }
            if batch.count < size { return out }
            cursor = batch[batch.count - 1]
            if out.count >= 4 { size = min(size * 2, 64) }
        }
        return out
    }
}
