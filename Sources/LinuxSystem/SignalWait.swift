#if canImport(Glibc)
    import Glibc
#endif

/// Signals taken by one thread that waits for them (sigwaitinfo(2)) instead of a handler. They
/// are blocked in every thread — the mask is inherited, so blocking comes first in `main`, before
/// any thread starts — and a signal sent at any moment after that stays pending until taken: none
/// is lost between start and the first wait, as one sent while a handler was still being set up
/// could be. Children get an empty mask (``ChildProcess``).
public enum SignalWait {
    static func set(_ signals: [Int32]) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for s in signals { sigaddset(&set, s) }
        return set
    }

    /// Blocks `signals` in the calling thread and every thread it starts later.
    public static func block(_ signals: [Int32]) {
        var mask = set(signals)
        pthread_sigmask(SIG_BLOCK, &mask, nil)
    }

    /// Waits on the calling thread for ever, handing each of `signals` to `handler` in turn.
    public static func forever(_ signals: [Int32], _ handler: (Int32) -> Void) -> Never {
        var mask = set(signals)
        while true {
            let signal = sigwaitinfo(&mask, nil)
            if signal > 0 { handler(signal) }
        }
    }
}
