import Foundation
import RitualsCore
import RitualsDaemon
import Testing

/// The history file: durable appends, state rebuilt on load, damage tolerated without loss.
struct StateStoreTests {
    func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rituals-state-\(UUID().uuidString)").path
    }

    @Test func recordsSurviveReloadAndRebuildTheState() throws {
        let dir = directory()
        let store = StateStore(directory: dir)
        try store.append(HistoryRecord(at: 10, ritual: "walk", occurrence: 5, event: .fired, prompt: "p"))
        try store.append(HistoryRecord(at: 20, ritual: "walk", occurrence: 5, event: .done))
        try store.append(HistoryRecord(at: 30, ritual: "talk", occurrence: 7, event: .fired))
        try store.append(HistoryRecord(at: 31, ritual: "talk", occurrence: 7, event: .snoozed, until: 99))
        let again = StateStore(directory: dir)
        #expect(again.records().count == 4)
        #expect(again.state.lastHandled == ["walk": 5, "talk": 7])
        #expect(again.state.outcomes[OccurrenceID("walk", 5)] == .done)
        #expect(again.state.snoozedUntil[OccurrenceID("talk", 7)] == 99)
        #expect(again.warnings.isEmpty)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
    }

    @Test func tornLastLineIsIgnoredAndTheNextRecordStartsClean() throws {
        let dir = directory()
        let store = StateStore(directory: dir)
        try store.append(HistoryRecord(at: 10, ritual: "walk", occurrence: 5, event: .fired))
        let handle = try #require(FileHandle(forWritingAtPath: store.historyPath))
        handle.seekToEndOfFile()
        handle.write(Data("{\"at\": 11, \"ritual\": \"wa".utf8))
        try handle.close()
        let reopened = StateStore(directory: dir)
        #expect(reopened.records().count == 1)
        #expect(reopened.warnings.count == 1)
        try reopened.append(HistoryRecord(at: 12, ritual: "walk", occurrence: 6, event: .fired))
        #expect(StateStore(directory: dir).records().map(\.occurrence) == [5, 6])
    }

    @Test func garbageLinesAreSkippedAndKeptInACopy() throws {
        let dir = directory()
        let store = StateStore(directory: dir)
        try store.append(HistoryRecord(at: 10, ritual: "walk", occurrence: 5, event: .fired))
        let handle = try #require(FileHandle(forWritingAtPath: store.historyPath))
        handle.seekToEndOfFile()
        handle.write(Data("\u{0}\u{1}garbage\n".utf8))
        try handle.close()
        try store.append(HistoryRecord(at: 12, ritual: "walk", occurrence: 6, event: .done))
        let reopened = StateStore(directory: dir)
        #expect(reopened.records().map(\.occurrence) == [5, 6])
        #expect(reopened.warnings.first?.contains("kept in") == true)
        let copies = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".damaged-") }
        #expect(copies.count == 1)
    }

    @Test func aHistoryLargerThanAChunkIsReadWholeAndItsDamagedCopyIsPrivate() throws {
        let dir = directory()
        let store = StateStore(directory: dir)
        // About 3 MiB: the file is read in several chunks, a bad line among them.
        let count = 30_000
        var text = Data()
        for i in 0..<count {
            text.append(
                try HistoryFile.line(
                    HistoryRecord(
                        at: Instant(microseconds: i), ritual: "walk-\(i % 7)", occurrence: Instant(microseconds: i),
                        event: .fired,
                        prompt: String(repeating: "p", count: 40))))
            if i == count / 2 { text.append(Data("not a record at all\n".utf8)) }
        }
        try store.append(HistoryRecord(at: 0, ritual: "seed", occurrence: 0, event: .fired))
        let handle = try #require(FileHandle(forWritingAtPath: store.historyPath))
        handle.seekToEndOfFile()
        handle.write(text)
        try handle.close()
        let reopened = StateStore(directory: dir)
        #expect(reopened.records().count == count + 1)
        let last = Instant(microseconds: (count - 1) / 7 * 7)
        #expect(reopened.state.lastHandled["walk-0"] == last)
        #expect(reopened.warnings.first?.contains("1 unreadable line(s)") == true)
        let copy = try #require(
            try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.contains(".damaged-") })
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/" + copy)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(
            (attributes[.size] as? Int)
                == (try FileManager.default.attributesOfItem(atPath: store.historyPath)[.size] as? Int))
    }
}
