import Foundation
import LinuxSystem
import RitualsCore
import Systemd

/// The one wall-clock timer and what it delivers: firings, heads-ups, session ends, reminders and
/// pause ends, every gap settled by the lateness rule (at start too).
extension Daemon {
    /// Arms the timer for the earliest planned event or pause end.
    func rearm() {
        timer?.cancel()
        timer = nil
        let events = planner.soonest(after: cursor, through: cursor + Daemon.horizon, state: store.state, limit: 1)
        nextPlanned = events.first
        ServiceNotify.send("STATUS=\(statusLine())")
        let pauseEnd = nextPauseEnd(after: cursor)
        armedFor = nil
        guard let at = [events.first?.at, pauseEnd].compactMap({ $0 }).min() else {
            logger.info("nothing planned in the next 400 days")
            return
        }
        if let next = events.first, next.at == at {
            logger.debug("next: \(next.kind.agendaName) \(next.ritualID) at \(Timestamp.iso8601(next.at, in: zone))")
        } else {
            logger.debug("next: a pause ends at \(Timestamp.iso8601(at, in: zone))")
        }
        armedFor = at
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(wallDeadline: DispatchWallTime(microsecondsSinceEpoch: at), leeway: .milliseconds(1))
        t.setEventHandler { [weak self] in self?.due() }
        t.resume()
        timer = t
    }

    /// The timer fired, the clock was stepped or the computer woke: settles everything due by
    /// now, ends pauses that are over, and arms for the next.
    func due() {
        let now = Daemon.now()
        // An answer the other computer gave early counts before its occurrence would fire here.
        hearWaiting(now: now)
        settle(now: now)
        endPauses(now: now)
        rearm()
        // A long wait ahead: the code that fired need not stay resident until then.
        if let at = armedFor, at - now > Daemon.releaseAfterFireGap { ThisProcess.releaseResidentCode() }
    }

    /// Decides by the lateness rule what becomes of every event from the cursor to `now` (at
    /// start, from each ritual's last handled occurrence), then moves the cursor. One journal
    /// entry sums up a gap in which anything came late, and every wake-up.
    func settle(now: Int, atStart: Bool = false) {
        let clocks = Daemon.clocks()
        let cause: Lateness.Cause =
            atStart ? .started : .between(lastClocks, clocks, lateBy: armedFor.map { now - $0 } ?? 0)
        lastClocks = clocks
        let cursor = self.cursor
        let state = store.state
        let (decisions, counts) = planner.settle(now: now, state: state) { ritual in
            atStart ? state.lastHandled[ritual.id] : cursor
        }
        // What is only recorded goes to the history in one write; then the deliveries, each
        // recorded before it shows.
        record(decisions.compactMap { note(for: $0, cause: cause) }, now: now)
        for decision in decisions where decision.verdict == .deliver { deliver(decision.event) }
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
        record(summary, now: now)
    }

    /// What a verdict of the lateness rule records, when it does not deliver.
    func note(for decision: Lateness.Decision, cause: Lateness.Cause) -> DaemonEvent? {
        let e = decision.event
        let when = Timestamp.systemd(e.occurrence, in: zone)
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

    /// The three clocks, now.
    static func clocks() -> Lateness.Clocks {
        Lateness.Clocks(
            realtime: ThisProcess.realtimeMicroseconds(), monotonic: ThisProcess.monotonicMicroseconds(),
            boottime: ThisProcess.boottimeMicroseconds(), cpu: ThisProcess.cpuMicroseconds())
    }

    /// Records a planned event; the recorder hands it to the desktop and the channels after it is
    /// written, so a crash in between never shows it twice (at-most-once delivery).
    func deliver(_ event: PlannedEvent) {
        guard let ritual = ritual(event.ritualID) else { return }
        var e = DaemonEvent(
            event.kind, ritual: ritual.id, title: event.title, occurrence: event.occurrence, prompt: event.prompt,
            message: message(for: event))
        if event.kind == .fired || event.kind == .remindedAgain { e.turn = turn(of: ritual, event.occurrence) }
        record(e)
    }

    /// Shows a planned event as a notification; its buttons answer the occurrence.
    func showOnDesktop(_ event: DaemonEvent, _ ritual: Ritual) {
        notifier.show(
            key: ritual.id, occurrence: event.occurrence, title: event.title ?? ritual.id, body: event.body,
            urgency: ritual.urgency, queue: queue
        ) { [weak self] answer in
            self?.notificationEnded(answer, event)
        }
    }

    func message(for event: PlannedEvent) -> String {
        switch event.kind {
        case .headsUp: return "\(event.title) is coming up."
        case .sessionEnd: return "\(event.title): the session has ended."
        case .remindedAgain: return "\(event.title): a reminder, not yet done."
        default: return "\(event.title): it is time" + (event.prompt.map { ". " + $0 } ?? ".")
        }
    }

    /// The earliest end of a pause after `after`.
    func nextPauseEnd(after: Int) -> Int? {
        ([store.state.pause] + store.state.ritualPauses.values.map { $0 }).compactMap { $0?.until }
            .filter { $0 > after }.min()
    }

    /// Pauses that ended by `now` are recorded and journaled as resumed.
    func endPauses(now: Int) {
        if let until = store.state.pause?.until, until <= now {
            record(
                DaemonEvent(
                    .resumed, ritual: HistoryRecord.allRituals, title: nil, occurrence: until,
                    message: "All rituals resumed: the pause ended."), now: now)
        }
        for (id, pause) in store.state.ritualPauses {
            guard let until = pause.until, until <= now else { continue }
            let title = ritual(id).map { planner.title(of: $0) } ?? id
            record(
                DaemonEvent(
                    .resumed, ritual: id, title: title, occurrence: until, message: "\(title) resumed: the pause ended."
                ),
                now: now)
        }
    }
}

/// Notifications that found no notification server.
extension Daemon {
    /// Shows again what waits for a notification server, while its occurrence is still open and
    /// within its ritual's catch_up; gives up on the rest.
    func retryNotices() {
        let now = Daemon.now()
        for event in pending.takeAll() {
            guard let id = event.ritual, let occurrence = event.occurrence, let ritual = ritual(id) else { continue }
            let window = ritual.catchUp ?? config.settings.catchUp
            if isOpen(id, occurrence) && now - occurrence <= max(window, Lateness.onTime) {
                showOnDesktop(event, ritual)
            } else {
                logger.notice("\(event.title ?? id): no notification server answered in time; not shown")
            }
        }
    }
}
