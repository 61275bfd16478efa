import Dispatch
import Logging
import RitualsChannels
import RitualsControl
import RitualsCore

/// Replies: answers that come back through channels (`answers = true`), from a partner's phone.
/// One ``Follower`` per such channel (``RoomFollower`` for Matrix, ``TopicFollower`` for ntfy)
/// reads what came back while a post waits; each answer is untrusted and goes the way the shared folder's answers go (checked against the schedules,
/// recorded once, by the channel's person). Used on the daemon's queue only.
final class Replies: @unchecked Sendable {
    private let queue: DispatchQueue
    private let rules: Rules
    private let directory: String
    private let logger: Logger
    private(set) var followers: [String: Follower] = [:]
    /// Answers heard through a channel, to be checked and recorded (then `now`, the channel).
    var heard: ([SharedAnswer], Int, String) -> Void = { _, _, _ in }

    init(queue: DispatchQueue, rules: Rules, directory: String, logger: Logger) {
        self.queue = queue
        self.rules = rules
        self.directory = directory
        self.logger = logger
    }

    /// Follows the answering channels the config names (at start and at every reload); those
    /// unchanged go on as they are.
    func start() {
        let config = rules.config
        var kept: [String: Follower] = [:]
        for (name, channel) in config.channels where channel.answers {
            let person = rules.person(answeringThrough: channel)
            if let f = followers[name], f.channel == channel, f.person == person {
                kept[name] = f
                continue
            }
            let made: Follower
            switch channel.kind {
            case .matrix(let room):
                made = RoomFollower(
                    name: name, channel: channel, room: room, person: person, directory: directory, queue: queue,
                    logger: logger)
            case .ntfy(let topic):
                made = TopicFollower(
                    name: name, channel: channel, topic: topic, person: person, directory: directory, queue: queue,
                    logger: logger)
            case .apprise, .command:
                continue
            }
            made.heard = { [weak self] answers, now in self?.heard(answers, now, name) }
            kept[name] = made
        }
        for f in kept.values { f.snooze = config.desktop.snooze }
        for (name, f) in followers where kept[name] !== f { f.stop() }
        followers = kept
        for f in followers.values { f.follow() }
    }

    func stop() {
        for f in followers.values { f.stop() }
        followers = [:]
    }

    /// A post through `channel` that waits for an answer (`event`: what the server called it).
    func posted(_ channel: Channel, _ message: ChannelMessage, event: String) {
        followers[channel.name]?.posted(
            event: event, ritual: message.ritualID, occurrence: message.occurrence, now: WallClock.now())
    }

    /// Each answering channel as `status` shows it.
    func status() -> [AnswerChannelStatus] {
        followers.values.sorted { $0.name < $1.name }.map {
            AnswerChannelStatus(
                channel: $0.name, person: $0.person, waiting: $0.waiting, reading: $0.isReading,
                ignored: $0.ignored, problem: $0.problem)
        }
    }

}
