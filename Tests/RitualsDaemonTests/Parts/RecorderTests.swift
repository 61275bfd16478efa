import Foundation
import Logging
import RitualsCore
import Testing

@testable import RitualsDaemon

/// The recorder's order: an event is in the history before it reaches the journal, so a kill
/// between the two never leaves the journal saying what the history does not.
struct RecorderTests {
    @Test func everyEventIsInTheHistoryBeforeItIsJournaled() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recorder-\(UUID().uuidString)").path
        let journaled = Journaled()
        let recorder = Recorder(
            store: try StateStore.locked(directory: dir),
            journal: { fields in
                let value = { (key: String) in fields.first { $0.0 == key }?.1 }
                let onDisk = StateStore(directory: dir).records().contains {
                    $0.ritual == value("RITUAL_ID")
                        && String($0.occurrence.microseconds) == value("RITUAL_SCHEDULED_USEC")
                        && $0.event.name == value("RITUAL_EVENT")
                }
                journaled.add(value("RITUAL_EVENT") ?? "", onDisk)
                return true
            }, logger: Logger(label: "recorder-tests"), verbose: false)
        recorder.record(
            [
                DaemonEvent(.missed, ritual: "walk", title: "Walk", occurrence: 10, message: "missed"),
                DaemonEvent(.fired, ritual: "walk", title: "Walk", occurrence: 20, message: "fired"),
            ], now: 30)
        recorder.record([DaemonEvent(.done, ritual: "walk", title: "Walk", occurrence: 20, message: "done")], now: 40)
        #expect(journaled.entries.map(\.event) == ["missed", "fired", "done"])
        #expect(!journaled.entries.contains { !$0.onDisk })
    }
}

/// The journal entries a test's sink took, and whether each was in the history by then.
private final class Journaled: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(event: String, onDisk: Bool)] = []
    func add(_ event: String, _ onDisk: Bool) { lock.withLock { list.append((event, onDisk)) } }
    var entries: [(event: String, onDisk: Bool)] { lock.withLock { list } }
}
