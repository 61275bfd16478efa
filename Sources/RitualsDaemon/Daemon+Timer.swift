import Foundation
import RitualsCore
import Systemd

/// The one wall-clock timer and what it delivers: firings, heads-ups, session ends, reminders,
/// pause ends, and the catch-up at start.
extension Daemon {
    /// Arms the timer for the earliest planned event or pause end.
    func rearm() {
        timer?.cancel()
        timer = nil
        let events = planner.events(after: cursor, through: cursor + Daemon.horizon, state: store.state, limit: 1)
        ServiceNotify.send("STATUS=\(statusLine())")
        let pauseEnd = nextPauseEnd(after: cursor)
        guard let at = [events.first?.at, pauseEnd].compactMap({ $0 }).min() else {
            logger.info("nothing planned in the next 400 days")
            return
        }
        if let next = events.first, next.at == at {
            logger.debug("next: \(next.kind.agendaName) \(next.ritualID) at \(Timestamp.iso8601(next.at, in: zone))")
        } else {
            logger.debug("next: a pause ends at \(Timestamp.iso8601(at, in: zone))")
        }
        let t = DispatchSource.makeTimerSource(queue: queue)
        let deadline = DispatchWallTime(timespec: timespec(tv_sec: at / 1_000_000, tv_nsec: (at % 1_000_000) * 1000))
        t.schedule(wallDeadline: deadline, leeway: .milliseconds(1))
        t.setEventHandler { [weak self] in self?.due() }
        t.resume()
        timer = t
    }

    /// Handles every event that is due now, then arms for the next.
    func due() {
        let now = Daemon.now()
        endPauses(now: now)
        let events = planner.events(after: cursor, through: now, state: store.state)
        for event in events { deliver(event) }
        cursor = max(cursor, now)
        rearm()
    }

    /// Records a planned event, then shows it: recorded first, so a crash in between never shows
    /// it twice (at-most-once delivery).
    func deliver(_ event: PlannedEvent) {
        guard let ritual = ritual(event.ritualID) else { return }
        record(
            DaemonEvent(
                event.kind, ritual: ritual.id, title: event.title, occurrence: event.occurrence, prompt: event.prompt,
                message: message(for: event)))
        let body: String
        switch event.kind {
        case .headsUp: body = "Coming up: " + (event.prompt ?? event.title)
        case .sessionEnd: body = "Time is up. Take a moment to talk about how it was."
        default: body = event.prompt ?? ""
        }
        notifier.show(
            key: "\(ritual.id)@\(event.occurrence)", title: event.title, body: body, urgency: ritual.urgency,
            replace: event.kind == .remindedAgain, queue: queue
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

    /// Fires the latest occurrence missed while not running if it is recent enough; records the rest as missed.
    func catchUp(now: Int) {
        for decision in planner.catchUp(now: now, state: store.state) {
            guard let ritual = ritual(decision.ritualID) else { continue }
            let title = planner.title(of: ritual)
            if decision.action == .fired {
                deliver(
                    PlannedEvent(
                        kind: .fired, ritualID: ritual.id, title: title, at: decision.at,
                        occurrence: decision.occurrence, prompt: decision.prompt))
            } else {
                record(
                    DaemonEvent(
                        .missed, ritual: ritual.id, title: title, occurrence: decision.occurrence,
                        message: "\(title) was missed while rituald was not running."), now: now)
            }
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
