import Foundation
import LinuxSystem
import RitualsCore
import Systemd

/// The recorder: every event goes through here, to the journal and (when its kind is recorded)
/// the history.
extension Daemon {
    /// Appends `event`'s record to the history (which updates the state), journals it, then
    /// hands it to the desktop and the channels.
    func record(_ event: DaemonEvent, now: Int = Daemon.now()) { record([event], now: now) }

    /// Appends the records of `events` to the history in one write, then journals them, then
    /// hands them to the channels: of a batch (what a gap came to), only the last of each ritual
    /// and kind. The history comes first: a kill in between leaves an event recorded and not
    /// journaled (the next start neither fires nor misses it again), never journaled as fired and
    /// then recorded as missed.
    func record(_ events: [DaemonEvent], now: Int = Daemon.now()) {
        let records = events.compactMap { $0.historyRecord(at: now) }
        if !records.isEmpty {
            append(records)
            share(records)
        }
        for e in events { journal(e) }
        var seen: Set<String> = []
        // Every answer heard from another person counts: each may withdraw a notification.
        for e in events.reversed() where e.by != nil || seen.insert("\(e.ritual ?? "")\t\(e.kind.name)").inserted {
            fanOut(e)
        }
    }

    /// Appends to the history. When the disk refuses, the records stay in memory (the daemon
    /// goes on firing) and the problem is logged once and shown in STATUS= until writing works.
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
        let sent = Journal.isAvailable && Journal.send(event.journalFields) >= 0
        if options.verbose || !sent {
            FileHandle.standardError.write(Data("rituald: \(event.kind.name): \(event.message)\n".utf8))
        }
    }
}
