import Foundation
import RitualsCore
import RitualsDaemon
import Testing

/// The snapshot beside the history, and a state directory that refuses writes.
struct StateSnapshotTests {
    func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rituals-snap-\(UUID().uuidString)").path
    }

    func filled(_ dir: String) throws -> StateStore {
        let store = StateStore(directory: dir)
        try store.append(HistoryRecord(at: 10, ritual: "walk", occurrence: 5, event: .fired))
        try store.append(HistoryRecord(at: 20, ritual: "walk", occurrence: 5, event: .done))
        try store.append(HistoryRecord(at: 30, ritual: "talk", occurrence: 7, event: .snoozed, until: 99))
        try store.append(HistoryRecord(at: 40, ritual: HistoryRecord.allRituals, occurrence: 40, event: .paused))
        try store.append(HistoryRecord(at: 50, ritual: "talk", occurrence: 50, event: .paused, until: 500))
        return store
    }

    @Test func snapshotAndHistoryGiveTheSameState() throws {
        let dir = directory()
        let store = try filled(dir)
        try store.saveSnapshot()
        try store.append(HistoryRecord(at: 60, ritual: "walk", occurrence: 8, event: .fired))
        let reopened = StateStore(directory: dir)
        #expect(reopened.state == store.state)
        #expect(reopened.state.pause == Pause(until: nil))
        #expect(reopened.state.ritualPauses["talk"] == Pause(until: 500))
        #expect(reopened.state.lastHandled["walk"] == 8)
        #expect(reopened.warnings.isEmpty)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.snapshotPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: store.snapshotPath + ".tmp"))
    }

    @Test(arguments: ["", "{\"version\":1,\"historyB", "\u{0}\u{0}\u{0}garbage", "[1,2,3]"])
    func aDamagedSnapshotIsKeptAsideAndTheStateRebuilt(_ content: String) throws {
        let dir = directory()
        let store = try filled(dir)
        try content.write(toFile: store.snapshotPath, atomically: false, encoding: .utf8)
        let reopened = StateStore(directory: dir)
        #expect(reopened.state == store.state)
        #expect(reopened.warnings.count == 1)
        #expect(reopened.warnings.first?.contains("is damaged") == true)
        let copies = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
            $0.hasPrefix("state.json.damaged-")
        }
        #expect(copies.count == 1)
    }

    @Test func aTruncatedHistoryKeepsTheSnapshotsState() throws {
        let dir = directory()
        let store = try filled(dir)
        try store.saveSnapshot()
        try Data().write(to: URL(fileURLWithPath: store.historyPath))
        let reopened = StateStore(directory: dir)
        #expect(reopened.state == store.state)
        #expect(reopened.warnings.first?.contains("truncated") == true)
        try reopened.append(HistoryRecord(at: 70, ritual: "walk", occurrence: 9, event: .fired))
        #expect(StateStore(directory: dir).state.lastHandled == ["walk": 9])
    }

    @Test func aHistoryThatBecameALinkIsNeverWrittenThroughAndRecordsWaitInMemory() throws {
        let dir = directory()
        let store = try filled(dir)
        let target = dir + "/elsewhere"
        try Data("someone else's file\n".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.removeItem(atPath: store.historyPath)
        try FileManager.default.createSymbolicLink(atPath: store.historyPath, withDestinationPath: target)
        #expect(throws: (any Error).self) {
            try store.append(HistoryRecord(at: 80, ritual: "walk", occurrence: 10, event: .fired))
        }
        #expect(store.problem?.contains("symbolic link") == true)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "someone else's file\n")
        #expect(store.state.lastHandled["walk"] == 10)
        #expect(store.records().last?.occurrence == 10)
        #expect(StateStore(directory: dir).refusal?.contains("symbolic link") == true)
        #expect(throws: StateStoreError.self) { _ = try StateStore.locked(directory: dir) }
        try FileManager.default.removeItem(atPath: store.historyPath)
        try store.append(HistoryRecord(at: 90, ritual: "walk", occurrence: 10, event: .done))
        #expect(store.problem == nil)
        let written = StateStore(directory: dir).records()
        #expect(written.map(\.event) == [.fired, .done])
    }

    @Test func anUncreatableDirectoryIsAProblemNotACrash() throws {
        let store = StateStore(directory: "/proc/rituals-cannot-exist/state")
        #expect(store.problem?.contains("cannot create the state directory") == true)
        #expect(throws: (any Error).self) {
            try store.append(HistoryRecord(at: 1, ritual: "walk", occurrence: 1, event: .fired))
        }
        #expect(store.state.lastHandled["walk"] == 1)
    }
}
