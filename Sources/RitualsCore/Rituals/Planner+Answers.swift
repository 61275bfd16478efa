/// Whether an answer from outside (a line of the shared folder, a reply from a phone) may be
/// recorded. What comes from outside is untrusted: it counts only for a real occurrence of the
/// ritual, one that is due for a done or a snooze (a skip may plan ahead, as `ritualctl skip`
/// does), given at a time that has come, and each kind of answer of a person to an occurrence
/// once, whatever time it claims.
extension Planner {
    /// What becomes of an answer heard from outside.
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
    public static let clockSkew = Duration.minutes(10)
    /// Answers to occurrences older than this are passed over: the planner never looks back so
    /// far, and the history keeps the others'.
    public static let answerHorizon = Duration.days(400)
    /// The longest snooze an answer may carry.
    public static let longestSnooze = Duration.days(366)

    /// What becomes of `given` with the state as it is, at `now`.
    public func verdict(on given: GivenAnswer, state: PlannerState, now: Instant) -> AnswerVerdict {
        let occurrence = given.occurrence
        guard let index = position[occurrence.ritual], config.rituals[index].enabled else { return .ignore }
        let ritual = config.rituals[index]
        guard occurrence.scheduled >= now - Planner.answerHorizon else { return .ignore }
        if given.at > now + Planner.clockSkew {
            return .refuse("given at \(given.at.iso8601(in: zone)), a time still to come here")
        }
        if let until = given.answer.until, until > given.at + Planner.longestSnooze || until < given.at {
            return .refuse("a snooze of more than a year, or ending before it was given")
        }
        guard let fires = firing(of: ritual, scheduled: occurrence.scheduled) else {
            return .refuse("\(occurrence.scheduled.iso8601(in: zone)) is not an occurrence of \(ritual.id)")
        }
        // Another person's answer of a kind already heard; this person's own (passed on from a
        // phone) is told apart by the daemon, which knows what was answered here.
        if let name = given.by.other, state.hasHeard(occurrence, by: name, kind: given.answer.kind) { return .heard }
        if given.answer == .skipped {
            return fires <= now + Planner.answerHorizon
                ? .record : .refuse("a skip of \(fires.iso8601(in: zone)), further ahead than rituald plans")
        }
        return fires > now + Planner.clockSkew ? .notYet : .record
    }

    /// When the occurrence of `ritual` scheduled at `scheduled` fires; nil when its schedule has
    /// no elapse at that moment or its day is left out (from, until, skip, quiet hours that drop).
    public func firing(of ritual: Ritual, scheduled: Instant) -> Instant? {
        var solver = WallClockSolver(zone: zone)
        let usec = scheduled.microseconds
        guard let elapse = try? ritual.schedule.nextElapses(after: usec - 1, count: 1, local: &solver).first,
            elapse == usec
        else { return nil }
        return place(ritual, usec).map { Instant(microseconds: $0.at) }
    }
}
