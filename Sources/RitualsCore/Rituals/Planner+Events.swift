/// The events of one ritual in a range.
extension Planner {
    /// The next firing of `ritual` after `after`, up to `through`: what `ritualctl fire` fires and
    /// `list` shows. Its events are looked at in growing numbers until a firing is among them.
    public func nextFiring(of ritual: Ritual, after: Instant, through: Instant, state: PlannerState) -> PlannedEvent? {
        var limit = 16
        while true {
            let found = events(after: after, through: through, state: state, limit: limit, only: ritual.id)
            if let fired = found.first(where: { $0.kind == .fired }) { return fired }
            if found.count < limit { return nil }
            limit *= 8
        }
    }

    /// Appends to `out` the events of `ritual` in `(after, through]`: at least its earliest `limit`
    /// of them, whatever number of occurrences in between give none (answered, snoozed, fired
    /// early by hand).
    ///
    /// Occurrences are taken in firing order, in growing batches. An occurrence's events lie from
    /// its heads-up to its last reminder, so once `limit` events are known that come before the
    /// heads-up of any occurrence not yet taken, no later occurrence can add an earlier one.
    func events(
        of ritual: Ritual, after: Instant, through: Instant, state: PlannerState, limit: Int, includePaused: Bool,
        into out: inout [PlannedEvent]
    ) {
        let reminders = (ritual.remindAgain ?? .zero) * (ritual.remindAgainLimit ?? Planner.defaultRemindAgainLimit)
        let lookback = max(ritual.duration ?? .zero, reminders)
        let ahead = ritual.headsUp ?? .zero
        let title = self.title(of: ritual)
        let first = out.count
        // Occurrences already past can still end a session or remind again after `after`.
        if lookback > .zero {
            for occurrence in occurrences(of: ritual, after: after - lookback, through: after) {
                add(ritual, occurrence, title, after, through, state, includePaused, &out)
            }
        }
        // A pause holds back every event before its end: occurrences whose events all come
        // before it are not looked at (a pause until resumed holds back everything).
        var from = after
        if !includePaused {
            let pauses = [state.pause, state.ritualPauses[ritual.id]].compactMap { $0 }
            if pauses.contains(where: { $0.until == nil }) { return }
            if let end = pauses.compactMap(\.until).max() { from = max(after, end - lookback - .microseconds(1)) }
        }
        // The earliest `batch` occurrences (in firing order when the limit cuts some off), taken
        // again with a doubled batch while too few events are settled; each gives its events once.
        var taken: Set<Instant> = []
        var batch = max(limit, 1)
        while true {
            // Occurrences a little ahead have their heads-up in the range.
            let (coming, complete) = someOccurrences(of: ritual, after: from, through: through + ahead, limit: batch)
            for occurrence in coming where taken.insert(occurrence.scheduled).inserted {
                add(ritual, occurrence, title, after, through, state, includePaused, &out)
            }
            guard !complete, let last = coming.last?.at else { break }
            let settled = last - ahead
            if out[first...].lazy.filter({ $0.at <= settled }).count >= limit { break }
            batch = batch > Int.max / 2 ? Int.max : batch * 2
        }
        for (occurrence, until) in state.snoozes(of: ritual) where until > after && until <= through {
            guard includePaused || !state.isPaused(ritual.id, at: until) else { continue }
            let index = self.index(of: ritual, scheduled: occurrence)
            out.append(
                PlannedEvent(
                    kind: .fired, ritualID: ritual.id, title: title, at: until, occurrence: occurrence,
                    firesAt: until, prompt: decks[ritual.id]?.prompt(at: index)))
        }
    }

    /// The events of one occurrence in `(after, through]` that its state leaves: its heads-up and
    /// firing unless it was handled, its session end and reminders unless it was answered.
    private func add(
        _ ritual: Ritual, _ occurrence: Occurrence, _ title: String, _ after: Instant, _ through: Instant,
        _ state: PlannerState, _ includePaused: Bool, _ out: inout [PlannedEvent]
    ) {
        let key = OccurrenceID(ritual.id, occurrence.scheduled)
        if state.isClosed(key, ack: ritual.ack) || state.snoozeEnd(key, ack: ritual.ack) != nil { return }
        let prompt = self.prompt(of: ritual, occurrence)
        func add(_ kind: EventKind, _ at: Instant) {
            guard at > after, at <= through, includePaused || !state.isPaused(ritual.id, at: at) else { return }
            out.append(
                PlannedEvent(
                    kind: kind, ritualID: ritual.id, title: title, at: at, occurrence: occurrence.scheduled,
                    firesAt: occurrence.at, prompt: prompt))
        }
        let handled = state.lastHandled[ritual.id].map { $0 >= occurrence.scheduled } ?? false
        // A past occurrence that never fired has no session and nothing to remind of.
        if occurrence.at <= after && !handled { return }
        if let headsUp = ritual.headsUp, !handled {
            let at = occurrence.at - headsUp
            if ritual.quietHours == .ignore || !isQuiet(at) { add(.headsUp, at) }
        }
        if !handled { add(.fired, occurrence.at) }
        if let duration = ritual.duration { add(.sessionEnd, occurrence.at + duration) }
        if let every = ritual.remindAgain {
            for k in 1...(ritual.remindAgainLimit ?? Planner.defaultRemindAgainLimit) {
                add(.remindedAgain, occurrence.at + every * k)
            }
        }
    }
}
