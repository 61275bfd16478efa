import Dispatch
import Synchronization

/// How inputs reach the daemon: each is handed, in the order sent, to one handler on the
/// daemon's queue. Parts are given this at construction; they never call each other.
final class Inputs: Sendable {
    let queue: DispatchQueue
    private let handler: @Sendable (Input) -> Void
    private let sent = Atomic<Int>(0)

    init(queue: DispatchQueue, handler: @escaping @Sendable (Input) -> Void) {
        self.queue = queue
        self.handler = handler
    }

    /// Hands `input` to the daemon, on its queue.
    func send(_ input: Input) {
        sent.add(1, ordering: .relaxed)
        queue.async { [self] in
            handler(input)
            sent.subtract(1, ordering: .relaxed)
        }
    }

    /// Traps unless called on the daemon's queue: that a part runs there is checked, not promised.
    func checkQueue() { dispatchPrecondition(condition: .onQueue(queue)) }

    /// Inputs sent and not yet handled (a test waits for none before it looks).
    var waiting: Int { sent.load(ordering: .relaxed) }
}
