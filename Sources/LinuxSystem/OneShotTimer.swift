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
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: deadline, leeway: leeway)
        self.init(source, fire)
    }

    /// Fires at the wall-clock moment `deadline` (CLOCK_REALTIME).
    public convenience init(
        at deadline: DispatchWallTime, queue: DispatchQueue, leeway: DispatchTimeInterval,
        _ fire: @escaping @Sendable () -> Void
    ) {
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(wallDeadline: deadline, leeway: leeway)
        self.init(source, fire)
    }

    private init(_ source: DispatchSourceTimer, _ fire: @escaping @Sendable () -> Void) {
        self.source = source
        source.setEventHandler { [source] in
            source.cancel()
            fire()
        }
        source.resume()
    }

    public func cancel() { source.cancel() }

    deinit { source.cancel() }
}
