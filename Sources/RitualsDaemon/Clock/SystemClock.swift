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
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(wallDeadline: DispatchWallTime(at), leeway: SystemClock.leeway)
        return DispatchClockTimer(source, fire)
    }

    func timer(after span: Duration, queue: DispatchQueue, _ fire: @escaping @Sendable () -> Void) -> any ClockTimer {
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: .now() + .microseconds(max(0, span.microseconds)), leeway: SystemClock.leeway)
        return DispatchClockTimer(source, fire)
    }
}

/// A one-shot Dispatch timer: it cancels itself once it has fired.
final class DispatchClockTimer: ClockTimer, @unchecked Sendable {
    private let source: DispatchSourceTimer

    init(_ source: DispatchSourceTimer, _ fire: @escaping @Sendable () -> Void) {
        self.source = source
        source.setEventHandler { [source] in
            source.cancel()
            fire()
        }
        source.resume()
    }

    func cancel() { source.cancel() }

    deinit { source.cancel() }
}
