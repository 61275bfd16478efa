import Dispatch
import FoundationEssentials
import LinuxSystem

/// Desktop notifications that found no notification server (the session started after
/// rituald, the bus is not there yet): the latest of each ritual, tried again when the session
/// bus appears in `$XDG_RUNTIME_DIR` and after pauses that grow from 5 s to 5 min (they do not
/// shrink again). Nothing wakes while none waits.
final class PendingNotices: @unchecked Sendable {
    var events: [String: DaemonEvent] = [:]
    /// The occurrences whose failure was journaled already ("ritual@occurrence"), the last few.
    private var told: [String] = []
    private var delay = PendingNotices.firstDelay
    private var timer: DispatchSourceTimer?
    private var busWatch: DispatchSourceRead?
    static let firstDelay = 5.0
    static let longestDelay = 300.0

    /// Keeps `event` for its ritual and makes sure a retry comes: `retry` runs on `queue`.
    func keep(_ event: DaemonEvent, queue: DispatchQueue, retry: @escaping @Sendable () -> Void) {
        guard let ritual = event.ritual else { return }
        events[ritual] = event
        watchBus(queue: queue, retry: retry)
        guard timer == nil else { return }
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now() + delay)
        t.setEventHandler { [weak self] in
            guard let self else { return }
            timer = nil
            delay = min(delay * 2, PendingNotices.longestDelay)
            retry()
        }
        t.resume()
        timer = t
    }

    /// Whether this is the first failure of `event`'s occurrence (the one to journal).
    func isFirstFailure(_ event: DaemonEvent) -> Bool {
        let key = "\(event.ritual ?? "")@\(event.occurrence ?? 0)"
        guard !told.contains(key) else { return false }
        told.append(key)
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
    private func watchBus(queue: DispatchQueue, retry: @escaping @Sendable () -> Void) {
        guard busWatch == nil, let runtime = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"],
            let watch = try? DirectoryWatch(runtime)
        else { return }
        let source = DispatchSource.makeReadSource(fileDescriptor: watch.fd, queue: queue)
        source.setEventHandler { if watch.changedNames().contains("bus") { retry() } }
        source.setCancelHandler { withExtendedLifetime(watch) {} }
        source.resume()
        busWatch = source
    }
}
