import Dispatch

/// A Dispatch timer that fires once, on its queue, unless cancelled first (dropping the last
/// reference to it cancels it too).
public final class OneShotTimer: @unchecked Sendable {
    private let source: DispatchSourceTimer

    /// Fires at `deadline` of the clock that runs while the computer runs.
    public convenience init(
        at deadline: DispatchTime, queue: DispatchQueue, leeway: DispatchTimeInterval,
        _ fire: @escaping @Sendable () -> Void
    ) {
        self.init(queue, fire) { $0.schedule(deadline: deadline, leeway: leeway) }
    }

    /// Fires at the wall-clock moment `deadline` (CLOCK_REALTIME).
    public convenience init(
        at deadline: DispatchWallTime, queue: DispatchQueue, leeway: DispatchTimeInterval,
        _ fire: @escaping @Sendable () -> Void
    ) {
        self.init(queue, fire) { $0.schedule(wallDeadline: deadline, leeway: leeway) }
    }

    private init(
        _ queue: DispatchQueue, _ fire: @escaping @Sendable () -> Void, schedule: (DispatchSourceTimer) -> Void
    ) {
        source = DispatchSource.makeTimerSource(queue: queue)
        schedule(source)
        source.setEventHandler { [source] in
            source.cancel()
            fire()
        }
        source.resume()
    }

    public func cancel() { source.cancel() }

    deinit { source.cancel() }
}
