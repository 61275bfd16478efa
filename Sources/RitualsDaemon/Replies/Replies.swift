import Logging
import RitualsChannels
import RitualsControl
import RitualsCore

/// Replies: answers that come back through channels (`answers = true`), from a partner's phone.
/// One ``Follower`` per such channel (``RoomFollower`` for Matrix, ``TopicFollower`` for ntfy)
/// reads what came back while a post waits; each answer is untrusted and comes to the daemon as
/// an input, to be checked and recorded as the shared folder's answers are. Used on the daemon's
/// queue only.
final class Replies: @unchecked Sendable {
    private let config: ConfigInUse
    private let clock: any DaemonClock
    private let inputs: Inputs
    private let directory: String
    private let logger: Logger
    private(set) var followers: [String: Follower] = [:]

    init(config: ConfigInUse, clock: any DaemonClock, inputs: Inputs, directory: String, logger: Logger) {
        self.config = config
        self.clock = clock
        self.inputs = inputs
        self.directory = directory
        self.logger = logger
    }

    /// Follows the answering channels the config names (at start and at every reload); those
    /// unchanged go on as they are.
    func start() {
        var kept: [String: Follower] = [:]
        for (name, channel) in config.config.channels where channel.answers {
            let person = config.person(answeringThrough: channel)
            if let f = followers[name], f.channel == channel, f.person == person {
                kept[name] = f
                continue
            }
            switch channel.kind {
            case .matrix(let room):
                kept[name] = RoomFollower(
                    name: name, channel: channel, room: room, person: person, directory: directory, clock: clock,
                    inputs: inputs, logger: logger)
            case .ntfy(let topic):
                kept[name] = TopicFollower(
                    name: name, channel: channel, topic: topic, person: person, directory: directory, clock: clock,
                    inputs: inputs, logger: logger)
            case .apprise, .command:
                continue
            }
        }
        for f in kept.values { f.snooze = config.config.desktop.snooze }
        for (name, f) in followers where kept[name] !== f { f.stop() }
        followers = kept
        for f in followers.values { f.follow() }
    }

    func stop() {
        for f in followers.values { f.stop() }
        followers = [:]
    }

    /// A post through `channel` that waits for an answer (`event`: what the server called it).
    func posted(_ channel: Channel, _ message: ChannelMessage, event: String, now: Instant) {
        followers[channel.name]?.posted(
            event: event, ritual: message.ritualID, occurrence: message.occurrence, now: now)
    }

    /// Each answering channel as `status` shows it.
    func status() -> [AnswerChannelStatus] {
        followers.values.sorted { $0.name < $1.name }.map {
            AnswerChannelStatus(
                channel: $0.name, person: $0.person.name(me: config.settings.me) ?? "", waiting: $0.waiting,
                reading: $0.isReading, ignored: $0.ignored, problem: $0.problem)
        }
    }
}
