import CSystemd
import Dispatch
import Synchronization

/// Status messages to the service manager through libsystemd's `sd_notify`: READY=1, STATUS=,
/// RELOADING=1, STOPPING=1, WATCHDOG=1. Does nothing when not started by systemd (no
/// `NOTIFY_SOCKET`).
///
/// Messages go out in order from a queue of their own: a manager that does not read its socket
/// (its queue full) makes sd_notify wait, and that wait must never hold up the scheduler. While
/// `maxWaiting` messages wait, further ones are dropped.
public enum ServiceNotify {
    private static let queue = DispatchQueue(label: "rituals.sd_notify")
    private static let waiting = Mutex(0)
    /// Messages waiting at most.
    public static let maxWaiting = 64

    /// Queues `state` (one or more `KEY=value` lines); false when it was dropped.
    @discardableResult
    public static func send(_ state: String) -> Bool {
        let taken = waiting.withLock { count -> Bool in
            guard count < maxWaiting else { return false }
            count += 1
            return true
        }
        guard taken else { return false }
        queue.async {
            _ = sd_notify(0, state)
            waiting.withLock { $0 -= 1 }
        }
        return true
    }

    /// Waits up to `span` for the queued messages to go out (before exiting).
    public static func flush(within span: Duration) {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        let (seconds, attoseconds) = span.components
        _ = done.wait(timeout: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)))
    }

    /// The watchdog interval the service manager asks for (`WatchdogSec=`, for this process),
    /// nil when it asks for none.
    public static var watchdogInterval: Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0, usec < UInt64(Int.max) else { return nil }
        return .microseconds(Int(usec))
    }
}
