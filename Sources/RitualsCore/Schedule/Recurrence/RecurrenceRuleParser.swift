/// Reads the parts of one RRULE value and enforces RFC 5545's rules on them.
struct RecurrenceRuleParser {
    let parser: RecurrenceParser
    let dtstart: Recurrence

    static let frequencies: [String: RecurrenceRule.Frequency] = Dictionary(
        uniqueKeysWithValues: RecurrenceRule.Frequency.allCases.map { ($0.name, $0) })

    func parse(_ value: String, at: Int) throws(ScheduleError) -> RecurrenceRule {
        var parts: [String: (String, Int)] = [:]
        var offset = at
        for pair in value.split(separator: ";", omittingEmptySubsequences: false) {
            let here = offset
            offset += pair.utf8.count + 1
            guard let eq = pair.firstIndex(of: "=") else {
                throw parser.fail("expected NAME=VALUE, got \"\(ScheduleError.quote(String(pair)))\"", at: here)
            }
            let name = pair[..<eq].uppercased()
            guard parts[name] == nil else { throw parser.fail("\(name) is given twice", at: here) }
            parts[name] = (String(pair[pair.index(after: eq)...]).uppercased(), here)
        }
        guard let (freqText, freqAt) = parts.removeValue(forKey: "FREQ") else {
            throw parser.fail("FREQ is missing, e.g. FREQ=WEEKLY", at: at)
        }
        guard let freq = RecurrenceRuleParser.frequencies[freqText] else {
            throw parser.fail("unknown FREQ \"\(ScheduleError.quote(freqText))\"; use SECONDLY … YEARLY", at: freqAt)
        }
        var rule = RecurrenceRule(frequency: freq)
        for (name, (text, here)) in parts.sorted(by: { $0.value.1 < $1.value.1 }) {
            try apply(name, text, at: here, to: &rule)
        }
        try validate(rule, at: at, parts: parts)
        return rule
    }

    private func integers(_ name: String, _ text: String, at: Int, range: ClosedRange<Int>, zero: Bool = true)
        throws(ScheduleError) -> [Int]
    {
        var out: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let v = Int(item), item.count <= 12 else {
                throw parser.fail("\(name) expects numbers, got \"\(ScheduleError.quote(String(item)))\"", at: at)
            }
            let negative = -range.upperBound...(-range.lowerBound)
            guard range.contains(v) || (!zero && negative.contains(v)) else {
                let allowed =
                    zero ? "\(range.lowerBound)…\(range.upperBound)" : "±\(range.lowerBound)…\(range.upperBound)"
                throw parser.fail("\(name) value \(v) is out of range \(allowed)", at: at)
            }
            out.append(v)
        }
        return out
    }

    private func apply(_ name: String, _ text: String, at: Int, to rule: inout RecurrenceRule) throws(ScheduleError) {
        switch name {
        case "INTERVAL":
            let v = try integers(name, text, at: at, range: 1...1_000_000)
            guard v.count == 1 else { throw parser.fail("INTERVAL takes one number", at: at) }
            rule.interval = v[0]
        case "COUNT":
            let v = try integers(name, text, at: at, range: 1...1_000_000_000)
            guard v.count == 1 else { throw parser.fail("COUNT takes one number", at: at) }
            rule.count = v[0]
        case "UNTIL":
            let s = try parser.stamp(text, at: at)
            switch dtstart.anchor {
            case .floating:
                guard !s.utc, s.dateOnly == dtstart.dateOnly else {
                    throw parser.fail(
                        "UNTIL must have the same form as DTSTART (no Z when DTSTART has no zone)", at: at)
                }
                rule.until = s.wall
            case .utc, .zoned:
                guard s.utc else {
                    throw parser.fail("UNTIL must be in UTC (end in Z) when DTSTART has a zone", at: at)
                }
                rule.until = s.wall
                rule.untilIsUTC = true
            }
        case "BYSECOND": rule.bySecond = sorted(try integers(name, text, at: at, range: 0...59))
        case "BYMINUTE": rule.byMinute = sorted(try integers(name, text, at: at, range: 0...59))
        case "BYHOUR": rule.byHour = sorted(try integers(name, text, at: at, range: 0...23))
        case "BYMONTHDAY": rule.byMonthDay = sorted(try integers(name, text, at: at, range: 1...31, zero: false))
        case "BYYEARDAY": rule.byYearDay = sorted(try integers(name, text, at: at, range: 1...366, zero: false))
        case "BYWEEKNO": rule.byWeekNo = sorted(try integers(name, text, at: at, range: 1...53, zero: false))
        case "BYMONTH": rule.byMonth = sorted(try integers(name, text, at: at, range: 1...12))
        case "BYSETPOS": rule.bySetPos = sorted(try integers(name, text, at: at, range: 1...366, zero: false))
        case "BYDAY": rule.byDay = try weekdays(text, at: at)
        case "WKST":
            guard let d = RecurrenceRule.dayCodes.firstIndex(of: text) else {
                throw parser.fail("WKST expects MO, TU, WE, TH, FR, SA or SU", at: at)
            }
            rule.weekStart = d
        default:
            throw parser.fail("unknown rule part \"\(ScheduleError.quote(name))\"", at: at)
        }
    }

    private func sorted(_ values: [Int]) -> [Int] { Array(Set(values)).sorted() }

    private func weekdays(_ text: String, at: Int) throws(ScheduleError) -> [RecurrenceRule.WeekdayNumber] {
        var out: [RecurrenceRule.WeekdayNumber] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let code = String(item.suffix(2))
            guard item.count >= 2, let day = RecurrenceRule.dayCodes.firstIndex(of: code) else {
                throw parser.fail(
                    "BYDAY expects entries like MO, 2TU or -1FR, got \"\(ScheduleError.quote(String(item)))\"", at: at)
            }
            let number = item.dropLast(2)
            var ordinal: Int?
            if !number.isEmpty {
                guard let n = Int(number), n != 0, (-53...53).contains(n), number.count <= 3 else {
                    throw parser.fail("BYDAY position \"\(ScheduleError.quote(String(number)))\" must be ±1…53", at: at)
                }
                ordinal = n
            }
            let entry = RecurrenceRule.WeekdayNumber(weekday: day, ordinal: ordinal)
            if !out.contains(entry) { out.append(entry) }
        }
        return out.sorted { ($0.ordinal ?? 0, $0.weekday) < ($1.ordinal ?? 0, $1.weekday) }
    }
}
