import Dispatch
import LinuxSystem

/// A descriptor that dispatch sources watch, closed only when its owner has let it go and the
/// cancellation of every source on it has finished: closed earlier, its number could go to a new
/// client while an old source still watches it. Used on one queue only (the sources' queue).
final class WatchedDescriptor: @unchecked Sendable {
    let fd: Int32
    private var sources = 0
    private var released = false

    init(_ fd: Int32) { self.fd = fd }

    /// Counts `source` until its cancellation has finished (it gets its cancel handler here).
    func watch(_ source: DispatchSourceProtocol) {
        sources += 1
        source.setCancelHandler { self.sourceGone() }
    }

    /// The owner is done with it: closed now, or when the last source's cancellation finishes.
    func release() {
        guard !released else { return }
        released = true
        closeIfUnwatched()
    }

    private func sourceGone() {
        sources -= 1
        closeIfUnwatched()
    }

    private func closeIfUnwatched() {
        if released && sources == 0 { UnixSocket.close(fd) }
    }
}
