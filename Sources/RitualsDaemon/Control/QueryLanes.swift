import Dispatch
import FoundationEssentials
import RitualsControl
import Synchronization

/// Where queries are answered, off rituald's queue: `status` in a quick lane of its own, so that
/// it is never queued behind large agendas and lists, and every other query in turn in the other
/// lane. Each lane answers one query at a time, in the order asked (a client has at most one
/// query waiting, so the order is fair). A query whose client left before its turn is dropped
/// unanswered; when many wait already, a new one is refused at once (try again) rather than
/// queued. The answer is encoded in the lane: rituald's queue only hands the bytes over.
final class QueryLanes: Sendable {
    private let quick = DispatchQueue(label: "rituald.queries.quick")
    private let other = DispatchQueue(label: "rituald.queries", qos: .utility)
    private let waiting = Atomic<Int>(0)

    /// Queries waiting in the other lane at most; more are refused until some are answered.
    static let maxWaiting = 16

    /// Whether `request` is answered in the quick lane.
    static func isQuick(_ request: ControlRequest) -> Bool { request.command == .status }

    /// Answers `request` with what `work` gives, unless its client left first; the answer goes
    /// back through `reply` on `queue`.
    func answer(
        _ request: ControlRequest, reply: ControlReply, on queue: DispatchQueue,
        work: @escaping @Sendable () -> ControlResponse
    ) {
        if QueryLanes.isQuick(request) {
            return quick.async { QueryLanes.run(work, reply, queue) }
        }
        let ahead = waiting.add(1, ordering: .relaxed).oldValue
        guard ahead < QueryLanes.maxWaiting else {
            waiting.subtract(1, ordering: .relaxed)
            return reply.send(
                .refused("rituald is busy: \(ahead) other queries wait to be answered; try again in a moment"))
        }
        other.async { [self] in
            QueryLanes.run(work, reply, queue)
            waiting.subtract(1, ordering: .relaxed)
        }
    }

    private static func run(
        _ work: @Sendable () -> ControlResponse, _ reply: ControlReply, _ queue: DispatchQueue
    ) {
        guard reply.isWanted else { return }
        let line = ControlWire.encode(work())
        queue.async { reply.send(encoded: line) }
    }
}
