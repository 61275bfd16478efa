import Dispatch
import FoundationEssentials
import LinuxSystem
import RitualsChannels
import RitualsCore

/// Sends messages through channels without ever holding up the daemon: one worker per channel
/// (a slow channel delays only itself, and there is at most one child per channel), a bounded
/// queue each, a bounded number of attempts with backoff, and escalations on wall-clock timers.
/// Its bookkeeping runs on the daemon's queue; the children run on threads of their own.
final class ChannelDispatcher: @unchecked Sendable {
    /// One message for one channel.
    struct Delivery: Sendable {
        let channel: Channel
        let message: ChannelMessage
        var attempt = 1
    }

    /// Messages waiting for one channel at most; more are dropped and said to have failed.
    static let maxWaiting = 50
    /// Seconds before the second and third attempt; after the third a failure is final.
    static let retryDelays = [1.0, 4.0]

    let queue: DispatchQueue
    /// How each delivery ended: sent, or failed after its last attempt. On the queue.
    let ended: (Delivery, ChannelRunner.Outcome) -> Void
    /// Runs one delivery (blocking); the real runner unless a test gives another.
    let run: @Sendable (Channel, ChannelMessage) -> ChannelRunner.Outcome
    private var waiting: [String: [Delivery]] = [:]
    private var busy: Set<String> = []
    private var escalations: [String: DispatchSourceTimer] = [:]

    init(
        queue: DispatchQueue,
        run: @escaping @Sendable (Channel, ChannelMessage) -> ChannelRunner.Outcome = ChannelRunner.run,
        ended: @escaping (Delivery, ChannelRunner.Outcome) -> Void
    ) {
        self.queue = queue
        self.run = run
        self.ended = ended
    }

    /// Queues `delivery` for its channel.
    func send(_ delivery: Delivery) {
        let name = delivery.channel.name
        var list = waiting[name, default: []]
        if list.count >= ChannelDispatcher.maxWaiting {
            ended(list.removeFirst(), .failed("\(ChannelDispatcher.maxWaiting) messages already wait for this channel"))
        }
        list.append(delivery)
        waiting[name] = list
        pump(name)
    }

    /// Starts the next delivery of a channel that is not busy.
    private func pump(_ name: String) {
        guard !busy.contains(name), var list = waiting[name], !list.isEmpty else { return }
        let next = list.removeFirst()
        waiting[name] = list
        busy.insert(name)
        let run = self.run
        Threads.detach { [self] in
            let outcome = run(next.channel, next.message)
            queue.async { [self] in
                busy.remove(name)
                finished(next, outcome)
                pump(name)
            }
        }
    }

    private func finished(_ delivery: Delivery, _ outcome: ChannelRunner.Outcome) {
        if case .failed = outcome, delivery.attempt <= ChannelDispatcher.retryDelays.count {
            var next = delivery
            next.attempt += 1
            let again = next
            let delay = ChannelDispatcher.retryDelays[delivery.attempt - 1]
            queue.asyncAfter(deadline: .now() + delay) { [self] in send(again) }
            return
        }
        ended(delivery, outcome)
    }

    /// Sends `delivery` at `at` (microseconds since the epoch) if `stillOpen` says so then; a
    /// later escalation with the same key replaces this one.
    func escalate(_ delivery: Delivery, at: Int, key: String, stillOpen: @escaping () -> Bool) {
        escalations[key]?.cancel()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(wallDeadline: DispatchWallTime(microsecondsSinceEpoch: at), leeway: .milliseconds(10))
        timer.setEventHandler { [self] in
            escalations[key]?.cancel()
            escalations[key] = nil
            if stillOpen() { send(delivery) }
        }
        timer.resume()
        escalations[key] = timer
    }

    /// Cancels the escalations whose key begins with `prefix` (those of one ritual).
    func cancelEscalations(prefix: String) {
        for (key, timer) in escalations where key.hasPrefix(prefix) {
            timer.cancel()
            escalations[key] = nil
        }
    }

    /// Escalations waiting, for status and tests.
    var pendingEscalations: Int { escalations.count }

    /// Cancels every escalation and forgets what waits; deliveries under way finish by themselves.
    func stopAll() {
        for timer in escalations.values { timer.cancel() }
        escalations.removeAll()
        waiting.removeAll()
    }
}
