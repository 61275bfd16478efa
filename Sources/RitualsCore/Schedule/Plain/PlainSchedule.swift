/// The plain form: `every N day(s)|week(s)|month(s) [on WEEKDAYS] [at HH:MM[, HH:MM...]] [from YYYY-MM-DD]`.
///
/// It stands for an RFC 5545 recurrence: DTSTART is the `from` date at midnight (without one, the
/// fixed anchor 2024-01-01, a Monday, so that "every 2 weeks" has a stable phase), and each
/// distinct minute among the times gets an RRULE of its own.
public enum PlainSchedule {
    /// DTSTART when no `from` date is given.
    public static let anchor = (year: 2024, month: 1, day: 1)

    static let units: [String: RecurrenceRule.Frequency] = [
        "day": .daily, "days": .daily, "week": .weekly, "weeks": .weekly, "month": .monthly, "months": .monthly,
    ]

    static let dayNames: [String: [Int]] = {
        var names: [String: [Int]] = ["weekdays": [0, 1, 2, 3, 4], "weekends": [5, 6], "weekend": [5, 6]]
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        for (i, n) in full.enumerated() {
            names[n] = [i]
            names[String(n.prefix(3))] = [i]
            names[n + "s"] = [i]
        }
        return names
    }()

    /// Whether `text` is meant as the plain form (it starts with "every").
    public static func looksPlain(_ text: String) -> Bool {
        text.prefix(6).lowercased() == "every " || text.lowercased() == "every"
    }

    public static func parse(_ text: String, zones: any ZoneProvider, local: Zone) throws(ScheduleError) -> Recurrence {
        func fail(_ reason: String) -> ScheduleError { ScheduleError(.plain, text, reason) }
        var words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        words.removeFirst()  // "every"
        var interval = 1
        if let first = words.first, let n = Int(first) {
            guard n >= 1 && n <= 1000 else { throw fail("the count \(first) must be between 1 and 1000") }
            interval = n
            words.removeFirst()
        } else if words.first == "other" {
            interval = 2
            words.removeFirst()
        }
        guard let unitWord = words.first, let freq = units[unitWord] else {
            throw fail("expected day(s), week(s) or month(s) after \"every\"\(interval > 1 ? " \(interval)" : "")")
        }
        words.removeFirst()
        var days: [Int] = []
        var times: [Int] = []
        var from = anchor
        var section = ""
        for word in words where word != "," && word != "and" {
            if ["on", "at", "from"].contains(word) {
                guard section != word else { throw fail("\"\(word)\" is given twice") }
                section = word
                continue
            }
            switch section {
            case "on":
                guard let d = dayNames[word] else { throw fail("\"\(word)\" is not a weekday") }
                days += d
            case "at":
                guard let t = minutes(word) else { throw fail("\"\(word)\" is not a time; write HH:MM such as 21:00") }
                times.append(t)
            case "from":
                guard let d = date(word) else { throw fail("\"\(word)\" is not a date; write YYYY-MM-DD") }
                from = d
            default:
                throw fail("unexpected \"\(word)\"; expected on, at or from")
            }
        }
        let start = Civil.days(year: from.year, month: from.month, day: from.day) * Civil.secondsPerDay
        var r = Recurrence(start: start, anchor: .floating, zone: local)
        var byMinute: [Int: [Int]] = [:]
        for t in Set(times) { byMinute[t % 60, default: []].append(t / 60) }
        let minuteGroups: [Int?] = times.isEmpty ? [nil] : byMinute.keys.sorted()
        for minute in minuteGroups {
            var rule = RecurrenceRule(frequency: freq)
            rule.interval = interval
            if !days.isEmpty {
                rule.byDay = Set(days).sorted().map { RecurrenceRule.WeekdayNumber(weekday: $0, ordinal: nil) }
            }
            if let minute {
                rule.byHour = byMinute[minute]!.sorted()
                rule.byMinute = [minute]
                rule.bySecond = [0]
            }
            r.rules.append(rule)
        }
        return r
    }

    /// `HH:MM` as minutes after midnight.
    public static func minutes(_ word: String) -> Int? {
        let p = word.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 2, p[0].count <= 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]),
            (0..<24).contains(h),
            (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }

    /// `YYYY-MM-DD` (years 1970...9999).
    public static func date(_ word: String) -> (year: Int, month: Int, day: Int)? {
        let p = word.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2, let y = Int(p[0]), let m = Int(p[1]),
            let d = Int(p[2]), y >= 1970, y <= 9999, (1...12).contains(m), d >= 1, d <= Civil.daysInMonth(y, m)
        else { return nil }
        return (y, m, d)
    }
}
