import CLinux

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

    /// CLOCK_MONOTONIC in microseconds, as systemd's MONOTONIC_USEC= wants it: time the computer
    /// ran, not counting sleep.
    public static func monotonicMicroseconds() -> Int { microseconds(CLOCK_MONOTONIC) }

    /// CLOCK_BOOTTIME in microseconds: time since boot, sleep included.
    public static func boottimeMicroseconds() -> Int { microseconds(CLOCK_BOOTTIME) }

    /// CLOCK_REALTIME in microseconds since the epoch: the wall clock.
    public static func realtimeMicroseconds() -> Int { microseconds(CLOCK_REALTIME) }

    /// CLOCK_PROCESS_CPUTIME_ID in microseconds: processor time this process used.
    public static func cpuMicroseconds() -> Int { microseconds(CLOCK_PROCESS_CPUTIME_ID) }

    private static func microseconds(_ clock: clockid_t) -> Int {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Int(ts.tv_sec) * 1_000_000 + Int(ts.tv_nsec) / 1000
    }

    /// Keeps every allocation in one malloc arena. glibc gives each thread that allocates an
    /// arena of its own; a daemon whose work all happens on one queue gains nothing from them, and
    /// a large history read at start left hundreds of MiB spread over several (M_ARENA_MAX).
    public static func useOneMallocArena() { _ = mallopt(M_ARENA_MAX, 1) }

    /// Whether `fd` is a terminal.
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }
}
