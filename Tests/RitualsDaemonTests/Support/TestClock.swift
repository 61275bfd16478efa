import Dispatch
import Foundation
import RitualsCore

@testable import RitualsDaemon

/// A clock the test moves by hand, with the timers of the daemon's rules on it. Time passing
/// (``advance(to:)``) fires every timer that comes due, in order, each at its own moment, on the
/// daemon's queue; the wall clock can also be set (``step(by:)``), the computer put to sleep
/// (``sleep(for:)``) or rituald stalled (``stall(for:)``), as the lateness rule tells them apart.
final class TestClock: DaemonClock, @unchecked Sendable {
    /// One timer: at a wall-clock moment, or at a moment of the time the computer ran.
    private final class Timer: ClockTimer, @unchecked Sendable {
        enum Deadline {
            case wall(Instant)
            case monotonic(Duration)
        }
        let deadline: Deadline
        let queue: DispatchQueue
        let fire: @Sendable () -> Void
        var cancelled = false
        let order: Int

        init(_ deadline: Deadline, _ queue: DispatchQueue, _ order: Int, _ fire: @escaping @Sendable () -> Void) {
            self.deadline = deadline
            self.queue = queue
            self.order = order
            self.fire = fire
        }

        func cancel() { cancelled = true }
    }

    private let lock = NSLock()
    private var wall: Instant
    /// Time the computer ran since the test began (CLOCK_MONOTONIC), and ran or slept (BOOTTIME).
    private var ran = Duration.zero
    private var slept = Duration.zero
    private var timers: [Timer] = []
    private var made = 0

    init(_ start: Instant) { wall = start }

    func now() -> Instant { lock.withLock { wall } }

    func readings() -> Lateness.Clocks {
        lock.withLock {
            Lateness.Clocks(
                realtime: wall.microseconds, monotonic: ran.microseconds, boottime: (ran + slept).microseconds, cpu: 0)
        }
    }

    func timer(at: Instant, queue: DispatchQueue, _ fire: @escaping @Sendable () -> Void) -> any ClockTimer {
        add(.wall(at), queue, fire)
    }

    func timer(after span: Duration, queue: DispatchQueue, _ fire: @escaping @Sendable () -> Void) -> any ClockTimer {
        add(.monotonic(lock.withLock { ran } + span), queue, fire)
    }

    private func add(_ deadline: Timer.Deadline, _ queue: DispatchQueue, _ fire: @escaping @Sendable () -> Void)
        -> Timer
    {
        lock.withLock {
            made += 1
            let t = Timer(deadline, queue, made, fire)
            timers.append(t)
            return t
        }
    }

    /// Timers not yet fired or cancelled: what the daemon waits for.
    var pending: Int { lock.withLock { timers.filter { !$0.cancelled }.count } }

    /// The earliest wall-clock moment a pending timer fires at, if any.
    var nextDeadline: Instant? {
        lock.withLock {
            timers.filter { !$0.cancelled }.map { t -> Instant in
                switch t.deadline {
                case .wall(let at): return at
                case .monotonic(let at): return wall + (at - ran)
                }
            }.min()
        }
    }

    /// Time passes until `end`: each timer that comes due fires at its moment, in order, and what
    /// it set off is handled before the next (``drain``).
    func advance(to end: Instant, drain: () -> Void) {
        while let next = takeNext(through: end) {
            next.queue.sync { next.fire() }
            drain()
        }
        lock.withLock {
            if end > wall {
                ran += end - wall
                wall = end
            }
        }
        drain()
    }

    /// The earliest timer due by `end`, with the clock moved to its moment; nil when none is.
    private func takeNext(through end: Instant) -> Timer? {
        lock.withLock {
            timers.removeAll { $0.cancelled }
            let due = timers.compactMap { t -> (Timer, Instant)? in
                switch t.deadline {
                case .wall(let at): return at <= end ? (t, at) : nil
                case .monotonic(let at):
                    let when = wall + (at - ran)
                    return when <= end ? (t, when) : nil
                }
            }
            guard let (timer, at) = due.min(by: { ($0.1, $0.0.order) < ($1.1, $1.0.order) }) else { return nil }
            timers.removeAll { $0 === timer }
            if at > wall {
                ran += at - wall
                wall = at
            }
            return timer
        }
    }

    /// The wall clock is set `span` ahead (or back): no time passed for the computer, and no
    /// timer fires by itself (libdispatch's do not notice a step either).
    func step(by span: Duration) { lock.withLock { wall = wall + span } }

    /// The computer sleeps for `span`: the wall clock and the time it ran or slept move on, the
    /// time it ran does not; nothing fires meanwhile.
    func sleep(for span: Duration) {
        lock.withLock {
            wall = wall + span
            slept += span
        }
    }

    /// rituald cannot run for `span` (stopped, or starved): time passes and nothing fires.
    func stall(for span: Duration) {
        lock.withLock {
            wall = wall + span
            ran += span
        }
    }
}
