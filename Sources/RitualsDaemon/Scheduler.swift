import Dispatch
import FoundationEssentials
import LinuxSystem
import Logging
import RitualsCore
import Systemd

/// Scheduling: the one wall-clock timer, armed for the earliest planned event or pause end, and
/// what happens when it goes off, the clock is stepped or the computer wakes: every event from
/// the cursor to now is settled by the lateness rule (at start too), and what is due is recorded,
/// which hands it on to the desktop and the channels. Used on the daemon's queue only.
final class Scheduler: @unchecked Sendable {
    private let queue: DispatchQueue
    private let rules: Rules
    private let recorder: Recorder
    private let logger: Logger
    private var timer: DispatchSourceTimer?
    /// Events up to this time were handled.
    private(set) var cursor = 0
    /// When the timer was last armed for; nil while nothing is planned.
    private(set) var armedFor: Int?
    /// The next event, as the last arming planned it.
    private(set) var nextPlanned: PlannedEvent?
    /// The clocks when the cursor last moved: a gap is told apart as sleep, a stall, rituald's
    /// own work or a clock step by them.
    private var lastClocks = Scheduler.clocks()
    private var clockWatch: ClockWatch?
    /// Runs first whenever the timer goes off (answers that waited for their occurrence).
    var beforeDue: (Int) -> Void = { _ in }
    /// Planned at most this far ahead.
    static let horizon = 400 * Microseconds.day
    /// After firing, resident code is given back when the next event is further away than this.
    static let releaseAfterFireGap = Microseconds.minute

    init(queue: DispatchQueue, rules: Rules, recorder: Recorder, logger: Logger) {
        self.queue = queue
        self.rules = rules
        self.recorder = recorder
        self.logger = logger
    }

    /// At start: settles what came due while rituald was not running (from each ritual's last
    /// handled occurrence), then follows the clock and arms the timer.
    func start(now: Int, zoneMayHaveChanged: @escaping @Sendable () -> Void) {
        cursor = now
        settle(now: now, atStart: true)
        let watch = ClockWatch(
            queue: queue,
            clockChanged: { [weak self] in
                self?.logger.info("wall clock changed, or the computer woke; planning again")
                self?.due()
            },
            zoneMayHaveChanged: zoneMayHaveChanged)
        for problem in watch.problems { logger.warning("\(problem)") }
        clockWatch = watch
        rearm()
    }

    func stop() { timer?.cancel() }

    /// Arms the timer for the earliest planned event or pause end.
    func rearm() {
        timer?.cancel()
        timer = nil
        let events = rules.planner.soonest(
            after: cursor, through: cursor + Scheduler.horizon, state: recorder.state, limit: 1)
        nextPlanned = events.first
        ServiceNotify.send("STATUS=\(statusLine())")
        armedFor = nil
        guard let at = [events.first?.at, nextPauseEnd(after: cursor)].compactMap({ $0 }).min() else {
            logger.info("nothing planned in the next 400 days")
            return
        }
        if let next = events.first, next.at == at {
            logger.debug(
                "next: \(next.kind.agendaName) \(next.ritualID) at \(Timestamp.iso8601(next.at, in: rules.zone))")
        } else {
            logger.debug("next: a pause ends at \(Timestamp.iso8601(at, in: rules.zone))")
        }
        armedFor = at
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(wallDeadline: DispatchWallTime(microsecondsSinceEpoch: at), leeway: .milliseconds(1))
        t.setEventHandler { [weak self] in self?.due() }
        t.resume()
        timer = t
    }

    /// The timer went off, the clock was stepped or the computer woke: settles everything due by
    /// now, ends pauses that are over, and arms for the next.
    func due() {
        let now = WallClock.now()
        beforeDue(now)
        settle(now: now)
        endPauses(now: now)
        rearm()
        // A long wait ahead: the code that fired need not stay resident until then.
        if let at = armedFor, at - now > Scheduler.releaseAfterFireGap { ThisProcess.releaseResidentCode() }
    }

