/// The combinations RFC 5545 §3.3.10 forbids, and rules that could never produce a time.
extension RecurrenceRuleParser {
    func validate(_ rule: RecurrenceRule, at: Int, parts: [String: (String, Int)]) throws(ScheduleError) {
        func fail(_ reason: String) -> ScheduleError { parser.fail(reason, at: at) }
        let f = rule.frequency
        if rule.count != nil && rule.until != nil { throw fail("COUNT and UNTIL cannot both be given") }
        if rule.byWeekNo != nil && f != .yearly { throw fail("BYWEEKNO is only allowed with FREQ=YEARLY") }
        if rule.byYearDay != nil && [.daily, .weekly, .monthly].contains(f) {
            throw fail("BYYEARDAY is not allowed with FREQ=\(f.name)")
        }
        if rule.byMonthDay != nil && f == .weekly { throw fail("BYMONTHDAY is not allowed with FREQ=WEEKLY") }
        if let byDay = rule.byDay, byDay.contains(where: { $0.ordinal != nil }) {
            if f != .monthly && f != .yearly {
                throw fail("BYDAY with a position (like 2MO) needs FREQ=MONTHLY or FREQ=YEARLY")
            }
            if f == .yearly && rule.byWeekNo != nil {
                throw fail("BYDAY with a position cannot be combined with BYWEEKNO")
            }
            if f == .monthly, byDay.contains(where: { abs($0.ordinal ?? 0) > 5 }) {
                throw fail("a month has at most 5 of each weekday; use a BYDAY position within ±5")
            }
        }
        if rule.bySetPos != nil && parts.keys.filter({ $0.hasPrefix("BY") && $0 != "BYSETPOS" }).isEmpty {
            throw fail("BYSETPOS needs another BYxxx part to choose from")
        }
        if dtstart.dateOnly && (rule.byHour != nil || rule.byMinute != nil || rule.bySecond != nil || f >= .hourly) {
            throw fail("a DTSTART without a time cannot repeat by hours, minutes or seconds")
        }
        try checkReachable(rule, fail)
    }

    /// Sub-daily rules step through the day by INTERVAL; some BYHOUR/BYMINUTE/BYSECOND sets are never
    /// reached that way (python-dateutil raises on these too).
    private func checkReachable(_ rule: RecurrenceRule, _ fail: (String) -> ScheduleError) throws(ScheduleError) {
        let unit: Int
        switch rule.frequency {
        case .hourly: unit = 3600
        case .minutely: unit = 60
        case .secondly: unit = 1
        default: return
        }
        let dayTime = Civil.floorMod(dtstart.start, Civil.secondsPerDay)
        let origin = dayTime - dayTime % unit
        let step = rule.interval * unit % Civil.secondsPerDay
        var seen = Set<Int>()
        var t = origin
        while seen.insert(t).inserted {
            let (h, m, s) = (t / 3600, t / 60 % 60, t % 60)
            let hourOK = rule.byHour?.contains(h) ?? true
            let minuteOK = rule.frequency == .hourly || (rule.byMinute?.contains(m) ?? true)
            let secondOK = rule.frequency != .secondly || (rule.bySecond?.contains(s) ?? true)
            if hourOK && minuteOK && secondOK { return }
            t = (t + step) % Civil.secondsPerDay
        }
        throw fail("with INTERVAL=\(rule.interval) the rule never reaches the BYHOUR/BYMINUTE/BYSECOND values given")
    }
}
