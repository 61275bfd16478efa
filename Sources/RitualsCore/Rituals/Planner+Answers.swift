/// Whether an answer from outside (a line of the shared folder, a reply from a phone) may be
/// recorded. What comes from outside is untrusted: it counts only for a real occurrence of the
/// ritual, one that is out (due by now, fired by hand on either computer, or posted to the channel
/// the answer came through) for a done or a snooze (a skip may plan ahead, as `ritualctl skip`
/// does), given at a time between the occurrence's first notice and now, and each kind of answer
/// of a person to an occurrence once, whatever time it claims.
extension Planner {
    /// What becomes of an answer heard from outside.
    public enum AnswerVerdict: Equatable, Sendable {
        /// Record it.
        case record
        /// Already recorded (the same kind of answer to the same occurrence): nothing to do.
        case heard
        /// For an occurrence not yet out as far as this computer knows: to be looked at again once
        /// it is due, or heard to be fired.
        case notYet
        /// About something this config does not have, or too old to matter: passed over.
        case ignore
        /// False: not an answer to any occurrence there can be; the reason says why.
        case refuse(String)

        /// What a claim that does not hold comes to.
        init(_ claim: Claim) {
            if case .refuse(let why) = claim { self = .refuse(why) } else { self = .ignore }
        }
    }

    /// How far another computer's clock may be ahead of this one's.
    public static let clockSkew = Duration.minutes(10)
    /// Answers to occurrences older than this are passed over: the planner never looks back so
    /// far, and the history keeps the others'.
    public static let answerHorizon = Duration.days(400)
    /// The longest snooze an answer may carry.
    public static let longestSnooze = Duration.days(366)

    /// What becomes of `given` with the state as it is, at `now`. `outSince` is when the
    /// occurrence is known to have gone out elsewhere: fired by hand on another computer (its line
    /// in the shared folder), or posted to the channel the answer came through (whose reading
    /// checked the answer against the post).
    public func verdict(on given: GivenAnswer, state: PlannerState, now: Instant, outSince: Instant? = nil)
        -> AnswerVerdict
    {
        let occurrence = given.occurrence
        let claimed = claim(occurrence, at: given.at, now: now, as: "given")
        guard case .holds(let ritual, let fires) = claimed else { return AnswerVerdict(claimed) }
        if let until = given.answer.until, until > given.at + Planner.longestSnooze || until < given.at {
            return .refuse("a snooze of more than a year, or ending before it was given")
        }
        // Another person's answer of a kind already heard; this person's own (passed on from a
        // phone) is told apart by the daemon, which knows what was answered here.
        if let name = given.by.other, state.hasHeard(occurrence, by: name, kind: given.answer.kind) { return .heard }
        if given.answer == .skipped {
            return fires <= now + Planner.answerHorizon
                ? .record : .refuse("a skip of \(fires.iso8601(in: zone)), further ahead than rituald plans")
        }
        let firedHere = state.lastHandled[ritual.id].map { $0 >= occurrence.scheduled } ?? false
        let isOut = firedHere || outSince != nil || fires <= now + Planner.clockSkew
        // A done or a snooze answers a notice: none can be older than the first one.
        let firedAt = state.lastHandled[ritual.id] == occurrence.scheduled ? state.lastFiredAt[ritual.id] : nil
        let notices = [fires - (ritual.headsUp ?? .zero), firedAt, outSince].compactMap { $0 }
        let firstNotice = notices.min() ?? fires
        if given.at < firstNotice - Planner.clockSkew {
            guard isOut else { return .notYet }
            return .refuse(
                "given at \(given.at.iso8601(in: zone)), before the occurrence was out "
                    + "(\(firstNotice.iso8601(in: zone)))")
        }
        return isOut ? .record : .notYet
    }

    /// What an answer or a firing from outside first claims: an occurrence of an enabled ritual
    /// of this config, not older than rituald looks back, at a time (`at`, when it was `done`)
    /// that has come here.
    enum Claim {
        /// The ritual, and when the occurrence fires here.
        case holds(Ritual, fires: Instant)
        case ignore
        case refuse(String)
    }

    func claim(_ occurrence: OccurrenceID, at: Instant, now: Instant, as done: String) -> Claim {
        guard let index = position[occurrence.ritual], config.rituals[index].enabled else { return .ignore }
        let ritual = config.rituals[index]
        guard occurrence.scheduled >= now - Planner.answerHorizon else { return .ignore }
        if at > now + Planner.clockSkew {
            return .refuse("\(done) at \(at.iso8601(in: zone)), a time still to come here")
        }
        guard let fires = firing(of: ritual, scheduled: occurrence.scheduled) else {
            return .refuse("\(occurrence.scheduled.iso8601(in: zone)) is not an occurrence of \(ritual.id)")
        }
        return .holds(ritual, fires: fires)
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
