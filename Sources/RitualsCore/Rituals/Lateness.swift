/// The lateness rule: what becomes of the events that came due while rituald could not act on
/// them — it was not running, the computer slept, rituald was stopped or stalled, the clock
/// jumped ahead, a pause held them back. Pure: the same events, state and time give the same
/// verdicts, so every path that finds events in the past (start, wake-up, stall, clock step, the
/// end of a pause, every timer) decides the same way.
///
/// Per ritual, of its firings in the gap only the latest may fire, and only when it is no older
/// than the ritual's `catch_up`; every other one is missed, or held when a pause covered it.
/// A heads-up whose occurrence has come is dropped; so is a session end or reminder of an
/// occurrence that fires in the gap itself (its fresh notification is enough) or that a newer one
/// superseded. Of the notices left, one per ritual shows: the latest.
public struct Lateness: Sendable {
    /// What to do with one event.
    public enum Verdict: Sendable, Equatable {
        case deliver
        /// Record it as missed.
        case missed
        /// Record it as held by a pause.
        case held
        /// Show nothing; the reason, for the journal.
        case dropped(String)
    }

    /// One event and its verdict.
    public struct Decision: Sendable, Equatable {
        public var event: PlannedEvent
        public var verdict: Verdict
    }

    /// How many events came to what, including those too many to record one by one.
    public struct Counts: Sendable, Equatable {
        public var missed = 0
        public var held = 0
        public var dropped = 0
        /// Firings delivered later than ``Lateness/onTime``.
        public var late = 0

        public init(missed: Int = 0, held: Int = 0, dropped: Int = 0, late: Int = 0) {
            self.missed = missed
            self.held = held
            self.dropped = dropped
            self.late = late
        }

        /// Whether anything came late.
        public var isEmpty: Bool { missed + held + dropped + late == 0 }
    }

    /// An event this much after its time is still on time, whatever `catch_up` says.
    public static let onTime = Duration.seconds(5)
    /// Missed or held firings recorded per ritual and gap at most; older ones are only counted.
    public static let recordLimit = 100

    public let now: Instant
    let state: PlannerState
    let catchUp: [String: Duration]
    /// Rituals in the order their first event came, and what each gathered.
    private var order: [String] = []
    private var gaps: [String: RitualGap] = [:]

    public init(now: Instant, state: PlannerState, config: RitualsConfiguration) {
        self.now = now
        self.state = state
        var catchUp: [String: Duration] = [:]
        for r in config.rituals { catchUp[r.id] = config.catchUp(of: r) }
        self.catchUp = catchUp
    }

    /// Adds one event of the gap; each ritual's events must come in time order. Events a pause
    /// holds back are given too: the state's pauses tell which.
    public mutating func add(_ event: PlannedEvent) {
        if gaps[event.ritualID] == nil {
            order.append(event.ritualID)
            gaps[event.ritualID] = RitualGap(lastHandled: state.lastHandled[event.ritualID])
        }
        gaps[event.ritualID]?.add(event, paused: state.isPaused(event.ritualID, at: event.at))
    }

    /// The verdicts, in time order, and the counts.
    public func decide() -> (decisions: [Decision], counts: Counts) {
        var decisions: [Decision] = []
        var counts = Counts()
        for id in order {
            guard let gap = gaps[id] else { continue }
            let window = max(catchUp[id] ?? .zero, Lateness.onTime)
            gap.decide(now: now, window: window, into: &decisions, counts: &counts)
        }
        let sorted = decisions.enumerated().sorted {
            ($0.element.event.at, $0.offset) < ($1.element.event.at, $1.offset)
        }
        return (sorted.map(\.element), counts)
    }
}
