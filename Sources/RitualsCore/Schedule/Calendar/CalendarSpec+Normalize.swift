/// Normalization and range checks, applied once after parsing.
extension CalendarSpec {
    /// The name, smallest and largest value of each field, for messages.
    private struct FieldRange {
        let name: String
        let from: Int
        let to: Int
    }

    mutating func normalizeAndValidate(_ parser: CalendarParser) throws(ScheduleError) {
        if weekdays <= 0 || weekdays >= CalendarSpec.allWeekdays { weekdays = -1 }
        if endOfMonth && day == nil { endOfMonth = false }
        year = year.map { $0.map(CalendarSpec.fixYear) }
        for path in [\CalendarSpec.year, \.month, \.day, \.hour, \.minute, \.microsecond] {
            self[keyPath: path] = self[keyPath: path].map(CalendarSpec.normalize)
        }
        let usec = Microseconds.second
        try check(year, FieldRange(name: "year", from: CalendarSpec.minYear, to: CalendarSpec.maxYear), parser)
        try check(month, FieldRange(name: "month", from: 1, to: 12), parser)
        try check(day, FieldRange(name: "day", from: 1, to: endOfMonth ? 28 : 31), parser, endOfMonth: endOfMonth)
        try check(hour, FieldRange(name: "hour", from: 0, to: 23), parser)
        try check(minute, FieldRange(name: "minute", from: 0, to: 59), parser)
        try check(microsecond, FieldRange(name: "second", from: 0, to: 60 * usec - 1), parser, unit: usec)
    }

    /// Two-digit years: 0...69 are 2000...2069, 70...99 are 1970...1999.
    static func fixYear(_ c: Component) -> Component {
        var c = c
        func fix(_ v: Int) -> Int { v >= 0 && v < 70 ? v + 2000 : (v >= 70 && v < 100 ? v + 1900 : v) }
        c.start = fix(c.start)
        if c.stop >= 0 { c.stop = fix(c.stop) }
        return c
    }

    /// Trims ranges to a whole number of repetitions, drops empty repetitions, sorts, removes duplicates.
    static func normalize(_ chain: [Component]) -> [Component] {
        var out = chain.map { c -> Component in
            var c = c
            if c.stop > c.start && c.repeatEvery > 0 { c.stop -= (c.stop - c.start) % c.repeatEvery }
            if c.stop == c.start {
                c.stop = -1
                c.repeatEvery = 0
            }
            return c
        }
        out.sort()
        var unique: [Component] = []
        for c in out where unique.last != c { unique.append(c) }
        return unique
    }

    private func check(
        _ chain: [Component]?, _ range: FieldRange, _ parser: CalendarParser, endOfMonth: Bool = false,
        unit: Int = 1
    ) throws(ScheduleError) {
        func show(_ v: Int) -> String {
            unit == 1 ? String(v) : CalendarFormatter.seconds(v)
        }
        var range = range
        for (index, c) in (chain ?? []).enumerated() {
            if endOfMonth && index > 0 {
                // systemd lowers the bound by three days for each further value: ~25 is fine
                // alone but not as the second of two.
                range = FieldRange(name: range.name, from: range.from, to: range.to - 3)
            }
            let bounds = "\(show(range.from))..\(show(range.to))"
            let at = c.column
            func fail(_ reason: String) -> ScheduleError {
                ScheduleError(.calendar, parser.text, reason, column: at)
            }
            if c.start < range.from || c.start > range.to {
                if endOfMonth && c.start > range.to {
                    throw fail("\(show(c.start)) days from the end of the month is more than \(range.to)")
                }
                throw fail("\(range.name) \(show(c.start)) is out of range \(bounds)")
            }
            if c.stop >= 0 && (c.stop < range.from || c.stop > range.to) {
                throw fail("\(range.name) \(show(c.stop)) is out of range \(bounds)")
            }
            if c.stop >= 0 && c.stop < c.start {
                throw fail("\(range.name) range \(show(c.start))..\(show(c.stop)) runs backwards")
            }
            if c.repeatEvery > range.to - range.from {
                throw fail("\(range.name) repetition /\(show(c.repeatEvery)) is longer than the field")
            }
            if c.repeatEvery > 0 && !endOfMonth && c.start + c.repeatEvery > range.to {
                throw fail(
                    "\(range.name) repetition /\(show(c.repeatEvery)) from \(show(c.start)) never repeats within \(bounds)"
                )
            }
            if c.repeatEvery > 0 && endOfMonth && c.stop < 0 && c.start - c.repeatEvery < range.from {
                throw fail(
                    "repetition /\(c.repeatEvery) from \(c.start) days before the end of the month never repeats")
            }
        }
    }
}
