/// VTIMEZONE components.
extension ICalendarWriter {
    /// A VTIMEZONE for `zone` from its POSIX rule (the rule in force now; older offsets are not
    /// described); nil when the rule cannot be written as RRULEs.
    public static func timezone(_ zone: Zone) -> [String]? {
        guard let rule = zone.rule else { return nil }
        var lines = ["BEGIN:VTIMEZONE", "TZID:\(zone.name)"]
        guard let start = rule.start, let end = rule.end, let dst = rule.dstName else {
            lines += [
                "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:\(offset(rule.standardOffset))",
                "TZOFFSETTO:\(offset(rule.standardOffset))", "TZNAME:\(rule.standardName)", "END:STANDARD",
                "END:VTIMEZONE",
            ]
            return lines
        }
        guard
            let daylight = observance(
                "DAYLIGHT", start, from: rule.standardOffset, to: rule.dstOffset, name: dst),
            let standard = observance(
                "STANDARD", end, from: rule.dstOffset, to: rule.standardOffset, name: rule.standardName)
        else { return nil }
        return lines + daylight + standard + ["END:VTIMEZONE"]
    }

    /// One STANDARD or DAYLIGHT observance beginning on a POSIX rule's day; nil for rule days that
    /// are not "the Nth weekday of a month" or times outside the day.
    static func observance(_ kind: String, _ b: (day: PosixTZ.Day, time: Int), from: Int, to: Int, name: String)
        -> [String]?
    {
        guard case .monthWeek(let month, let week, let weekday) = b.day, (0..<86_400).contains(b.time) else {
            return nil
        }
        // The first such day in 1970, for DTSTART.
        let first = Civil.days(year: 1970, month: month, day: 1)
        var day = first + (weekday - (Civil.weekday(days: first) + 1) % 7 + 7) % 7 + 7 * (week - 1)
        while Civil.date(days: day).month != month { day -= 7 }
        let byDay = (week == 5 ? "-1" : String(week)) + ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][weekday]
        return [
            "BEGIN:\(kind)", "DTSTART:" + RecurrenceRule.basic(day * 86_400 + b.time),
            "RRULE:FREQ=YEARLY;BYMONTH=\(month);BYDAY=\(byDay)", "TZOFFSETFROM:\(offset(from))",
            "TZOFFSETTO:\(offset(to))", "TZNAME:\(name)", "END:\(kind)",
        ]
    }
}
