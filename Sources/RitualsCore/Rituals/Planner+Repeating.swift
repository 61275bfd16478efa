/// Rituals a calendar program can repeat by itself.
extension Planner {
    /// The recurrence a ritual's `occurrences` (the coming ones, after `now`) follow as written,
    /// or nil when they must be listed one by one: a window, skip dates, `from` or `until` move or
    /// drop some, quiet hours moved one, or the schedule is a calendar expression no RRULE says.
    public func repeating(_ ritual: Ritual, occurrences: [Occurrence], now: Instant) -> Recurrence? {
        guard ritual.window == nil, ritual.skip.isEmpty, ritual.from == nil, ritual.until == nil,
            let first = occurrences.first, occurrences.allSatisfy({ $0.at == $0.scheduled })
        else { return nil }
        var solver = WallClockSolver(zone: zone)
        let elapses =
            (try? ritual.schedule.nextElapses(after: now.microseconds, count: occurrences.count, local: &solver)) ?? []
        guard elapses == occurrences.map(\.scheduled.microseconds) else { return nil }
        switch ritual.schedule.form {
        case .recurrence(let given): return given
        case .calendar(let spec):
            return spec.recurrence(first: first.scheduled.microseconds, zone: zone, horizon: Planner.repeatingHorizon)
        }
    }

    /// How long a calendar expression and its RRULE must agree.
    public static let repeatingHorizon = 400 * Microseconds.day
}
