/// Occurrences missed while rituald was not running.
extension Planner {
    /// What to do about one missed occurrence.
    public struct CatchUp: Sendable, Equatable {
        /// ``EventKind/fired``: fire it now, it is the latest one and still within `catch_up`;
        /// ``EventKind/missed``: record it as missed.
        public var action: EventKind
        public var ritualID: String
        public var occurrence: Int
        /// When it should have fired.
        public var at: Int
        public var prompt: String?
    }

    /// Missed occurrences recorded per ritual at most; older ones are summed up by the newest.
    public static let missedLimit = 100

    /// For each ritual, the occurrences after the last handled one up to `now`: the latest fires
    /// once if it is no older than `catch_up`, every other one is missed. A ritual never handled
    /// before has missed nothing.
    public func catchUp(now: Int, state: PlannerState) -> [CatchUp] {
        var out: [CatchUp] = []
        for ritual in config.rituals where ritual.enabled {
            guard let last = state.lastHandled[ritual.id] else { continue }
            let window = ritual.catchUp ?? config.settings.catchUp
            let missed = occurrences(of: ritual, after: last, through: now).filter { o in
                let key = PlannerState.Key(ritual.id, o.scheduled)
                return o.scheduled > last && state.outcomes[key] == nil
                    && !state.isPaused(ritual.id, at: o.at)
            }
            for (i, o) in missed.suffix(Planner.missedLimit).enumerated() {
                let latest = i == min(missed.count, Planner.missedLimit) - 1
                let action: EventKind = latest && now - o.at <= window ? .fired : .missed
                out.append(
                    CatchUp(
                        action: action, ritualID: ritual.id, occurrence: o.scheduled, at: o.at,
                        prompt: prompt(of: ritual, o)))
            }
        }
        return out.sorted { $0.at < $1.at }
    }
}
