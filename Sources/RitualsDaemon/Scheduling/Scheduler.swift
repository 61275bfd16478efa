import Dispatch
import Logging
import RitualsCore

/// Scheduling: the one timer, armed for the earliest planned event or pause end, and what the
/// events from the cursor to now come to by the lateness rule (at start, when the timer goes off,
/// when the clock is stepped or the computer wakes). It decides and returns the events to record;
/// the daemon records them. Used on the daemon's queue only.
final class Scheduler: @unchecked Sendable {
    private let config: ConfigInUse
    private let clock: any DaemonClock
    private let inputs: Inputs
    private let logger: Logger
    private var timer: (any ClockTimer)?
    /// Events up to this time were handled.
    private(set) var cursor = Instant.epoch
    /// When the timer was last armed for; nil while nothing is planned.
    private(set) var armedFor: Instant?
    /// The next event, as the last arming planned it.
    private(set) var nextPlanned: PlannedEvent?
    /// The clocks when the cursor last moved: a gap is told apart as sleep, a stall, rituald's
    /// own work or a clock step by them.
    private var lastClocks: Lateness.Clocks
    /// Planned at most this far ahead.
    static let horizon = Duration.days(400)

    /// What one settling came to, in the order it is recorded: what is only noted (missed, held,
    /// dropped) in one write, then each delivery on its own, then the gap's summary.
    struct Settled {
        var notes: [DaemonEvent] = []
        var deliveries: [DaemonEvent] = []
        var summary: DaemonEvent?
    }

    init(config: ConfigInUse, clock: any DaemonClock, inputs: Inputs, logger: Logger) {
        self.config = config
        self.clock = clock
        self.inputs = inputs
        self.logger = logger
        lastClocks = clock.readings()
    }

    func stop() {
        timer?.cancel()
        timer = nil
    }

    /// Arms the timer for the earliest planned event or pause end after the cursor.
    func rearm(state: PlannerState) {
        inputs.checkQueue()
        timer?.cancel()
        timer = nil
        let events = config.planner.soonest(
            after: cursor, through: cursor + Scheduler.horizon, state: state, limit: 1)
        nextPlanned = events.first
        armedFor = nil
        guard let at = [events.first?.at, Scheduler.nextPauseEnd(after: cursor, state: state)].compactMap({ $0 }).min()
        else {
            logger.info("nothing planned in the next 400 days")
            return
        }
        if let next = events.first, next.at == at {
            logger.debug("next: \(next.kind.agendaName) \(next.ritualID) at \(at.iso8601(in: config.zone))")
        } else {
            logger.debug("next: a pause ends at \(at.iso8601(in: config.zone))")
        }
        armedFor = at
        let inputs = self.inputs
        timer = clock.timer(at: at, queue: inputs.queue) { inputs.send(.due) }
    }

    /// Decides by the lateness rule what becomes of every event from the cursor to `now` (at
    /// start, from each ritual's last handled occurrence), then moves the cursor. A summary sums
    /// up a gap in which anything came late, and every wake-up or clock step.
    func settle(now: Instant, state: PlannerState, atStart: Bool = false) -> Settled {
        let clocks = clock.readings()
        let lateBy = armedFor.map { now - $0 } ?? .zero
        let cause: Lateness.Cause = atStart ? .started : .between(lastClocks, clocks, lateBy: lateBy)
        lastClocks = clocks
        let cursor = self.cursor
        let (decisions, counts) = config.planner.settle(now: now, state: state) { ritual in
            atStart ? state.lastHandled[ritual.id] : cursor
        }
        var settled = Settled()
        settled.notes = decisions.compactMap { note(for: $0, cause: cause) }
        settled.deliveries = decisions.filter { $0.verdict == .deliver }.compactMap { delivery($0.event, state: state) }
        self.cursor = max(cursor, now)
        switch cause {
        case .asleep, .clockAhead, .clockBack: break
        default: if counts.isEmpty { return settled }
        }
        var summary = DaemonEvent(.caughtUp, message: Lateness.summary(cause, counts))
        summary.fields = [
            ("RITUAL_CAUSE", cause.name), ("RITUAL_GAP_USEC", String((now - cursor).microseconds)),
            ("RITUAL_MISSED", String(counts.missed)), ("RITUAL_LATE", String(counts.late)),
            ("RITUAL_HELD", String(counts.held)), ("RITUAL_DROPPED", String(counts.dropped)),
        ]
        if case .asleep(let slept) = cause { summary.fields.append(("RITUAL_ASLEEP_USEC", String(slept.microseconds))) }
        settled.summary = summary
        return settled
    }

