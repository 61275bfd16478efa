import Foundation
import RitualsConfig
import RitualsCore
import Systemd

/// Timer, deliveries and answers.
extension Daemon {
    /// Arms the one wall-clock timer for the earliest planned event.
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
            logger.debug("next: \(next.kind.rawValue) \(next.ritualID) at \(Timestamp.iso8601(next.at, in: zone))")
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

    static let recordEvent: [PlannedEvent.Kind: HistoryRecord.Event] = [
        .fire: .fired, .headsUp: .headsUp, .sessionEnd: .sessionEnd, .remindAgain: .remindedAgain,
    ]

    func deliver(_ event: PlannedEvent) {
        guard let ritual = config.rituals.first(where: { $0.id == event.ritualID }) else { return }
        let kind = Daemon.recordEvent[event.kind] ?? .fired
        var entry = JournalEntry(event: kind.rawValue, message: message(for: event))
        entry.ritualID = ritual.id
        entry.title = event.title
        entry.scheduled = event.occurrence
        entry.prompt = event.prompt
        journal(entry)
        // Recorded before the notification shows: a crash in between never shows it twice
        // (at-most-once delivery).
        record(
            HistoryRecord(
                at: Daemon.now(), ritual: ritual.id, occurrence: event.occurrence, event: kind, prompt: event.prompt))
        let body: String
        switch event.kind {
        case .headsUp: body = "Coming up: " + (event.prompt ?? event.title)
        case .sessionEnd: body = "Time is up. Take a moment to talk about how it was."
        default: body = event.prompt ?? ""
        }
        notifier.show(
            key: "\(ritual.id)@\(event.occurrence)", title: event.title, body: body, urgency: ritual.urgency,
            replace: event.kind == .remindAgain, queue: queue
        ) { [weak self] answer in
            self?.answered(answer, event)
        }
    }

    func message(for event: PlannedEvent) -> String {
        switch event.kind {
        case .fire: return "\(event.title): it is time" + (event.prompt.map { ". " + $0 } ?? ".")
        case .headsUp: return "\(event.title) is coming up."
        case .sessionEnd: return "\(event.title): the session has ended."
        case .remindAgain: return "\(event.title): a reminder, not yet done."
        }
    }

    func answered(_ answer: DesktopNotifier.Answer, _ event: PlannedEvent) {
        switch answer {
        case .none:
            return
        case .failed(let why):
            var entry = JournalEntry(
                event: "delivery-failed", message: "Could not show \(event.title): \(why)", priority: 4)
            entry.ritualID = event.ritualID
            entry.scheduled = event.occurrence
            journal(entry)
        case .button(let name):
            // Already answered (from ritualctl, say): the late click changes nothing.
            if store.state.outcomes[PlannerState.Key(event.ritualID, event.occurrence)] != nil { return }
            let now = Daemon.now()
            let snooze = config.desktop.snooze
            let outcome: HistoryRecord.Event = name == "done" ? .done : (name == "snooze" ? .snoozed : .skipped)
            record(
                HistoryRecord(
                    at: now, ritual: event.ritualID, occurrence: event.occurrence, event: outcome,
                    until: outcome == .snoozed ? now + snooze : nil))
            var entry = JournalEntry(event: outcome.rawValue, message: "\(event.title): \(outcome.rawValue).")
            entry.ritualID = event.ritualID
            entry.title = event.title
            entry.scheduled = event.occurrence
            journal(entry)
            rearm()
        }
    }

    /// Fires the latest occurrence missed while not running if it is recent enough; records the rest as missed.
    func catchUp(now: Int) {
        for decision in planner.catchUp(now: now, state: store.state) {
            guard let ritual = config.rituals.first(where: { $0.id == decision.ritualID }) else { continue }
            let title = planner.title(of: ritual)
            switch decision.action {
            case .fire:
                deliver(
                    PlannedEvent(
                        kind: .fire, ritualID: ritual.id, title: title, at: decision.at,
                        occurrence: decision.occurrence,
                        prompt: decision.prompt))
            case .missed:
                record(HistoryRecord(at: now, ritual: ritual.id, occurrence: decision.occurrence, event: .missed))
                var entry = JournalEntry(event: "missed", message: "\(title) was missed while rituald was not running.")
                entry.ritualID = ritual.id
                entry.title = title
                entry.scheduled = decision.occurrence
                journal(entry)
            }
        }
    }

    /// Appends to the history. When the disk refuses, the record stays in memory (the daemon
    /// goes on firing) and the problem is logged once and shown in STATUS= until writing works.
    func record(_ r: HistoryRecord) {
        let before = store.problem
        do {
            try store.append(r)
            if before != nil { logger.notice("the history is written again: \(store.historyPath)") }
        } catch {
            if before == nil { logger.error("\(store.problem ?? "\(error)")") }
        }
    }

    /// Writes `entry` to the journal; to standard error as well with --verbose, or instead when
    /// the journal does not take it (no journald, or one that went away).
    func journal(_ entry: JournalEntry) {
        let sent = Journal.isAvailable && Journal.send(entry.fields) >= 0
        if options.verbose || !sent {
            FileHandle.standardError.write(Data("rituald: \(entry.event): \(entry.message)\n".utf8))
        }
    }
}
