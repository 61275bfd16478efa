/// What becomes of an occurrence another person's computer fired by hand, as the shared folder
/// tells it. Untrusted like an answer: it must be a real occurrence of an enabled ritual, fired at
/// a time that has come, no further ahead of the occurrence than rituald plans. One that holds
/// makes answers to the occurrence count at once; it also fires here when it is fresh (within the
/// ritual's catch-up window) and the occurrence is neither handled nor paused here.
extension Planner {
    public enum FiringVerdict: Equatable, Sendable {
        /// Fire the occurrence here too.
        case fireHere
        /// Taken note of: answers to it count; nothing fires here (handled already, paused, or
        /// too old).
        case noted
        /// About something this config does not have, or too old to matter.
        case ignore
        /// Not a firing there can be; the reason says why.
        case refuse(String)

        /// What a claim that does not hold comes to.
        init(_ claim: Claim) {
            if case .refuse(let why) = claim { self = .refuse(why) } else { self = .ignore }
        }
    }

    /// What becomes of `heard` with the state as it is, at `now`.
    public func verdict(on heard: HandFiring, state: PlannerState, now: Instant) -> FiringVerdict {
        let occurrence = heard.occurrence
        let claimed = claim(occurrence, at: heard.at, now: now, as: "fired")
        guard case .holds(let ritual, let fires) = claimed else { return FiringVerdict(claimed) }
        if fires > heard.at + Planner.answerHorizon {
            return .refuse("a firing of \(fires.iso8601(in: zone)), further ahead than rituald plans")
        }
        let handled = state.lastHandled[ritual.id].map { $0 >= occurrence.scheduled } ?? false
        let fresh = now - heard.at <= max(config.catchUp(of: ritual), Lateness.onTime)
        guard !handled, fresh, !state.isClosed(occurrence, ack: ritual.ack), !state.isPaused(ritual.id, at: now)
        else { return .noted }
        return .fireHere
    }
}
