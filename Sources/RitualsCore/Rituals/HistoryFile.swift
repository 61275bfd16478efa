import FoundationEssentials

/// The history file (`history.jsonl` in the state directory): one ``HistoryRecord`` as a JSON
/// object per line, keys sorted. rituald appends to it; ritualctl reads it.
public enum HistoryFile {
    /// Its name in the state directory.
    public static let name = "history.jsonl"

    /// One record as a line of the file, newline included.
    public static func line(_ record: HistoryRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = try encoder.encode(record)
        data.append(0x0A)
        return data
    }

    /// The records of a history file's text, in order; `bad` counts lines that are not records
    /// and `torn` says the last line was cut off (no newline, not a record).
    public static func parse(_ data: Data) -> (records: [HistoryRecord], bad: Int, torn: Bool) {
        let decoder = JSONDecoder()
        // Fast path: an intact file read as one JSON array, its newlines turned into commas.
        if data.last == 0x0A {
            var array = Data([0x5B])
            array.append(contentsOf: data.dropLast().map { $0 == 0x0A ? 0x2C : $0 })
            array.append(0x5D)
            if let records = try? decoder.decode([HistoryRecord].self, from: array) { return (records, 0, false) }
        }
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
}