    /// Starts at `now`: the cursor there, what came due while rituald was not running settled
    /// from each ritual's last handled occurrence.
    func start(now: Instant, state: PlannerState) -> Settled {
        cursor = now
        return settle(now: now, state: state, atStart: true)
    }

    /// What a verdict of the lateness rule records, when it does not deliver.
    private func note(for decision: Lateness.Decision, cause: Lateness.Cause) -> DaemonEvent? {
        let e = decision.event
        let when = e.occurrence.systemd(in: config.zone)
        func note(_ kind: EventKind, _ message: String) -> DaemonEvent {
            DaemonEvent(kind, ritual: e.ritualID, title: e.title, occurrence: e.occurrence, message: message)
        }
        switch decision.verdict {
        case .deliver: return nil
        case .missed: return note(.missed, "\(e.title) (\(when)) was missed \(cause.whileMissed).")
        case .held: return note(.heldByPause, "\(e.title) (\(when)) was held back by a pause.")
        case .dropped(let why):
            return note(.dropped, "\(e.title): the \(e.kind.agendaName) of \(when) is not shown: \(why).")
        }
    }

    /// The event a planned one is recorded as (then shown and sent): a firing or reminder says
    /// whose confirmation it still waits for.
    func delivery(_ event: PlannedEvent, state: PlannerState) -> DaemonEvent? {
        guard let ritual = config.ritual(event.ritualID) else { return nil }
        var e = DaemonEvent(
            event.kind, ritual: ritual.id, title: event.title, occurrence: event.occurrence, prompt: event.prompt,
            message: Scheduler.message(for: event))
        if event.kind == .fired || event.kind == .remindedAgain {
            e.turn = config.turn(of: ritual, event.occurrence, state: state)
        }
        return e
    }

    /// The journal's sentence for a planned event.
    static func message(for event: PlannedEvent) -> String {
        switch event.kind {
        case .headsUp: return "\(event.title) is coming up."
        case .sessionEnd: return "\(event.title): the session has ended."
        case .remindedAgain: return "\(event.title): a reminder, not yet done."
        default: return "\(event.title): it is time" + (event.prompt.map { ". " + $0 } ?? ".")
        }
    }

    /// The next firing of `ritual`, within the planning horizon.
    func nextFire(of ritual: Ritual, now: Instant, state: PlannerState) -> PlannedEvent? {
        config.planner.nextFiring(of: ritual, after: now, through: now + Scheduler.horizon, state: state)
    }

    /// The earliest end of a pause after `after`.
    static func nextPauseEnd(after: Instant, state: PlannerState) -> Instant? {
        ([state.pause] + state.ritualPauses.values.map { $0 }).compactMap { $0?.until }.filter { $0 > after }.min()
    }

    /// The pauses that ended by `now`, as the events that record their end.
    func endedPauses(now: Instant, state: PlannerState) -> [DaemonEvent] {
        var ended: [DaemonEvent] = []
        if let until = state.pause?.until, until <= now {
            ended.append(
                DaemonEvent(
                    .resumed, ritual: HistoryRecord.allRituals, title: nil, occurrence: until,
                    message: "All rituals resumed: the pause ended."))
        }
        for (id, pause) in state.ritualPauses.sorted(by: { $0.key < $1.key }) {
            guard let until = pause.until, until <= now else { continue }
            let title = config.ritual(id).map { config.title(of: $0) } ?? id
            ended.append(
                DaemonEvent(
                    .resumed, ritual: id, title: title, occurrence: until, message: "\(title) resumed: the pause ended."
                ))
        }
        return ended
    }

    /// One line for `STATUS=`: "10 rituals; next: Evening check-in at 21:00".
    func statusLine(problem: String?) -> String {
        let count = config.rituals.filter(\.enabled).count
        var line = "\(count) ritual\(count == 1 ? "" : "s")"
        if let next = nextPlanned {
            let t = config.zone.localTime(next.at.wholeSeconds)
            line += "; next: \(next.title) at \(Timestamp.clock(minuteOfDay: t.hour * 60 + t.minute))"
        }
        if let problem { line += "; not saved: \(problem)" }
        return line
    }
}
