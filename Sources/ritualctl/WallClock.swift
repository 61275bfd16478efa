import LinuxSystem
import RitualsCore

/// The wall clock, as ritualctl reads it.
enum WallClock {
    static func now() -> Instant { Instant(microseconds: ThisProcess.realtimeMicroseconds()) }
}
