import Synchronization

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
    /// Where a recurrence was found to end, so that it is searched for once (see ``ScheduleEnd``).
    let end = ScheduleEnd()

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
        case .recurrence(let rule):
            if let none = end.nothingAfter, usec >= none { return [] }
            let found = rule.occurrences(after: usec, count: count)
            if found.count < count { end.nothingAfter(found.last ?? usec) }
            return found
        }
    }

    /// Whether the schedule has no elapse at all after `usec` (a rule no date and time can
    /// satisfy, or one that ended): found once, then known.
    public func neverElapses(after usec: Int) -> Bool {
        var solver = WallClockSolver(zone: .utc)
        return (try? nextElapses(after: usec, count: 1, local: &solver))?.isEmpty ?? false
    }
}

/// Where a recurrence's occurrences end: after this instant (µs) there are none. A rule that can
/// never occur (`FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30`) costs a long search; it is made once,
/// and every later question about a time after it is answered at once.
final class ScheduleEnd: Sendable {
    private let after = Mutex<Int?>(nil)

    var nothingAfter: Int? { after.withLock { $0 } }

    /// No occurrence comes after `usec`.
    func nothingAfter(_ usec: Int) {
        after.withLock { $0 = min($0 ?? usec, usec) }
    }
}
