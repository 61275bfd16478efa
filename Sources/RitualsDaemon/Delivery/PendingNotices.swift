import Dispatch
import FoundationEssentials
import LinuxSystem
import RitualsCore

/// Desktop notifications that found no notification server (the session started after
/// rituald, the bus is not there yet): the latest of each ritual, tried again when the session
/// bus appears in `$XDG_RUNTIME_DIR` and after pauses that grow from 5 s to 5 min (they do not
/// shrink again). Nothing wakes while none waits.
final class PendingNotices: @unchecked Sendable {
    private(set) var events: [String: DaemonEvent] = [:]
    /// The occurrences whose failure was journaled already, the last few.
    private var told: [OccurrenceID] = []
    private var pause = PendingNotices.firstPause
    private var timer: (any ClockTimer)?
    private var busWatch: DispatchSourceRead?
    private let clock: any DaemonClock
    private let inputs: Inputs
    static let firstPause = Duration.seconds(5)
    static let longestPause = Duration.seconds(300)

    init(clock: any DaemonClock, inputs: Inputs) {
        self.clock = clock
        self.inputs = inputs
    }

    /// Keeps `event` for its ritual and makes sure a retry comes (`.retryNotices`).
    func keep(_ event: DaemonEvent) {
        guard let ritual = event.ritual else { return }
        events[ritual] = event
        watchBus()
        guard timer == nil else { return }
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

    /// What waits, taken out, with the timer and the watch stopped (a retry keeps again what
    /// still finds no server, which arms them anew).
    func takeAll() -> [DaemonEvent] {
        let all = Array(events.values)
        events.removeAll()
        timer?.cancel()
        timer = nil
        busWatch?.cancel()
        busWatch = nil
        return all
    }

    /// Retries at once when a session bus socket appears in the runtime directory.
    private func watchBus() {
        guard busWatch == nil, let runtime = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"],
            let watch = try? DirectoryWatch(runtime)
        else { return }
        let inputs = self.inputs
        let source = DispatchSource.makeReadSource(fileDescriptor: watch.fd, queue: inputs.queue)
        source.setEventHandler { if watch.changedNames().contains("bus") { inputs.send(.retryNotices) } }
        source.setCancelHandler { withExtendedLifetime(watch) {} }
        source.resume()
        busWatch = source
    }
}
