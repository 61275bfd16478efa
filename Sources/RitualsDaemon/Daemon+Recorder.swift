import Foundation
import RitualsCore
import Systemd

/// The recorder: every event goes through here, to the journal and (when its kind is recorded)
/// the history.
extension Daemon {
    /// Journals `event`, appends its record to the history (which updates the state), then hands
    /// it to the desktop and the channels.
    func record(_ event: DaemonEvent, now: Int = Daemon.now()) { record([event], now: now) }

    /// Journals `events`, then appends their records to the history in one write, then hands them
    /// to the channels: of a batch (what a gap came to), only the last of each ritual and kind.
    func record(_ events: [DaemonEvent], now: Int = Daemon.now()) {
        for e in events { journal(e) }
        let records = events.compactMap { $0.historyRecord(at: now) }
        if !records.isEmpty { append(records) }
        var seen: Set<String> = []
        for e in events.reversed() where seen.insert("\(e.ritual ?? "")\t\(e.kind.name)").inserted {
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
        let sent = Journal.isAvailable && Journal.send(event.journalFields) >= 0
        if options.verbose || !sent {
            FileHandle.standardError.write(Data("rituald: \(event.kind.name): \(event.message)\n".utf8))
        }
    }
}
