import LinuxSystem

/// The wall clock, as rituald reads it: microseconds since the epoch (CLOCK_REALTIME).
enum WallClock {
    static func now() -> Int { ThisProcess.realtimeMicroseconds() }
}
