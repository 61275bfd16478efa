import Dispatch
import Foundation
import RitualsConfig
import RitualsControl
import RitualsCore

@testable import RitualsDaemon

/// rituald in this process, on a clock the test moves: its real parts, its real history in a
/// temporary state directory, and doubles for the desktop, the channels and the journal. What a
/// rule does over hours happens in microseconds, and the test looks when everything set off has
/// been handled.
final class Rig {
    let clock: TestClock
    let notifier = RecordingNotifier()
    let sender = RecordingSender()
    let journal = RecordingJournal()
    let directory: String
    private(set) var daemon: Daemon

    var configPath: String { directory + "/rituals.toml" }
    var stateDirectory: String { directory + "/state" }

    /// A daemon started at `start` on `config` (TOML), after `history` (records already on disk,
    /// as a previous run left them).
    init(_ config: String, at start: Instant, history: [HistoryRecord] = [], directory: String? = nil) throws {
        self.directory =
            directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("rig-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: self.directory + "/state", withIntermediateDirectories: true)
        try config.write(toFile: self.directory + "/rituals.toml", atomically: true, encoding: .utf8)
        if !history.isEmpty {
            let lines = try history.map(HistoryFile.line).reduce(Data(), +)
            try lines.write(to: URL(fileURLWithPath: self.directory + "/state/history.jsonl"))
        }
        clock = TestClock(start)
        daemon = try Rig.start(self.directory, clock, notifier, sender, journal)
        settle()
    }

    private static func start(
        _ directory: String, _ clock: TestClock, _ notifier: RecordingNotifier, _ sender: RecordingSender,
        _ journal: RecordingJournal
    ) throws -> Daemon {
        let options = Daemon.Options(configPath: directory + "/rituals.toml", stateDirectory: directory + "/state")
        let daemon = try Daemon(
            options: options, logger: journal.logger(),
            surroundings: Surroundings(
                clock: clock, notifier: notifier, sender: sender, journal: { journal.take($0) }, watchesSystem: false))
        let loaded = try daemon.loadConfig()
        daemon.queue.sync { daemon.begin(with: loaded) }
        return daemon
    }

    /// rituald stopped cleanly and started again on the same state, at the clock's time.
    func restart() throws {
        daemon.queue.sync { daemon.finish() }
        daemon = try Rig.start(directory, clock, notifier, sender, journal)
        settle()
    }

    /// Waits until every input sent has been handled.
    func settle() {
        repeat { daemon.queue.sync {} } while daemon.inputs.waiting > 0 || notifier.busy
    }

    /// Time passes until `end`; every timer due fires at its moment.
    func advance(to end: Instant) { clock.advance(to: end) { settle() } }

    func advance(by span: Duration) { advance(to: clock.now() + span) }

    /// Hands an input to the daemon, and waits until what it set off is handled.
    func send(_ input: Input) {
        daemon.inputs.send(input)
        settle()
    }

    /// Asks what ritualctl asks, and returns the answer (a query is answered in its lane).
    func ask(_ request: ControlRequest) -> ControlResponse {
        let answered = DispatchSemaphore(value: 0)
        let box = ResponseBox()
        let reply = ControlReply { line in
            box.line = line
            answered.signal()
        }
        daemon.inputs.send(.control(request, reply))
        answered.wait()
        settle()
        return (try? ControlWire.decode(ControlResponse.self, from: box.line.dropLast())) ?? .refused("unreadable")
    }

    /// Answers from outside, as the shared folder or a channel gives them.
    func hear(_ answers: [GivenAnswer]) { send(.answers(answers)) }

    /// The history as it is on disk (and what waits to be written).
    var history: [HistoryRecord] { daemon.queue.sync { daemon.recorder.store.records() } }

    /// The records of `event` in the history.
    func records(_ event: EventKind, of ritual: String? = nil) -> [HistoryRecord] {
        history.filter { $0.event == event && (ritual == nil || $0.ritual == ritual) }
    }

    /// The occurrences of `ritual` recorded as `event`, as local times "HH:MM" in `zone`.
    func times(_ event: EventKind, of ritual: String, in zone: Zone = .utc) -> [String] {
        records(event, of: ritual).map { String($0.occurrence.iso8601(in: zone).dropFirst(11).prefix(5)) }
    }

    /// The planner's state now.
    var state: PlannerState { daemon.queue.sync { daemon.state } }
}

/// The line a reply carried.
private final class ResponseBox: @unchecked Sendable {
    var line = Data()
}

extension Instant {
    /// A UTC moment written `YYYY-MM-DD HH:MM[:SS]`, for tests.
    static func utc(_ text: String) -> Instant { Timestamp.parse(text, in: .utc)! }
}
