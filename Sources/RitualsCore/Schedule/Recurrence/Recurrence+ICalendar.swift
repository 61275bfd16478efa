/// A recurrence as the lines of a repeating VEVENT.
extension Recurrence {
    /// DTSTART, RRULE, RDATE and EXDATE lines, and the zone their times name (nil for UTC); nil
    /// when a calendar program could not repeat it as written: no RRULE, a date-only DTSTART, an
    /// UNTIL in wall time, a zone without a VTIMEZONE, or no occurrence at all.
    public var icalendarLines: (lines: [String], zone: Zone?)? {
        guard !rules.isEmpty, rules.allSatisfy({ $0.until == nil || $0.untilIsUTC }), !dateOnly else { return nil }
        // DTSTART is an occurrence in RFC 5545: start at the first real one.
        guard let first = occurrences(after: (start - 86_400 * 400) * Microseconds.second, count: 1).first else {
            return nil
        }
        let utc = anchor == .utc || zone.name == "UTC" || zone.name == "Etc/UTC"
        if !utc && ICalendarWriter.timezone(zone) == nil { return nil }
        func time(_ instantSeconds: Int) -> String {
            utc
                ? RecurrenceRule.basic(instantSeconds) + "Z"
                : RecurrenceRule.basic(instantSeconds + zone.kind(at: instantSeconds).offset)
        }
        let property = utc ? ":" : ";TZID=\(zone.name):"
        var lines = ["DTSTART" + property + time(first / Microseconds.second)]
        lines += rules.map { "RRULE:" + $0.text }
        if !extraDates.isEmpty { lines.append("RDATE" + property + extraDates.map(time).joined(separator: ",")) }
        if !excludedDates.isEmpty { lines.append("EXDATE" + property + excludedDates.map(time).joined(separator: ",")) }
        return (lines, utc ? nil : zone)
    }
}
