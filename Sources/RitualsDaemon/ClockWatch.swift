import Foundation
import Systemd

/// Notices when the wall clock is stepped and when /etc/localtime changes, and says so on the
/// daemon's queue. Costs no wake-ups while nothing happens.
final class ClockWatch: @unchecked Sendable {
    private var sources: [DispatchSourceRead] = []
    /// What cannot be watched.
    private(set) var problems: [String] = []

    /// Watches both; a part that cannot be watched is named in `problems`.
    init(queue: DispatchQueue, changed: @escaping @Sendable () -> Void) {
        do {
            let timer = try ClockStepTimer()
            watch(timer, timer.fd, queue) { if timer.stepped() { changed() } }
        } catch {
            problems.append(error.description)
        }
        do {
            let etc = try DirectoryWatch("/etc")
            watch(etc, etc.fd, queue) { if etc.changedNames().contains("localtime") { changed() } }
        } catch {
            problems.append(error.description)
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