    /// Decides by the lateness rule what becomes of every event from the cursor to `now` (at
    /// start, from each ritual's last handled occurrence), then moves the cursor. One journal
    /// entry sums up a gap in which anything came late, and every wake-up.
    func settle(now: Int, atStart: Bool = false) {
        let clocks = Scheduler.clocks()
        let cause: Lateness.Cause =
            atStart ? .started : .between(lastClocks, clocks, lateBy: armedFor.map { now - $0 } ?? 0)
        lastClocks = clocks
        let cursor = self.cursor
        let state = recorder.state
        let (decisions, counts) = rules.planner.settle(now: now, state: state) { ritual in
            atStart ? state.lastHandled[ritual.id] : cursor
        }
        // What is only recorded goes to the history in one write; then the deliveries, each
        // recorded before it shows.
        recorder.record(decisions.compactMap { note(for: $0, cause: cause) }, now: now)
        for decision in decisions where decision.verdict == .deliver { deliver(decision.event, now: now) }
        self.cursor = max(self.cursor, now)
        switch cause {
        case .asleep, .clockAhead, .clockBack: break
        default: if counts.isEmpty { return }
        }
        var summary = DaemonEvent(.caughtUp, message: Lateness.summary(cause, counts))
        summary.fields = [
            ("RITUAL_CAUSE", cause.name), ("RITUAL_GAP_USEC", String(now - cursor)),
            ("RITUAL_MISSED", String(counts.missed)), ("RITUAL_LATE", String(counts.late)),
            ("RITUAL_HELD", String(counts.held)), ("RITUAL_DROPPED", String(counts.dropped)),
        ]
        if case .asleep(let slept) = cause { summary.fields.append(("RITUAL_ASLEEP_USEC", String(slept))) }
        recorder.record(summary, now: now)
    }

    /// What a verdict of the lateness rule records, when it does not deliver.
    private func note(for decision: Lateness.Decision, cause: Lateness.Cause) -> DaemonEvent? {
        let e = decision.event
        let when = Timestamp.systemd(e.occurrence, in: rules.zone)
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

    /// Records a planned event; the recorder hands it to the desktop and the channels after it is
    /// written, so a crash in between never shows it twice (at-most-once delivery).
    func deliver(_ event: PlannedEvent, now: Int = WallClock.now()) {
        guard let ritual = rules.ritual(event.ritualID) else { return }
        var e = DaemonEvent(
            event.kind, ritual: ritual.id, title: event.title, occurrence: event.occurrence, prompt: event.prompt,
            message: Scheduler.message(for: event))
        if event.kind == .fired || event.kind == .remindedAgain {
            e.turn = rules.turn(of: ritual, event.occurrence, state: recorder.state)
        }
        recorder.record(e, now: now)
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

    /// The next firing of `ritual` with the live state, within the planning horizon.
    func nextFire(of ritual: Ritual, now: Int) -> PlannedEvent? {
        rules.planner.nextFiring(of: ritual, after: now, through: now + Scheduler.horizon, state: recorder.state)
    }

    /// The earliest end of a pause after `after`.
    private func nextPauseEnd(after: Int) -> Int? {
        let state = recorder.state
        return ([state.pause] + state.ritualPauses.values.map { $0 }).compactMap { $0?.until }.filter { $0 > after }
            .min()
    }

    /// Pauses that ended by `now` are recorded and journaled as resumed.
    private func endPauses(now: Int) {
        let state = recorder.state
        if let until = state.pause?.until, until <= now {
            recorder.record(
                DaemonEvent(
                    .resumed, ritual: HistoryRecord.allRituals, title: nil, occurrence: until,
                    message: "All rituals resumed: the pause ended."), now: now)
        }
        for (id, pause) in state.ritualPauses {
            guard let until = pause.until, until <= now else { continue }
            let title = rules.ritual(id).map { rules.title(of: $0) } ?? id
            recorder.record(
                DaemonEvent(
                    .resumed, ritual: id, title: title, occurrence: until, message: "\(title) resumed: the pause ended."
                ),
                now: now)
        }
    }

    /// One line for `STATUS=`: "10 rituals; next: Evening check-in at 21:00".
    func statusLine() -> String {
        let count = rules.config.rituals.filter(\.enabled).count
        var line = "\(count) ritual\(count == 1 ? "" : "s")"
        if let next = nextPlanned {
            let t = rules.zone.localTime(next.at / Microseconds.second)
            line += "; next: \(next.title) at \(Timestamp.clock(minuteOfDay: t.hour * 60 + t.minute))"
        }
        if let problem = recorder.store.problem { line += "; not saved: \(problem)" }
        return line
    }

    /// The three clocks and processor time, now.
    static func clocks() -> Lateness.Clocks {
        Lateness.Clocks(
            realtime: ThisProcess.realtimeMicroseconds(), monotonic: ThisProcess.monotonicMicroseconds(),
            boottime: ThisProcess.boottimeMicroseconds(), cpu: ThisProcess.cpuMicroseconds())
    }
}
