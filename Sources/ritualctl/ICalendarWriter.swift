import RitualsCore

/// Builds RFC 5545 text: CRLF line ends, lines folded at 75 octets, TEXT values escaped.
struct ICalendarWriter {
    private(set) var text = ""

    /// Adds one content line, folded.
    mutating func line(_ content: String) {
        var current = ""
        var octets = 0
        for c in content {
            let n = String(c).utf8.count
            if octets + n > 75 {
                text += current + "\r\n"
                current = " "
                octets = 1
            }
            current.append(c)
            octets += n
        }
        text += current + "\r\n"
    }

    /// A TEXT value with `\`, `;`, `,` and newlines escaped.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(c)
            }
        }
        return out
    }

    /// `YYYYMMDDTHHMMSSZ` for an instant in microseconds.
    static func utc(_ usec: Int) -> String { basic(Civil.floorDiv(usec, 1_000_000)) + "Z" }

    /// `YYYYMMDDTHHMMSS` for wall-clock seconds.
    static func basic(_ seconds: Int) -> String { RecurrenceRule.basic(seconds) }

    /// `PT15M`-style duration for microseconds.
    static func duration(_ usec: Int) -> String {
        let s = max(usec / 1_000_000, 1)
        var out = "P"
        if s >= 86_400 { out += "\(s / 86_400)D" }
        let rest = s % 86_400
        if rest > 0 {
            out += "T"
            if rest >= 3600 { out += "\(rest / 3600)H" }
            if rest % 3600 >= 60 { out += "\(rest % 3600 / 60)M" }
            if rest % 60 > 0 { out += "\(rest % 60)S" }
        }
        return out
    }

    /// A VTIMEZONE for `zone` from its POSIX rule; nil when the rule cannot be written as RRULEs.
    static func timezone(_ zone: Zone) -> [String]? {
        guard let rule = zone.rule else { return nil }
        func offset(_ seconds: Int) -> String {
            let a = abs(seconds)
            let h = a / 3600
            let m = a % 3600 / 60
            return (seconds < 0 ? "-" : "+") + (h < 10 ? "0" : "") + "\(h)" + (m < 10 ? "0" : "") + "\(m)"
        }
        var lines = ["BEGIN:VTIMEZONE", "TZID:\(zone.name)"]
        guard let start = rule.start, let end = rule.end, let dst = rule.dstName else {
            lines += [
                "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:\(offset(rule.standardOffset))",
                "TZOFFSETTO:\(offset(rule.standardOffset))", "TZNAME:\(rule.standardName)", "END:STANDARD",
                "END:VTIMEZONE",
            ]
            return lines
        }
        let days = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
        func observance(_ kind: String, _ b: (day: PosixTZ.Day, time: Int), from: Int, to: Int, name: String)
            -> [String]?
        {
            guard case .monthWeek(let month, let week, let weekday) = b.day, (0..<86_400).contains(b.time) else {
                return nil
            }
            // The first such day in 1970, for DTSTART.
            let first = Civil.days(year: 1970, month: month, day: 1)
            var day = first + (weekday - (Civil.weekday(days: first) + 1) % 7 + 7) % 7 + 7 * (week - 1)
            while Civil.date(days: day).month != month { day -= 7 }
            let byDay = (week == 5 ? "-1" : String(week)) + days[weekday]
            return [
                "BEGIN:\(kind)", "DTSTART:" + basic(day * 86_400 + b.time),
                "RRULE:FREQ=YEARLY;BYMONTH=\(month);BYDAY=\(byDay)", "TZOFFSETFROM:\(offset(from))",
                "TZOFFSETTO:\(offset(to))", "TZNAME:\(name)", "END:\(kind)",
            ]
        }
        guard
            let daylight = observance(
                "DAYLIGHT", start, from: rule.standardOffset, to: rule.dstOffset, name: dst),
            let standard = observance(
                "STANDARD", end, from: rule.dstOffset, to: rule.standardOffset, name: rule.standardName)
        else { return nil }
        return lines + daylight + standard + ["END:VTIMEZONE"]
    }
}
