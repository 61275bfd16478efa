import Dispatch
import FoundationEssentials
import LinuxSystem

/// Notices when the wall clock is stepped, and when the time zone may have changed (/etc/localtime
/// replaced, or a mount over it), and says so on the daemon's queue. Costs no wake-ups while
/// nothing happens.
final class ClockWatch: @unchecked Sendable {
    private var sources: [DispatchSourceRead] = []
    private var mounts: MountWatch?
    /// What cannot be watched.
    private(set) var problems: [String] = []

    /// Watches all three; a part that cannot be watched is named in `problems`.
    init(
        queue: DispatchQueue, clockChanged: @escaping @Sendable () -> Void,
        zoneMayHaveChanged: @escaping @Sendable () -> Void
    ) {
        do {
            let timer = try ClockStepTimer()
            watch(timer, timer.fd, queue) { if timer.stepped() { clockChanged() } }
        } catch {
            problems.append(error.description + "; a clock step may go unnoticed")
        }
        do {
            let etc = try DirectoryWatch("/etc")
            watch(etc, etc.fd, queue) { if etc.changedNames().contains("localtime") { zoneMayHaveChanged() } }
        } catch {
            problems.append(error.description + "; a change of time zone may go unnoticed")
        }
        do {
            mounts = try MountWatch(queue: queue, changed: zoneMayHaveChanged)
        } catch {
            problems.append(error.description + "; a mount over /etc/localtime may go unnoticed")
        }
    }

    /// Runs `handler` when `owner`'s descriptor is readable; `owner` (which closes it) lives until
    /// the source is cancelled.
    private func watch(
        _ owner: AnyObject & Sendable, _ fd: Int32, _ queue: DispatchQueue, _ handler: @escaping @Sendable () -> Void
    ) {
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler(handler: handler)
        source.setCancelHandler { withExtendedLifetime(owner) {} }
        source.resume()
        sources.append(source)
    }

    deinit { for s in sources { s.cancel() } }
}
