/// Whether another person's answer (from the shared folder, or later a phone) may be recorded.
/// What comes from outside is untrusted: it counts only for a real occurrence of the ritual, one
/// that is due for a done or a snooze (a skip may plan ahead, as `ritualctl skip` does), given at
/// a time that has come, and each kind of answer of a person to an occurrence once, whatever
/// time it claims.
extension Planner {
    /// What becomes of an answer heard from another person.
    public enum AnswerVerdict: Equatable, Sendable {
        /// Record it.
        case record
        /// Already recorded (the same kind of answer to the same occurrence): nothing to do.
        case heard
        /// For an occurrence not yet due here (the other computer fired it early): to be looked
        /// at again once it is.
        case notYet
        /// About something this config does not have, or too old to matter: passed over.
        case ignore
        /// False: not an answer to any occurrence there can be; the reason says why.
        case refuse(String)
    }

    /// How far another computer's clock may be ahead of this one's.
    public static let clockSkew = 10 * Microseconds.minute
    /// Answers to occurrences older than this are passed over: the planner never looks back so
    /// far, and the history keeps the others'.
    public static let answerHorizon = 400 * Microseconds.day
    /// The longest snooze an answer may carry.
    public static let longestSnooze = 366 * Microseconds.day

    /// What becomes of `answer` with the state as it is, at `now`.
    public func verdict(on answer: SharedAnswer, state: PlannerState, now: Int) -> AnswerVerdict {
        guard let index = position[answer.ritual], config.rituals[index].enabled else { return .ignore }
        let ritual = config.rituals[index]
        guard answer.occurrence >= now - Planner.answerHorizon else { return .ignore }
        if answer.at > now + Planner.clockSkew {
            return .refuse("given at \(Timestamp.iso8601(answer.at, in: zone)), a time still to come here")
        }
        if let until = answer.until, until > answer.at + Planner.longestSnooze || until < answer.at {
            return .refuse("a snooze of more than a year, or ending before it was given")
        }
        guard let fires = firing(of: ritual, scheduled: answer.occurrence) else {
            return .refuse("\(Timestamp.iso8601(answer.occurrence, in: zone)) is not an occurrence of \(ritual.id)")
        }
        if state.hasHeard(PlannerState.Key(ritual.id, answer.occurrence), by: answer.by, kind: answer.event) {
            return .heard
        }
        if answer.event == .skipped {
            return fires <= now + Planner.answerHorizon
                ? .record : .refuse("a skip of \(Timestamp.iso8601(fires, in: zone)), further ahead than rituald plans")
        }
        return fires > now + Planner.clockSkew ? .notYet : .record
    }

    /// When the occurrence of `ritual` scheduled at `scheduled` fires; nil when its schedule has
    /// no elapse at that moment or its day is left out (from, until, skip, quiet hours that drop).
    public func firing(of ritual: Ritual, scheduled: Int) -> Int? {
        var solver = WallClockSolver(zone: zone)
        guard let elapse = try? ritual.schedule.nextElapses(after: scheduled - 1, count: 1, local: &solver).first,
            elapse == scheduled
        else { return nil }
        return place(ritual, scheduled)?.at
    }
}
