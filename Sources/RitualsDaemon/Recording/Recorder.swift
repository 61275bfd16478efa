import FoundationEssentials
import LinuxSystem
import Logging
import RitualsCore
import Systemd

/// Takes one journal entry (its fields); whether it was taken.
typealias JournalSink = @Sendable ([(String, String)]) -> Bool

/// The one writer of what rituald remembers: each event's record to the history (the state
/// store, fsynced), then its journal entry. The history comes first: a kill in between leaves an
/// event recorded and not journaled (the next start neither fires nor misses it again), never
/// journaled as fired and then recorded as missed. What was recorded is handed on by the daemon.
final class Recorder: @unchecked Sendable {
    let store: StateStore
    private let logger: Logger
    private let verbose: Bool
    /// Where the journal entries go: the journal, or a test's record of them.
    private let journal: JournalSink
    /// This computer's person (`me`), for RITUAL_BY.
    var me: String?

    init(store: StateStore, journal: @escaping JournalSink, logger: Logger, verbose: Bool) {
        self.store = store
        self.journal = journal
        self.logger = logger
        self.verbose = verbose
    }

    /// What the history adds up to.
    var state: PlannerState { store.state }

    /// Appends the records of `events` to the history in one write, then journals them.
    func record(_ events: [DaemonEvent], now: Instant) {
        let records = events.compactMap { $0.historyRecord(at: now) }
        if !records.isEmpty { append(records) }
        for e in events { write(e) }
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

    /// Tries again to write what the disk refused.
    func writeUnwritten() {
        guard store.problem != nil else { return }
        do {
            try store.flush()
            logger.notice("the history is written again: \(store.historyPath)")
        } catch {}
    }

    /// Writes `event` to the journal; to standard error as well with --verbose, or instead when
    /// the journal does not take it (no journald, or one that went away).
    private func write(_ event: DaemonEvent) {
        let sent = journal(event.journalFields(me: me))
        if verbose || !sent {
            StandardStream.error.write(Data("rituald: \(event.kind.name): \(event.message)\n".utf8))
        }
    }
}

extension Recorder {
    /// The system's journal, while a journald listens: entries go out from a queue of their
    /// own (a journald that stalls never holds the daemon).
    static let systemJournal: JournalSink = { fields in
        guard Journal.isAvailable else { return false }
        JournalQueue.shared.write(fields)
        return true
    }
}
