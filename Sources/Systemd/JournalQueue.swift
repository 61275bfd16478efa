import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Journal entries written in order from a thread of their own. A journald that does not read
/// its socket (a slow disk, a restart) makes every send wait, libsystemd's too, and that wait
/// must never hold the daemon: while `capacity` entries wait, further ones are dropped and
/// counted, and ``problem`` says so. An entry the journal refuses goes to standard error.
public final class JournalQueue: Sendable {
    /// What one entry's send came to: true when the journal took it.
    public typealias Send = @Sendable ([(String, String)]) -> Bool

    /// The system journal's queue.
    public static let shared = JournalQueue(capacity: 512) { Journal.send($0) >= 0 }

    /// Entries waiting at most.
    public let capacity: Int
    private let send: Send
    private let queue = DispatchQueue(label: "rituals.journal")
    private let counts = Mutex(Counts())

    private struct Counts {
        var waiting = 0
        var dropped = 0
        /// When an entry last went out, or the first of those waiting came (monotonic µs).
        var lastProgress: UInt64 = 0
    }

    /// How long entries may wait before the journal counts as not reading.
    public static let stalledAfter: UInt64 = 2_000_000

    public init(capacity: Int, send: @escaping Send) {
        self.capacity = capacity
        self.send = send
    }

    /// Queues one entry; false when it was dropped (the queue is full).
    @discardableResult
    public func write(_ fields: [(String, String)]) -> Bool {
        let now = JournalQueue.monotonic()
        let taken = counts.withLock { c -> Bool in
            guard c.waiting < capacity else {
                c.dropped += 1
                return false
            }
            if c.waiting == 0 { c.lastProgress = now }
            c.waiting += 1
            return true
        }
        guard taken else { return false }
        queue.async { [self] in
            if !send(fields), let message = fields.first(where: { $0.0 == "MESSAGE" })?.1 {
                JournalQueue.standardError(message)
            }
            let now = JournalQueue.monotonic()
            self.counts.withLock {
                $0.waiting -= 1
                $0.lastProgress = now
            }
        }
        return true
    }

    /// Entries waiting now, and dropped since the start.
    public var waiting: Int { counts.withLock { $0.waiting } }
    public var dropped: Int { counts.withLock { $0.dropped } }

    /// Why entries do not reach the journal, when they do not: entries waiting longer than
    /// ``stalledAfter``, or dropped.
    public var problem: String? {
        let now = JournalQueue.monotonic()
        let c = counts.withLock { $0 }
        let stalled = c.waiting > 0 && now - c.lastProgress > JournalQueue.stalledAfter
        switch (stalled, c.dropped) {
        case (false, 0): return nil
        case (true, 0):
            return "journald is not taking entries: \(c.waiting) waiting (the history keeps every event)"
        case (true, let dropped):
            return "journald is not taking entries: \(c.waiting) waiting, \(dropped) dropped "
                + "(the history keeps every event)"
        case (false, let dropped):
            return "\(dropped) entries were dropped while journald was not taking them "
                + "(the history keeps every event)"
        }
    }

    /// Waits up to `span` for the queued entries to go out (before exiting).
    public func flush(within span: Duration) {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        let (seconds, attoseconds) = span.components
        _ = done.wait(timeout: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)))
    }

    static func monotonic() -> UInt64 { DispatchTime.now().uptimeNanoseconds / 1000 }

    static func standardError(_ message: String) {
        let line = Array("rituald: \(message)\n".utf8)
        line.withUnsafeBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
