import FoundationEssentials
import LinuxSystem
import RitualsConfig
import RitualsCore

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
    /// Why the files found cannot be used at all (a state file that is a symbolic link): the
    /// daemon refuses to start rather than fire what it cannot remember.
    public private(set) var refusal: String?
    /// The lock that keeps a second rituald out of the directory, once taken.
    private var lock: LockFile?
    /// Records not yet on disk, oldest first.
    private var pending: [HistoryRecord] = []
    private var needsNewline = false
    private var historyBytes = 0
    private var sinceSnapshot = 0
    /// A snapshot is written after this many records (and at every clean stop).
    static let snapshotEvery = 64
    /// Records kept in memory at most while the disk refuses them.
    static let maxPending = 100_000
    /// A history longer than this is damage, not history (years of a couple's rituals take a few
    /// megabytes): it is set aside unread, and the state comes from the snapshot.
    static let maxHistoryBytes = 256 << 20

    public init(directory: String) {
        self.directory = directory
        // Parents as usual, the state directory itself private to the user.
        let parent = FileIO.directory(of: directory)
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

    /// The store of a daemon: the directory locked for this process first (so no other rituald
    /// appends to the same history), then loaded. Throws when it is locked by another process or
    /// its files cannot be used safely.
    public static func locked(directory: String) throws(StateStoreError) -> StateStore {
        let parent = FileIO.directory(of: directory)
        if !parent.isEmpty {
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        try? FileIO.makePrivateDirectory(directory)
        var lock: LockFile?
        do {
            lock = try LockFile(directory + "/rituald.lock")
        } catch {
            // A directory that cannot be written cannot be locked either: the records then stay
            // in memory (see `problem`), and at-most-once holds for this run only.
            if case .held(let pid) = error { throw .inUse(directory, pid: pid) }
        }
        let store = StateStore(directory: directory)
        if let refusal = store.refusal { throw .unusable(refusal) }
        store.lock = lock
        return store
    }

    /// The default state directory: `$XDG_STATE_HOME/rituals`, else `~/.local/state/rituals`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDirectories.state(environment: environment)
    }

    /// Lets the directory go (at stop): another rituald may use it from now on.
    public func release() { lock = nil }

    /// All records in the history file, in order, then those not yet written.
    public func records() -> [HistoryRecord] {
        var all: [HistoryRecord] = []
        forEachRecord { all.append($0) }
        return all
    }

    /// Calls `body` with each record of the history file, in order, then those not yet
    /// written; the file is read a chunk at a time.
    public func forEachRecord(_ body: (HistoryRecord) -> Void) {
        StateStore.forEachRecord(in: historyPath, body)
        pending.forEach(body)
    }

    /// Calls `body` with each record of the history file at `path`, a chunk at a time.
    static func forEachRecord(in path: String, _ body: (HistoryRecord) -> Void) {
        if let file = try? ChunkedFile(path) {
            try? file.read(from: 0) { chunk in HistoryFile.parse(chunk).records.forEach(body) }
        }
    }

    /// The records of the history file at `path`, in order.
    static func records(in path: String) -> [HistoryRecord] {
        var all: [HistoryRecord] = []
        forEachRecord(in: path) { all.append($0) }
        return all
    }

    /// The records not yet written, oldest first.
    var unwritten: [HistoryRecord] { pending }

    /// Keeps a copy of a damaged file next to it, private like the file; returns the copy's path.
    private func keepCopy(of path: String) -> String {
        let copy = path + ".damaged-\(Int(Date().timeIntervalSince1970))"
        do {
            try FileIO.copyNew(path, to: copy)
        } catch {
            warnings.append("cannot keep a copy of \(path): \(error.description)")
        }
        return copy
    }

    /// Moves a history too long to be one out of the way (renamed, not copied) and says so; the
    /// history starts again empty, the state from the snapshot. Returns the new (empty) file.
    private func setAside(_ file: ChunkedFile) -> ChunkedFile? {
        let aside = historyPath + ".damaged-\(Int(Date().timeIntervalSince1970))"
        let size = "\(file.size >> 20) MiB"
        do {
            try FileIO.move(historyPath, to: aside)
            warnings.append(
                "\(historyPath) is \(size), too long to be a history (damage, or not written by rituald); "
                    + "it is kept unread as \(aside) and the state comes from \(snapshotPath)")
        } catch {
            refusal = "\(historyPath) is \(size), too long to be a history, and cannot be set aside: \(error)"
        }
        return nil
    }

    /// Opens a state file for reading; a symbolic link or anything else that cannot be read
    /// safely makes the store refuse.
    private func open(_ path: String) -> ChunkedFile? {
        do {
            return try ChunkedFile(path)
        } catch {
            refusal = refusal ?? error.description
            return nil
        }
    }

    private func load() {
        let snapshotFile = open(snapshotPath)
        var historyFile = open(historyPath)
        guard refusal == nil else { return }
        var setAside = false
        if let file = historyFile, file.size > StateStore.maxHistoryBytes {
            historyFile = self.setAside(file)
            setAside = true
        }
        let length = historyFile?.size ?? 0
        var from = 0
        if let data = try? snapshotFile?.contents(), !StateSnapshot.isOlder(data) {
            if let snapshot = try? JSONDecoder().decode(StateSnapshot.self, from: data),
                snapshot.version == StateSnapshot.currentVersion
            {
                state = snapshot.state
                if snapshot.historyBytes <= length {
                    from = snapshot.historyBytes
                } else if !setAside {
                    warnings.append(
                        "\(historyPath) is shorter than when \(snapshotPath) was written (was it truncated?); "
                            + "the state of both is kept")
                }
            } else {
                let copy = keepCopy(of: snapshotPath)
                warnings.append(
                    "\(snapshotPath) is damaged; the file as found is kept in \(copy) and the state is rebuilt from \(historyPath)"
                )
            }
        }
        var bad = 0
        var torn = false
        var count = 0
        var read = from
        if let historyFile {
            do {
                try historyFile.read(from: from) { chunk in
                    let parsed = HistoryFile.parse(chunk)
                    for r in parsed.records { r.apply(to: &state) }
                    count += parsed.records.count
                    bad += parsed.bad + (torn ? 1 : 0)
                    torn = parsed.torn
                    read += chunk.count
                }
            } catch {
                refusal = error.description
                return
            }
        }
        if bad > 0 {
            let copy = keepCopy(of: historyPath)
            warnings.append("\(bad) unreadable line(s) in \(historyPath) skipped; the file as found is kept in \(copy)")
        }
        // A cut-off last line, whether read now or already under the snapshot: the next record
        // starts on a line of its own, never glued to it.
        if torn || endsTorn(historyFile) {
            warnings.append("the last line of \(historyPath) was cut off (a crash while writing) and is ignored")
            needsNewline = true
        }
        historyBytes = read
        sinceSnapshot = count
    }

    /// Whether the file's last byte is not a newline.
    private func endsTorn(_ file: ChunkedFile?) -> Bool {
        guard let file, file.size > 0 else { return false }
        var last: UInt8 = 0x0A
        try? file.read(from: file.size - 1) { last = $0.last ?? 0x0A }
        return last != 0x0A
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
                // The append was taken back; should even that have failed, start on a fresh line.
                if let file = try? ChunkedFile(historyPath), file.size != historyBytes { needsNewline = true }
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

/// Why a second daemon may not use the directory.
public enum StateStoreError: Error, CustomStringConvertible {
    case inUse(String, pid: String)
    case unusable(String)

    public var description: String {
        switch self {
        case .inUse(let directory, let pid):
            return "another rituald\(pid.isEmpty ? "" : " (pid \(pid))") keeps its history in \(directory); "
                + "stop it first (`systemctl --user stop rituald`) or give this one another --state-dir"
        case .unusable(let why): return why
        }
    }
}
