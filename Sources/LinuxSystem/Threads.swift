import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Threads of their own, for work that blocks (a child's output read to its end, poll(2) on a
/// file): never on a dispatch queue, whose threads are a shared pool.
public enum Threads {
    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Runs `body` on a new detached thread (on a dispatch queue when no thread can be made).
    public static func detach(_ body: @escaping @Sendable () -> Void) {
        let work = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let made = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Work>.fromOpaque(raw).takeRetainedValue().body()
                return nil
            }, work)
        guard made == 0 else {
            Unmanaged<Work>.fromOpaque(work).release()
            DispatchQueue.global().async(execute: body)
            return
        }
        pthread_detach(thread)
    }
}
