import Dispatch
import FoundationEssentials
import LinuxSystem
import RitualsCore

/// Desktop notifications that found no notification server (the session started after
/// rituald, the bus is not there yet): the latest of each ritual, tried again when the session
/// bus says a notification server took its name (``ServerWatch``). Where the bus is not followed
/// (a test, a bus that cannot be read), after pauses that grow from 5 s to 5 min instead. Nothing
/// wakes while none waits.
final class PendingNotices: @unchecked Sendable {
    private(set) var events: [String: DaemonEvent] = [:]
    /// The occurrences whose failure was journaled already, the last few.
    private var told: [OccurrenceID] = []
    private var pause = PendingNotices.firstPause
    private var timer: (any ClockTimer)?
    private let clock: any DaemonClock
    private let inputs: Inputs
    /// The session bus is followed: a server's coming is told, and nothing is retried blindly.
    var followed = false
    static let firstPause = Duration.seconds(5)
    static let longestPause = Duration.seconds(300)

    init(clock: any DaemonClock, inputs: Inputs) {
        self.clock = clock
        self.inputs = inputs
    }

    /// Keeps `event` for its ritual; unless the bus is followed, makes sure a retry comes
    /// (`.retryNotices`).
    func keep(_ event: DaemonEvent) {
        guard let ritual = event.ritual else { return }
        events[ritual] = event
        guard !followed, timer == nil else { return }
        let inputs = self.inputs
        timer = clock.timer(after: pause, queue: inputs.queue) { inputs.send(.retryNotices) }
        pause = min(pause * 2, PendingNotices.longestPause)
    }

    /// Whether this is the first failure of `event`'s occurrence (the one to journal).
    func isFirstFailure(_ event: DaemonEvent) -> Bool {
        guard let id = event.id, !told.contains(id) else { return false }
        told.append(id)
        if told.count > 64 { told.removeFirst() }
        return true
    }

    /// What waits, taken out, with the timer stopped (a retry keeps again what still finds no
    /// server, which arms it anew).
    func takeAll() -> [DaemonEvent] {
        let all = Array(events.values)
        events.removeAll()
        timer?.cancel()
        timer = nil
        return all
    }
}
