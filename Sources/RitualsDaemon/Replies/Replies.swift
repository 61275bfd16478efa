import Logging
import RitualsChannels
import RitualsControl
import RitualsCore

/// Replies: answers that come back through channels (`answers = true`), from a partner's phone.
/// One follower per such channel (``AnswerFollower``, the same for every kind; its inbox is the
/// kind's) reads what came back while a post waits; each answer is untrusted and comes to the
/// daemon as an input, to be checked and recorded as the shared folder's answers are. Used on
/// the daemon's queue only.
final class Replies: @unchecked Sendable {
    private let config: ConfigInUse
    private let clock: any DaemonClock
    private let inputs: Inputs
    private let context: ChannelContext
    private let logger: Logger
    private(set) var followers: [String: any Following] = [:]

    init(config: ConfigInUse, clock: any DaemonClock, inputs: Inputs, context: ChannelContext, logger: Logger) {
        self.config = config
        self.clock = clock
        self.inputs = inputs
        self.context = context
        self.logger = logger
    }

    /// Follows the answering channels the config names (at start and at every reload); those
    /// unchanged go on as they are.
    func start() {
        inputs.checkQueue()
        var kept: [String: any Following] = [:]
        for (name, channel) in config.config.channels where channel.answers {
            let person = config.person(answeringThrough: channel)
            if let f = followers[name], f.channel == channel, f.person == person {
                kept[name] = f
                continue
            }
            kept[name] = ChannelKinds.follower(
                of: channel, person: person, context: context, queue: inputs.queue, keeping: true,
                hooks: hooks(name))
        }
        for f in kept.values { f.snooze = config.config.desktop.snooze }
        for (name, f) in followers where kept[name] !== f { f.stop() }
        followers = kept
        for f in followers.values { f.follow() }
    }

    /// How a follower reaches the daemon: its answers as inputs, its news in the journal, its
    /// pauses on the daemon's clock.
    private func hooks(_ name: String) -> FollowerHooks {
        let (clock, inputs, logger) = (self.clock, self.inputs, self.logger)
        return FollowerHooks(
            now: { clock.now() },
            after: { span, fire in
                let timer = clock.timer(after: span, queue: inputs.queue, fire)
                return { timer.cancel() }
            },
            heard: { inputs.send(.answers($0)) },
            said: { news in
                switch news {
                case .problem(let why): logger.warning("\(name): \(why)")
                case .answersAgain(let server): logger.notice("\(name): \(server) answers again")
                case .notKept(let why): logger.warning("\(why)")
                case .refused(let count, let first):
                    logger.warning("\(name): \(count) answer(s) refused; the first: \(first)")
                }
            },
            noted: { inputs.send(.channelNotes($0)) })
    }

    func stop() {
        for f in followers.values { f.stop() }
        followers = [:]
    }

    /// A post through `channel` that waits for an answer (`event`: what the server called it).
    func posted(_ channel: Channel, _ message: ChannelMessage, event: String) {
        followers[channel.name]?.posted(ritual: message.ritualID, occurrence: message.occurrence, id: event)
    }

    /// Each answering channel as `status` shows it.
    func status() -> [AnswerChannelStatus] {
        followers.values.sorted { $0.channel.name < $1.channel.name }.map {
            AnswerChannelStatus(
                channel: $0.channel.name, person: $0.person.name(me: config.settings.me) ?? "", waiting: $0.waiting,
                reading: $0.isReading, ignored: $0.ignored, refused: $0.refused, problem: $0.problem)
        }
    }
}
