import Foundation
import RitualsConfig
import RitualsCore
import Systemd

/// The daemon's memory: an append-only history (one JSON object per line, fsynced per record),
/// and a snapshot of the state it adds up to (written atomically) so a start replays only what
/// came after. A torn last line, from a crash mid-write, is ignored and the next record starts on
/// a line of its own. A damaged file is kept in a copy and the state is rebuilt without it, so
/// nothing recorded is lost. When the directory cannot be written (read-only, full), records stay
/// in memory, are written as soon as writing works again, and `problem` says what is wrong.
public final class StateStore: @unchecked Sendable {
    public let directory: String
    public var historyPath: String { directory + "/" + HistoryFile.name }
    public var snapshotPath: String { directory + "/state.json" }
    /// The state as of the last record.
    public private(set) var state = PlannerState()
    /// Problems found while loading, for the journal.
    public private(set) var warnings: [String] = []
    /// Why records are not reaching the disk right now; nil when all is written.
    public private(set) var problem: String?
    /// Records not yet on disk, oldest first.
    private var pending: [HistoryRecord] = []
    private var needsNewline = false
    private var historyBytes = 0
    private var sinceSnapshot = 0
    /// A snapshot is written after this many records (and at every clean stop).
    static let snapshotEvery = 64
    /// Records kept in memory at most while the disk refuses them.
    static let maxPending = 100_000

    public init(directory: String) {
        self.directory = directory
        // Parents as usual, the state directory itself private to the user.
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        do {
            try FileIO.makePrivateDirectory(directory)
        } catch {
            let why = "cannot create the state directory \(directory): \(error.reason)"
            problem = why
            warnings.append(why)
        }
        load()
    }

    /// The default state directory: `$XDG_STATE_HOME/rituals`, else `~/.local/state/rituals`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDirectories.state(environment: environment)
    }

    /// All records in the history file, in order, then those not yet written.
    public func records() -> [HistoryRecord] {
        let data = FileManager.default.contents(atPath: historyPath) ?? Data()
        return HistoryFile.parse(data).records + pending
    }

    /// Keeps a copy of a damaged file next to it; returns the copy's path.
    private func keepCopy(of path: String, _ data: Data) -> String {
        let copy = path + ".damaged-\(Int(Date().timeIntervalSince1970))"
        try? data.write(to: URL(fileURLWithPath: copy))
        return copy
    }

    private func load() {
        let history = FileManager.default.contents(atPath: historyPath) ?? Data()
        var from = 0
        if let data = FileManager.default.contents(atPath: snapshotPath), !StateSnapshot.isOlder(data) {
            if let snapshot = try? JSONDecoder().decode(StateSnapshot.self, from: data),
                snapshot.version == StateSnapshot.currentVersion
            {
                state = snapshot.state
                if snapshot.historyBytes <= history.count {
                    from = snapshot.historyBytes
                } else {
                    warnings.append(
                        "\(historyPath) is shorter than when \(snapshotPath) was written (was it truncated?); "
                            + "the state of both is kept")
                }
            } else {
                let copy = keepCopy(of: snapshotPath, data)
                warnings.append(
                    "\(snapshotPath) is damaged; the file as found is kept in \(copy) and the state is rebuilt from \(historyPath)"
                )
            }
        }
        let (records, bad, torn) = HistoryFile.parse(history.subdata(in: from..<history.count))
        if bad > 0 {
            let copy = keepCopy(of: historyPath, history)
            warnings.append("\(bad) unreadable line(s) in \(historyPath) skipped; the file as found is kept in \(copy)")
        }
        if torn {
            warnings.append("the last line of \(historyPath) was cut off (a crash while writing) and is ignored")
            needsNewline = true
        }
        for r in records { r.apply(to: &state) }
        historyBytes = history.count
        sinceSnapshot = records.count
    }

    /// Applies `record` and appends it durably (written and fsynced before this returns). When
    /// the disk refuses, the record is kept for the next attempt and the error is thrown.
    public func append(_ record: HistoryRecord) throws { try append([record]) }

    /// Applies `records` and appends them durably in one write (one fsync for all).
    public func append(_ records: [HistoryRecord]) throws {
        for record in records {
            record.apply(to: &state)
            if pending.count >= StateStore.maxPending { pending.removeFirst() }
            pending.append(record)
        }
        try flush()
    }

    /// Writes the records not yet on disk, and a snapshot when one is due.
    public func flush() throws {
        if !pending.isEmpty {
            var data = needsNewline ? Data([0x0A]) : Data()
            for r in pending { data.append(try HistoryFile.line(r)) }
            do {
                try FileIO.makePrivateDirectory(directory)
                historyBytes = try FileIO.appendDurably(data, to: historyPath)
            } catch {
                problem = "\(error.description); \(pending.count) record(s) kept in memory until it can be written"
                throw error
            }
            needsNewline = false
            sinceSnapshot += pending.count
            pending.removeAll()
            problem = nil
        }
        if sinceSnapshot >= StateStore.snapshotEvery { try saveSnapshot() }
    }

    /// Writes `state.json` for what the history holds so far.
    public func saveSnapshot() throws {
        guard pending.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try FileIO.replaceAtomically(
            snapshotPath, with: try encoder.encode(StateSnapshot(state, historyBytes: historyBytes)))
        sinceSnapshot = 0
    }
}
