import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

extension DispatchWallTime {
    /// The wall-clock moment `usec` microseconds after the epoch (CLOCK_REALTIME, absolute).
    init(microsecondsSinceEpoch usec: Int) {
        self.init(timespec: timespec(tv_sec: usec / 1_000_000, tv_nsec: (usec % 1_000_000) * 1000))
    }
}
