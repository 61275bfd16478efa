import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// A CLOCK_REALTIME timerfd armed with TFD_TIMER_CANCEL_ON_SET for a moment that never comes: it
/// becomes readable only when the wall clock is stepped (settimeofday, NTP steps, resume from
/// suspend), which libdispatch's wall timers do not notice.
public final class ClockStepTimer: @unchecked Sendable {
    /// timerfd flags, which the C headers define as an enum Swift does not import.
    static let absolute: Int32 = 1
    static let cancelOnSet: Int32 = 2

    /// The descriptor to watch for reading.
    public let fd: Int32

    public init() throws(SystemError) {
        let fd = timerfd_create(CLOCK_REALTIME, Int32(O_NONBLOCK | O_CLOEXEC))
        guard fd >= 0 else { throw SystemError("cannot watch the wall clock") }
        self.fd = fd
        arm()
    }

    deinit { close(fd) }

    /// Whether a readable descriptor says the clock was stepped; re-arms it when so.
    public func stepped() -> Bool {
        var expirations: UInt64 = 0
        guard read(fd, &expirations, 8) < 0, errno == ECANCELED else { return false }
        arm()
        return true
    }

    private func arm() {
        var spec = itimerspec()
        spec.it_value.tv_sec = Int(Int32.max) * 4
        _ = timerfd_settime(fd, ClockStepTimer.absolute | ClockStepTimer.cancelOnSet, &spec, nil)
    }
}
