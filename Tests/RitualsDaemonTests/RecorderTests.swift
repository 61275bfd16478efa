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
        let recorder = Recorder(
            store: try StateStore.locked(directory: dir), logger: Logger(label: "recorder-tests"), verbose: false)
        var journaled: [(kind: EventKind, onDisk: Bool)] = []
        var handedOn: [EventKind] = []
        recorder.followers = [{ events, _ in handedOn += events.map(\.kind) }]
        recorder.journalSink = { event in
            let onDisk = StateStore(directory: dir).records().contains {
                $0.ritual == event.ritual && $0.occurrence == event.occurrence && $0.event == event.kind
            }
            journaled.append((event.kind, onDisk))
        }
        recorder.record([
            DaemonEvent(.missed, ritual: "walk", title: "Walk", occurrence: 10, message: "missed"),
            DaemonEvent(.fired, ritual: "walk", title: "Walk", occurrence: 20, message: "fired"),
        ])
        recorder.record(DaemonEvent(.done, ritual: "walk", title: "Walk", occurrence: 20, message: "done"))
        #expect(journaled.map(\.kind) == [.missed, .fired, .done])
        #expect(!journaled.contains { !$0.onDisk })
        #expect(handedOn == [.missed, .fired, .done], "handed on after it is recorded")
    }
}
