/// Calendar expressions that an RFC 5545 recurrence can stand for, so that a calendar program can
/// repeat them: every field a finite list of values, no year, whole seconds, no DST abbreviation.
extension CalendarSpec {
    /// Elapses compared at most: an expression that elapses more often over the horizon (more
    /// than 50 times a day over 400 days) is not converted.
    static let maxCompared = 20_000
    static let batch = 1024

    /// The values a field's chain covers within `range`, in units of `unit`; nil when a value is
    /// not a whole unit or the chain covers nothing.
    static func values(_ chain: [Component]?, in range: ClosedRange<Int>, unit: Int = 1) -> [Int]? {
        guard let chain else { return Array(range) }
        var out = Set<Int>()
        for c in chain {
            guard c.start % unit == 0, c.repeatEvery % unit == 0, c.stop < 0 || c.stop % unit == 0 else { return nil }
            let start = c.start / unit
            let stop = c.stop < 0 ? (c.repeatEvery > 0 ? range.upperBound : start) : c.stop / unit
            let step = max(c.repeatEvery / unit, 1)
            guard start <= stop else { continue }
            for v in stride(from: start, through: stop, by: step) where range.contains(v) { out.insert(v) }
        }
        return out.isEmpty ? nil : out.sorted()
    }

    /// The RRULE of this expression (`FREQ=WEEKLY;BYDAY=MO,...;BYHOUR=21;...`), or nil when it
    /// cannot be written as one rule.
    public var recurrenceRule: RecurrenceRule? {
        guard year == nil, dst < 0,
            let hours = CalendarSpec.values(hour, in: 0...23), let minutes = CalendarSpec.values(minute, in: 0...59),
            let seconds = CalendarSpec.values(microsecond, in: 0...59, unit: Microseconds.second)
        else { return nil }
        var rule = RecurrenceRule(frequency: .daily)
        if month != nil {
            guard let months = CalendarSpec.values(month, in: 1...12) else { return nil }
            rule.byMonth = months
            rule.frequency = .yearly
        }
        if day != nil {
            guard let days = CalendarSpec.values(day, in: 1...31) else { return nil }
            rule.byMonthDay = endOfMonth ? days.map { -$0 }.sorted() : days
            if rule.frequency == .daily { rule.frequency = .monthly }
        }
        if weekdays >= 0 && weekdays != CalendarSpec.allWeekdays {
            rule.byDay = (0..<7).filter { weekdays & (1 << $0) != 0 }.map {
                RecurrenceRule.WeekdayNumber(weekday: $0, ordinal: nil)
            }
            if rule.frequency == .daily { rule.frequency = .weekly }
        }
        rule.byHour = hours
        rule.byMinute = minutes
        rule.bySecond = seconds
        return rule
    }

    /// The recurrence that starts with this expression's elapse `first` (microseconds) in `zone`
    /// (the expression's own zone when it names one), if it elapses exactly like the expression
    /// for the whole `horizon` (microseconds). Days when clocks change are where the two can part:
    /// a wall time that happens twice fires twice for systemd but once in RFC 5545.
    public func recurrence(first: Int, zone: Zone, horizon: Int) -> Recurrence? {
        guard let rule = recurrenceRule else { return nil }
        let zone = utc ? Zone.utc : (self.zone ?? zone)
        let seconds = Civil.floorDiv(first, Microseconds.second)
        let anchor: Recurrence.Anchor = utc || zone.name == "UTC" ? .utc : .zoned
        var r = Recurrence(start: seconds + zone.kind(at: seconds).offset, anchor: anchor, zone: zone)
        r.rules = [rule]
        var solver = WallClockSolver(zone: zone)
        var cursor = first - 1
        var compared = 0
        while cursor < first + horizon {
            guard compared < CalendarSpec.maxCompared,
                let expected = try? nextElapses(after: cursor, count: CalendarSpec.batch, local: &solver),
                r.occurrences(after: cursor, count: CalendarSpec.batch) == expected
            else { return nil }
            guard let last = expected.last else { break }
            // Too frequent to compare over the whole horizon: say so after the first batch.
            if expected.count == CalendarSpec.batch
                && last - cursor < horizon / CalendarSpec.maxCompared * expected.count
            {
                return nil
            }
            compared += expected.count
            cursor = last
        }
        return r
    }
}
