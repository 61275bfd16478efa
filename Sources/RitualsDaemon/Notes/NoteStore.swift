import FoundationEssentials
import LinuxSystem
import RitualsCore

/// The notes file in the state directory (`notes.jsonl`, mode 600): read whole at start, each
/// record appended and fsynced before it counts. A torn last line (a crash mid-write) is passed
/// over; a line that is not a record is counted and kept out. It stays across restarts, reloads
/// and upgrades, as the history does.
struct NoteStore: Sendable {
    static let name = "notes.jsonl"
    let path: String

    init(directory: String) { path = directory + "/" + NoteStore.name }

    /// Every record the file holds, in order, and how many lines were not records.
    func read() -> (records: [NoteRecord], unreadable: Int) {
        guard let file = try? ChunkedFile(path) else { return ([], 0) }
        var data = Data()
        try? file.read(from: 0) { data.append($0) }
        var records: [NoteRecord] = []
        var unreadable = 0
        let decoder = JSONDecoder()
        for line in data.split(separator: 0x0A) where !line.isEmpty {
            if let r = try? decoder.decode(NoteRecord.self, from: Data(line)) {
                records.append(r)
            } else {
                unreadable += 1
            }
        }
        return (records, unreadable)
    }

    /// Appends `records` durably (the file created readable by its owner only).
    func append(_ records: [NoteRecord]) throws(SystemError) {
        guard !records.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = Data()
        for r in records {
            guard let line = try? encoder.encode(r) else { continue }
            data.append(line)
            data.append(0x0A)
        }
        try FileIO.appendDurably(data, to: path)
    }
}
