import Dispatch
import Logging
import RitualsChannels
import RitualsControl
import RitualsCore

/// Replies: answers that come back through channels (`answers = true`), from a partner's phone.
/// One ``RoomFollower`` per such channel reads what came back while a post waits; each answer is
/// untrusted and goes the way the shared folder's answers go (checked against the schedules,
/// recorded once, by the channel's person). Used on the daemon's queue only.
final class Replies: @unchecked Sendable {
    private let queue: DispatchQueue
    private let rules: Rules
    private let directory: String
    private let logger: Logger
    private(set) var followers: [String: RoomFollower] = [:]
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
        var kept: [String: RoomFollower] = [:]
        for (name, channel) in config.channels where channel.answers {
            guard case .matrix(let room) = channel.kind else { continue }
            let person = rules.person(answeringThrough: channel)
            if let f = followers[name], f.client.room == room, f.person == person {
                kept[name] = f
            } else {
                let f = RoomFollower(
                    name: name, room: room, person: person, directory: directory, queue: queue, logger: logger)
                f.heard = { [weak self] answers, now in self?.heard(answers, now, name) }
                kept[name] = f
            }
            kept[name]?.snooze = config.desktop.snooze
        }
        for (name, f) in followers where kept[name] !== f { f.stop() }
        followers = kept
        for f in followers.values { f.follow() }
    }

    func stop() {
        for f in followers.values { f.stop() }
        followers = [:]
    }

    /// A post through `channel` that waits for an answer.
    func posted(_ channel: Channel, _ message: ChannelMessage, event: String) {
        followers[channel.name]?.posted(
            event: event, ritual: message.ritualID, occurrence: message.occurrence, now: WallClock.now())
    }

    /// Each answering channel as `status` shows it.
    func status() -> [AnswerChannelStatus] {
        followers.values.sorted { $0.name < $1.name }.map {
            AnswerChannelStatus(
                channel: $0.name, person: $0.person, waiting: $0.followed.posts.count, reading: $0.isReading,
                ignored: $0.ignored, problem: $0.problem)
        }
    }

}
