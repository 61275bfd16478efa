/// One RFC 5545 RRULE (§3.3.10) with its parts as given.
public struct RecurrenceRule: Sendable, Equatable {
    public enum Frequency: Int, Sendable, Comparable, CaseIterable {
        case yearly, monthly, weekly, daily, hourly, minutely, secondly

        public static func < (a: Frequency, b: Frequency) -> Bool { a.rawValue < b.rawValue }

        var name: String { ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY"][rawValue] }
    }

    /// A BYDAY entry: a weekday (0 = Monday) and an optional ordinal such as -1 for "last".
    public struct WeekdayNumber: Sendable, Equatable, Hashable {
        public var weekday: Int
        public var ordinal: Int?
    }

    static let dayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    public var frequency: Frequency
    public var interval = 1
    public var count: Int?
    /// UNTIL as wall seconds (floating) or UTC seconds (when DTSTART has a zone).
    public var until: Int?
    public var untilIsUTC = false
    public var bySecond: [Int]?
    public var byMinute: [Int]?
    public var byHour: [Int]?
    public var byDay: [WeekdayNumber]?
    public var byMonthDay: [Int]?
    public var byYearDay: [Int]?
    public var byWeekNo: [Int]?
    public var byMonth: [Int]?
    public var bySetPos: [Int]?
    /// Week start, 0 = Monday; nil when not given (Monday).
    public var weekStart: Int?

    init(frequency: Frequency) { self.frequency = frequency }

    /// The rule in canonical part order, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=FR`.
    public var text: String {
        var parts = ["FREQ=" + frequency.name]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if let count { parts.append("COUNT=\(count)") }
        if let until { parts.append("UNTIL=" + RecurrenceRule.basic(until) + (untilIsUTC ? "Z" : "")) }
        func list(_ name: String, _ values: [Int]?) {
            if let values { parts.append(name + "=" + values.map(String.init).joined(separator: ",")) }
        }
        list("BYSECOND", bySecond)
        list("BYMINUTE", byMinute)
        list("BYHOUR", byHour)
        if let byDay {
            parts.append(
                "BYDAY="
                    + byDay.map { ($0.ordinal.map { String($0) } ?? "") + RecurrenceRule.dayCodes[$0.weekday] }
                    .joined(separator: ","))
        }
        list("BYMONTHDAY", byMonthDay)
        list("BYYEARDAY", byYearDay)
        list("BYWEEKNO", byWeekNo)
        list("BYMONTH", byMonth)
        list("BYSETPOS", bySetPos)
        if let weekStart { parts.append("WKST=" + RecurrenceRule.dayCodes[weekStart]) }
        return parts.joined(separator: ";")
    }

    /// `YYYYMMDDTHHMMSS` of wall seconds.
    public static func basic(_ wall: Int) -> String {
        let t = LocalTime(epochSeconds: wall)
        func p(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return p(t.year, 4) + p(t.month, 2) + p(t.day, 2) + "T" + p(t.hour, 2) + p(t.minute, 2) + p(t.second, 2)
    }
}
