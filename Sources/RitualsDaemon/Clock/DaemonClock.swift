import Dispatch
import RitualsCore

/// The time and the timers rituald's rules run on: the wall clock and Dispatch's timers in the
/// daemon (``SystemClock``), a clock a test moves by hand in the tests. Every timer of a rule (the
/// next event, an escalation, a retry, a notice held back) is made here, so that a test advances
/// through hours of rules in microseconds.
protocol DaemonClock: Sendable {
    /// The wall clock's time now.
    func now() -> Instant

    /// The wall clock, the time the computer ran, the time it ran or slept, and rituald's
    /// processor time, now: a gap is told apart as sleep, a stall, a clock step or busy work by
    /// them (``Lateness/Cause``).
    func readings() -> Lateness.Clocks

    /// Calls `fire` on `queue` once the wall clock reaches `at` (or at once, if it has), unless
    /// the timer is cancelled first.
    func timer(at: Instant, queue: DispatchQueue, _ fire: @escaping @Sendable () -> Void) -> any ClockTimer

    /// Calls `fire` on `queue` once `span` has passed (however the wall clock is set meanwhile),
    /// unless the timer is cancelled first.
    func timer(after span: Duration, queue: DispatchQueue, _ fire: @escaping @Sendable () -> Void) -> any ClockTimer
}

/// A timer made by a ``DaemonClock``; it fires at most once.
protocol ClockTimer: AnyObject, Sendable {
    func cancel()
}
