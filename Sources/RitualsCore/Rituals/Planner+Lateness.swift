/// The lateness rule over what the planner would have done in a gap.
extension Planner {
    /// Events fetched at once while walking a gap.
    static let gapChunk = 10_000

    /// The verdicts of ``Lateness`` on every event of each enabled ritual after `since(ritual)`
    /// (no event for a ritual whose `since` is nil) up to and including `now`, paused ones
    /// included. However long the gap, memory stays bounded: events are walked in chunks.
    public func settle(now: Instant, state: PlannerState, since: (Ritual) -> Instant?) -> (
        decisions: [Lateness.Decision], counts: Lateness.Counts
    ) {
        var rule = Lateness(now: now, state: state, config: config)
        for ritual in config.rituals where ritual.enabled {
            guard var after = since(ritual), after < now else { continue }
            while true {
                let chunk = events(
                    after: after, through: now, state: state, limit: Planner.gapChunk, includePaused: true,
                    only: ritual.id)
                guard chunk.count == Planner.gapChunk, let last = chunk.last?.at,
                    let before = chunk.last(where: { $0.at < last })?.at
                else {
                    for e in chunk { rule.add(e) }
                    break
                }
                // The events of the last moment come whole with the next chunk.
                for e in chunk where e.at <= before { rule.add(e) }
                after = before
            }
        }
        return rule.decide()
    }
}
