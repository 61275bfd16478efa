/// Reads `DTSTART[;TZID=Zone]:YYYYMMDDTHHMMSS[Z]` and `RRULE:`, `RDATE`, `EXDATE` lines.
///
/// Lines are separated by any whitespace and read without regard to case, as python-dateutil's
/// `rrulestr` does; the rules RFC 5545 sets on combinations of parts are enforced.
struct RecurrenceParser {
    let text: String
    let zones: any ZoneProvider
    let local: Zone

    func fail(_ reason: String, at offset: Int? = nil) -> ScheduleError {
        let bytes = Array(text.utf8)
        return ScheduleError(.recurrence, text, reason, column: offset.map { ScheduleError.column(bytes, $0) })
    }

    /// A date-time value: wall seconds, whether it ended in `Z`, whether it was a bare date.
    struct Stamp {
        var wall: Int
        var utc: Bool
        var dateOnly: Bool
    }

    func parse() throws(ScheduleError) -> Recurrence {
        var lines: [(String, Int)] = []
        // A literal backslash-n, as typed in a shell without $'...', separates lines too.
        let text = self.text.replacingLiteralNewlines()
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            let at = text.utf8.distance(from: text.utf8.startIndex, to: word.utf8.startIndex)
            lines.append((String(word), at))
        }
        guard !lines.isEmpty else { throw fail("the rule is empty") }
        var recurrence: Recurrence?
        var ruleLines: [(String, Int)] = []
        var dateLines: [(name: String, params: [String], value: String, at: Int)] = []
        for (line, at) in lines {
            let colon = line.firstIndex(of: ":")
            let head = colon.map { String(line[..<$0]) } ?? "RRULE"
            let value = colon.map { String(line[line.index(after: $0)...]) } ?? line
            var params = head.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            let name = params.removeFirst().uppercased()
            switch name {
            case "DTSTART":
                guard recurrence == nil else { throw fail("more than one DTSTART line", at: at) }
                recurrence = try start(params: params, value: value, at: at)
            case "RRULE":
                guard params.isEmpty else { throw fail("RRULE takes no parameters", at: at) }
                ruleLines.append((value, at + (colon == nil ? 0 : head.utf8.count + 1)))
            case "RDATE", "EXDATE":
                dateLines.append((name, params, value, at))
            default:
                throw fail(
                    "unknown property \"\(ScheduleError.quote(name))\"; expected DTSTART, RRULE, RDATE or EXDATE",
                    at: at)
            }
        }
        guard var r = recurrence else {
            throw fail("a DTSTART line is missing; begin with e.g. DTSTART:20261204T190000")
        }
        guard !ruleLines.isEmpty else { throw fail("an RRULE line is missing, e.g. RRULE:FREQ=WEEKLY") }
        for (value, at) in ruleLines {
            r.rules.append(try RecurrenceRuleParser(parser: self, dtstart: r).parse(value, at: at))
        }
        for line in dateLines {
            let instants = try dates(line.params, line.value, at: line.at, for: r)
            if line.name == "RDATE" { r.extraDates += instants } else { r.excludedDates += instants }
        }
        r.extraDates = Array(Set(r.extraDates)).sorted()
        r.excludedDates = Array(Set(r.excludedDates)).sorted()
        return r
    }

    private func start(params: [String], value: String, at: Int) throws(ScheduleError) -> Recurrence {
        var zone: Zone?
        var dateOnly = false
        for p in params {
            let upper = p.uppercased()
            if let z = try timezone(p, at: at) {
                zone = z
            } else if upper == "VALUE=DATE" {
                dateOnly = true
            } else if upper != "VALUE=DATE-TIME" {
                throw fail("unsupported DTSTART parameter \"\(ScheduleError.quote(p))\"", at: at)
            }
        }
        let stamp = try self.stamp(value, at: at)
        if dateOnly && !stamp.dateOnly { throw fail("VALUE=DATE needs a date such as 20261204", at: at) }
        if stamp.utc && zone != nil { throw fail("DTSTART has both TZID and a trailing Z", at: at) }
        if stamp.dateOnly && zone != nil { throw fail("a date without a time cannot have a TZID", at: at) }
        var r: Recurrence
        if stamp.utc {
            r = Recurrence(start: stamp.wall, anchor: .utc, zone: .utc)
        } else if let zone {
            r = Recurrence(start: stamp.wall, anchor: zone.name == "UTC" ? .utc : .zoned, zone: zone)
        } else {
            r = Recurrence(start: stamp.wall, anchor: .floating, zone: local)
        }
        r.dateOnly = stamp.dateOnly
        return r
    }

    /// The zone of a `TZID=` parameter; nil for another parameter.
    private func timezone(_ parameter: String, at: Int) throws(ScheduleError) -> Zone? {
        guard parameter.uppercased().hasPrefix("TZID=") else { return nil }
        let name = String(parameter.dropFirst(5))
        guard let zone = zones.zone(named: name) else {
            throw fail("unknown time zone \"\(ScheduleError.quote(name))\"", at: at)
        }
        return zone
    }

    /// `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]`.
    func stamp(_ value: String, at: Int) throws(ScheduleError) -> Stamp {
        let b = Array(value.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= b.count else { return nil }
            var v = 0
            for i in range {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        let example = "expected a date-time like 20261204T190000"
        guard let y = digits(0..<4), let mo = digits(4..<6), let d = digits(6..<8) else {
            throw fail(example + ", got \"\(ScheduleError.quote(value))\"", at: at)
        }
        guard y >= 1, (1...12).contains(mo), d >= 1, d <= Civil.daysInMonth(y, mo) else {
            throw fail("\"\(ScheduleError.quote(value))\" is not a calendar date", at: at)
        }
        let day = Civil.days(year: y, month: mo, day: d)
        if b.count == 8 { return Stamp(wall: day * Civil.secondsPerDay, utc: false, dateOnly: true) }
        guard b.count == 15 || (b.count == 16 && (b[15] == 0x5A || b[15] == 0x7A)), b[8] == 0x54 || b[8] == 0x74,
            let h = digits(9..<11), let mi = digits(11..<13), let s = digits(13..<15)
        else { throw fail(example + ", got \"\(ScheduleError.quote(value))\"", at: at) }
        guard h < 24, mi < 60, s < 60 else {
            throw fail("\"\(ScheduleError.quote(value))\" is not a time of day", at: at)
        }
        return Stamp(wall: day * Civil.secondsPerDay + h * 3600 + mi * 60 + s, utc: b.count == 16, dateOnly: false)
    }

    private func dates(_ params: [String], _ value: String, at: Int, for r: Recurrence) throws(ScheduleError) -> [Int] {
        var zone: Zone?
        for p in params {
            if let z = try timezone(p, at: at) {
                zone = z
            } else if p.uppercased() != "VALUE=DATE-TIME" {
                throw fail("unsupported parameter \"\(ScheduleError.quote(p))\"", at: at)
            }
        }
        var out: [Int] = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            let s = try stamp(String(item), at: at)
            if s.dateOnly != r.dateOnly {
                throw fail("\"\(ScheduleError.quote(String(item)))\" must have the same form as DTSTART", at: at)
            }
            if r.anchor == .floating {
                guard !s.utc && zone == nil else {
                    throw fail(
                        "DTSTART has no zone, so \"\(ScheduleError.quote(String(item)))\" must have none either", at: at
                    )
                }
                out.append(r.zone.instant(wall: s.wall))
            } else if s.utc {
                guard zone == nil else { throw fail("a value cannot have both TZID and a trailing Z", at: at) }
                out.append(s.wall)
            } else {
                guard let zone else {
                    throw fail(
                        "DTSTART has a zone, so \"\(ScheduleError.quote(String(item)))\" needs TZID= or a trailing Z",
                        at: at)
                }
                out.append(zone.instant(wall: s.wall))
            }
        }
        return out
    }
}

extension String {
    /// The text with each two-character `\n` turned into a newline.
    func replacingLiteralNewlines() -> String {
        guard contains("\\n") else { return self }
        var out = ""
        var previousBackslash = false
        for c in self {
            if previousBackslash {
                out.append(c == "n" ? "\n" : "\\")
                if c != "n" { out.append(c) }
                previousBackslash = false
            } else if c == "\\" {
                previousBackslash = true
            } else {
                out.append(c)
            }
        }
        if previousBackslash { out.append("\\") }
        return out
    }
}

extension Recurrence {
    /// Parses the text of a recurrence set.
    public init(parsing text: String, zones: any ZoneProvider, local: Zone) throws(ScheduleError) {
        self = try RecurrenceParser(text: text, zones: zones, local: local).parse()
    }
}
