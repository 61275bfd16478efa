import FoundationEssentials
import LinuxSystem
import Logging
import RitualsCore
import Systemd

/// The one writer of what rituald remembers. Every event goes through here: its record to the
/// history (the state store, fsynced), then its journal entry, then, recorded, to whoever follows
/// (delivery and sharing). The history comes first: a kill in between leaves an event recorded
/// and not journaled (the next start neither fires nor misses it again), never journaled as fired
/// and then recorded as missed.
final class Recorder: @unchecked Sendable {
    let store: StateStore
    private let logger: Logger
    private let verbose: Bool
    /// This computer's person (`me`), for RITUAL_BY.
    var me: String?
    /// Where events are journaled instead of the journal, when set (to watch the order).
    var journalSink: ((DaemonEvent) -> Void)?
    /// Told of the events just recorded, in order, and the time they were recorded at.
    var followers: [([DaemonEvent], Int) -> Void] = []

    init(store: StateStore, logger: Logger, verbose: Bool) {
        self.store = store
        self.logger = logger
        self.verbose = verbose
    }

    /// What the history adds up to.
    var state: PlannerState { store.state }

    /// Records `event` at `now`.
    func record(_ event: DaemonEvent, now: Int = WallClock.now()) { record([event], now: now) }

    /// Appends the records of `events` to the history in one write, then journals them, then
    /// hands them on.
    func record(_ events: [DaemonEvent], now: Int = WallClock.now()) {
        let records = events.compactMap { $0.historyRecord(at: now) }
        if !records.isEmpty { append(records) }
        for e in events { journal(e) }
        for follower in followers { follower(events, now) }
    }

    /// Appends to the history. When the disk refuses, the records stay in memory (rituald goes
    /// on firing) and the problem is logged once and shown in STATUS= until writing works.
    private func append(_ records: [HistoryRecord]) {
        let before = store.problem
        do {
            try store.append(records)
            if before != nil { logger.notice("the history is written again: \(store.historyPath)") }
        } catch {
            if before == nil { logger.error("\(store.problem ?? "\(error)")") }
        }
    }

    /// Writes `event` to the journal; to standard error as well with --verbose, or instead when
    /// the journal does not take it (no journald, or one that went away).
    private func journal(_ event: DaemonEvent) {
        if let journalSink { return journalSink(event) }
        let sent = Journal.isAvailable && Journal.send(event.journalFields(me: me)) >= 0
        if verbose || !sent {
            StandardStream.error.write(Data("rituald: \(event.kind.name): \(event.message)\n".utf8))
        }
    }
}
