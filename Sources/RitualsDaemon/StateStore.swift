import Foundation
import RitualsCore

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's memory: an append-only history (one JSON object per line, fsynced per record) and
/// the state rebuilt from it. A torn last line, from a crash mid-write, is ignored and the next
/// record starts on a line of its own; a history line that is not a record is kept in a copy of
/// the file and skipped, so nothing recorded is lost.
public final class StateStore: @unchecked Sendable {
    public enum StoreError: Error, CustomStringConvertible {
        case cannotCreate(String, Int32)
        case cannotWrite(String, Int32)

        public var description: String {
            switch self {
            case .cannotCreate(let path, let e): return "cannot create \(path): \(String(cString: strerror(e)))"
            case .cannotWrite(let path, let e): return "cannot write \(path): \(String(cString: strerror(e)))"
            }
        }
    }

    public let directory: String
    public var historyPath: String { directory + "/history.jsonl" }
    /// The state as of the last record.
    public private(set) var state = PlannerState()
    /// Problems found while loading, for the journal.
    public private(set) var warnings: [String] = []
    private var needsNewline = false

    public init(directory: String) throws {
        self.directory = directory
        // Parents as usual, the state directory itself private to the user.
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        if mkdir(directory, 0o700) != 0 && errno != EEXIST { throw StoreError.cannotCreate(directory, errno) }
        load()
    }

    /// The default state directory: `$XDG_STATE_HOME/rituals`, else `~/.local/state/rituals`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base =
            environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return base + "/rituals"
    }

    /// All records in the history file, in order.
    public func records() -> [HistoryRecord] {
        guard let data = FileManager.default.contents(atPath: historyPath) else { return [] }
        return StateStore.parse(data).records
    }

    static func parse(_ data: Data) -> (records: [HistoryRecord], bad: Int, torn: Bool) {
        let decoder = JSONDecoder()
        var records: [HistoryRecord] = []
        var bad = 0
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        let torn = !(data.isEmpty || data.last == 0x0A)
        for (i, line) in lines.enumerated() where !line.isEmpty {
            if let r = try? decoder.decode(HistoryRecord.self, from: Data(line)) {
                records.append(r)
            } else if !(torn && i == lines.count - 1) {
                bad += 1
            }
        }
        return (records, bad, torn)
    }

    private func load() {
        guard let data = FileManager.default.contents(atPath: historyPath) else { return }
        let (records, bad, torn) = StateStore.parse(data)
        if bad > 0 {
            let copy = historyPath + ".damaged-\(Int(Date().timeIntervalSince1970))"
            try? data.write(to: URL(fileURLWithPath: copy))
            warnings.append("\(bad) unreadable line(s) in \(historyPath) skipped; the file as found is kept in \(copy)")
        }
        if torn {
            warnings.append("the last line of \(historyPath) was cut off (a crash while writing) and is ignored")
            needsNewline = true
        }
        for r in records { r.apply(to: &state) }
    }

    /// Appends `record` durably (written and fsynced before this returns) and applies it.
    public func append(_ record: HistoryRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = (needsNewline ? Data([0x0A]) : Data())
        line.append(try encoder.encode(record))
        line.append(0x0A)
        let fd = open(historyPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.cannotWrite(historyPath, errno) }
        defer { close(fd) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(fd) == 0 else { throw StoreError.cannotWrite(historyPath, errno) }
        needsNewline = false
        record.apply(to: &state)
    }
}
