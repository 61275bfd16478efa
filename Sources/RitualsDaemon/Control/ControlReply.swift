import FoundationEssentials
import RitualsControl
import Synchronization

/// The answer owed to one request of one client. It is given once, on rituald's queue; once the
/// client has left (dropped, timed out, gone) nobody wants it any more, and work still queued for
/// it is dropped rather than done.
final class ControlReply: Sendable {
    private let wanted = Atomic<Bool>(true)
    private let deliver: @Sendable (Data) -> Void

    /// `deliver` takes the answer as one line of JSON, on rituald's queue.
    init(_ deliver: @escaping @Sendable (Data) -> Void) { self.deliver = deliver }

    /// Whether the client is still there to read the answer.
    var isWanted: Bool { wanted.load(ordering: .acquiring) }

    /// The client left: the answer goes nowhere.
    func abandon() { wanted.store(false, ordering: .releasing) }

    func send(_ response: ControlResponse) { send(encoded: ControlWire.encode(response)) }

    func send(encoded line: Data) {
        guard isWanted else { return }
        deliver(line)
    }
}
