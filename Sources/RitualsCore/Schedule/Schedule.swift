/// A parsed schedule in any of the three languages: a systemd calendar expression, an RFC 5545
/// recurrence, or the plain `every ...` form (itself a recurrence).
public struct Schedule: Sendable {
    /// The language and its parsed form.
    public enum Form: Sendable {
        case calendar(CalendarSpec)
        case recurrence(Recurrence)
    }

    public let form: Form
    /// The text it was parsed from.
    public let expression: String

    /// Reads `text`, choosing the language by its first word.
    ///
    /// `local` is the zone of wall times that name none; `zones` resolves names.
    public init(parsing text: String, zones: any ZoneProvider, local: Zone) throws(ScheduleError) {
        expression = text
        let head = text.prefix(8).uppercased()
        if head.hasPrefix("DTSTART") || head.hasPrefix("RRULE:") {
            form = .recurrence(try Recurrence(parsing: text, zones: zones, local: local))
        } else if PlainSchedule.looksPlain(text) {
            form = .recurrence(try PlainSchedule.parse(text, zones: zones, local: local))
        } else {
            form = .calendar(try CalendarSpec(parsing: text, zones: zones, local: local))
        }
    }

    /// The normalized text: systemd's form, or the RRULE the schedule stands for.
    public var normalized: String {
        switch form {
        case .calendar(let spec): return spec.normalized
        case .recurrence(let rule): return rule.normalized
        }
    }

    /// The schedule on one line, for tables: the plain form as written, a calendar expression
    /// normalized, a recurrence's normalized lines joined by spaces.
    public var line: String {
        if PlainSchedule.looksPlain(expression) {
            return expression.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
        }
        return normalized.split(separator: "\n").joined(separator: " ")
    }

    /// The zone the schedule names itself, if any (`UTC` included).
    public var zoneName: String? {
        switch form {
        case .calendar(let spec): return spec.timezoneName
        case .recurrence(let rule): return rule.zoneName
        }
    }

    /// Up to `count` elapses strictly after `usec` (microseconds since the epoch), ascending.
    /// Throws when a calendar search gives up (see ``CalendarSpec/iterationLimit``).
    public func nextElapses(after usec: Int, count: Int, local: inout WallClockSolver) throws(ScheduleError) -> [Int] {
        switch form {
        case .calendar(let spec): return try spec.nextElapses(after: usec, count: count, local: &local)
        case .recurrence(let rule): return rule.occurrences(after: usec, count: count)
        }
    }
}
