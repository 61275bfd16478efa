import Dispatch
import LinuxSystem
import RitualsChannels
import RitualsCore

/// Messages on their way through the channels, never holding the daemon up: one at a time per
/// channel (a slow channel delays only itself; at most one child per channel), a bounded queue
/// each, a bounded number of attempts with pauses between them (timers of the daemon's clock).
/// Its bookkeeping runs on the daemon's queue; the sending on threads (``ChannelSender``). Each
/// attempt's end comes back as an input, which the daemon hands to ``attemptEnded(_:_:)``.
final class Outbox: @unchecked Sendable {
    /// One message for one channel.
    struct Message: Sendable {
        let channel: Channel
        let message: ChannelMessage
        var attempt = 1
        /// Names its pending retry, while one is.
        fileprivate var retry = 0

        init(channel: Channel, message: ChannelMessage) {
            self.channel = channel
            self.message = message
        }
    }

    /// What an attempt came to.
    enum Ended {
        /// Sent, or failed after the last attempt: the delivery's outcome.
        case final(Message, ChannelOutcome)
        /// Failed; it is tried again after a pause.
        case retrying
    }

    /// Messages waiting for one channel at most; more are dropped and said to have failed.
    static let maxWaiting = 50
    /// Pauses before the second and third attempt; after the third a failure is final.
    static let retryPauses: [Duration] = [.seconds(1), .seconds(4)]

    private let clock: any DaemonClock
    private let inputs: Inputs
    private let sender: any ChannelSender
    private var waiting: [String: [Message]] = [:]
    private var busy: Set<String> = []
    private var retries: [Int: any ClockTimer] = [:]
    private var lastRetry = 0

    init(clock: any DaemonClock, inputs: Inputs, sender: any ChannelSender) {
        self.clock = clock
        self.inputs = inputs
        self.sender = sender
    }

    /// Queues `message` for its channel; a message dropped to make room is returned, failed.
    @discardableResult
    func send(_ message: Message) -> Ended? {
        inputs.checkQueue()
        let name = message.channel.name
        var list = waiting[name, default: []]
        var dropped: Ended?
        if list.count >= Outbox.maxWaiting {
            dropped = .final(list.removeFirst(), .failed("\(Outbox.maxWaiting) messages already wait for this channel"))
        }
        list.append(message)
        waiting[name] = list
        pump(name)
        return dropped
    }

    /// Starts the next message of a channel that is not busy.
    private func pump(_ name: String) {
        guard !busy.contains(name), var list = waiting[name], !list.isEmpty else { return }
        let next = list.removeFirst()
        waiting[name] = list
        busy.insert(name)
        let inputs = self.inputs
        sender.send(next) { outcome in inputs.send(.channelEnded(next, outcome)) }
    }

    /// An attempt ended: a failure before the last attempt is tried again after a pause; the
    /// channel's next message starts.
    func attemptEnded(_ message: Message, _ outcome: ChannelOutcome) -> Ended {
        busy.remove(message.channel.name)
        defer { pump(message.channel.name) }
        guard case .failed = outcome, message.attempt <= Outbox.retryPauses.count else {
            return .final(message, outcome)
        }
        lastRetry += 1
        var again = message
        again.attempt += 1
        again.retry = lastRetry
        let inputs = self.inputs
        retries[lastRetry] = clock.timer(after: Outbox.retryPauses[message.attempt - 1], queue: inputs.queue) {
            [again] in inputs.send(.resend(again))
        }
        return .retrying
    }

    /// A message to try again: its pause is over. Nil when it is queued (or was stopped).
    func resend(_ message: Message) -> Ended? {
        guard retries.removeValue(forKey: message.retry) != nil else { return nil }
        return send(message)
    }

    /// Forgets what waits and the pending retries; attempts under way finish by themselves.
    func stopAll() {
        for timer in retries.values { timer.cancel() }
        retries.removeAll()
        waiting.removeAll()
    }
}

/// How a message reaches a channel: run (the channel's program, curl) on a thread of its own, its
/// outcome told by `done`. A test gives one that records what it is given.
protocol ChannelSender: Sendable {
    func send(_ message: Outbox.Message, done: @escaping @Sendable (ChannelOutcome) -> Void)
}

/// The real sending: each channel's kind sends (a program, apprise, curl), on a thread of its own.
struct ChildChannelSender: ChannelSender {
    let context: ChannelContext

    func send(_ message: Outbox.Message, done: @escaping @Sendable (ChannelOutcome) -> Void) {
        let context = self.context
        Threads.detach { done(ChannelKinds.send(message.message, through: message.channel, context: context)) }
    }
}
