#if canImport(Glibc)
    import Glibc
#endif

/// This process: its ids, clocks, signals and terminal.
public enum ThisProcess {
    public static var pid: Int32 { getpid() }
    public static var uid: UInt32 { getuid() }

    /// Lets `signal` do nothing, so that writes to a closed pipe fail with EPIPE instead of
    /// killing the process, or so that a dispatch source can take it.
    public static func ignore(_ signal: Int32) { _ = Glibc.signal(signal, SIG_IGN) }

    /// CLOCK_MONOTONIC in microseconds, as systemd's MONOTONIC_USEC= wants it.
    public static func monotonicMicroseconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int(ts.tv_sec) * 1_000_000 + Int(ts.tv_nsec) / 1000
    }

    /// Whether `fd` is a terminal.
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }
}
