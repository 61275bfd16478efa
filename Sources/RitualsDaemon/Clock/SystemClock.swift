import Dispatch
import LinuxSystem
import RitualsCore

/// The real clock: CLOCK_REALTIME, and Dispatch's timers on it (a wall deadline for a moment, a
/// monotonic one for a span). The wall timers miss clock steps by themselves: ``ClockWatch`` tells
/// the daemon of those.
struct SystemClock: DaemonClock {
    /// How late a timer may fire to let the kernel group wake-ups.
    static let leeway = DispatchTimeInterval.milliseconds(1)

    func now() -> Instant { Instant(microseconds: ThisProcess.realtimeMicroseconds()) }

    func readings() -> Lateness.Clocks {
        Lateness.Clocks(
            realtime: ThisProcess.realtimeMicroseconds(), monotonic: ThisProcess.monotonicMicroseconds(),
            boottime: ThisProcess.boottimeMicroseconds(), cpu: ThisProcess.cpuMicroseconds())
    }

    func timer(at: Instant, queue: DispatchQueue, _ fire: @escaping @Sendable () -> Void) -> any ClockTimer {
        OneShotTimer(at: DispatchWallTime(at), queue: queue, leeway: SystemClock.leeway, fire)
    }

    func timer(after span: Duration, queue: DispatchQueue, _ fire: @escaping @Sendable () -> Void) -> any ClockTimer {
        OneShotTimer(
            at: DispatchTime.now() + .microseconds(max(0, span.microseconds)), queue: queue, leeway: SystemClock.leeway,
            fire)
    }
}

extension OneShotTimer: ClockTimer {}
