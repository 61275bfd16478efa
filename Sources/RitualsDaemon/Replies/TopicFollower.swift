import Dispatch
import FoundationEssentials
import LinuxSystem
import Logging
import RitualsChannels
import RitualsCore

/// One ntfy channel with `answers = true`: the occurrences sent that wait for an answer, and the
/// following of the reply topic while any waits (one streaming subscription on a thread of its
/// own; ntfy's keepalives wake that thread, never rituald's queue, and nothing is followed while
/// nothing waits). What waits and the last message read are kept in the state directory, so a
/// restart reads nothing twice and forgets nothing sent. A server that fails is tried again with
/// growing pauses, and said in `status`. Messages that are no answer (forged, replayed, for an
/// occurrence that no longer waits) are counted as ignored. Used on the daemon's queue only.
final class TopicFollower: Follower, @unchecked Sendable {
    let client: NtfyClient
    private let file: KeptFile<FollowedTopic>
    private(set) var followed = FollowedTopic()
    /// The subscription was ended because nothing waits any more.
    private var lettingGo = false

    /// How long one subscription stays open before it is opened again (expired posts let go).
    static let streamWait = Duration.seconds(3600)
    /// A subscription that ends sooner than this without a message is a failure, not its end.
    static let quickEnd = Duration.seconds(5)

    init(
        name: String, channel: Channel, topic: Channel.NtfyTopic, person: Person, directory: String,
        clock: any DaemonClock, inputs: Inputs, logger: Logger
    ) {
        client = NtfyClient(topic, channel: name)
        file = KeptFile(
            path: directory + "/ntfy-" + name + ".json", what: "\(name): where the reply topic's reading stands")
        super.init(name: name, channel: channel, person: person, clock: clock, inputs: inputs, logger: logger)
        if let saved = file.load() { followed = saved }
    }

    override var waiting: Int { followed.posts.count }

    override func posted(event: String, ritual: String, occurrence: Instant, now: Instant) {
        followed.add(.init(ritual: ritual, occurrence: occurrence, at: now))
        save()
        follow()
    }

    /// Follows the reply topic while a post waits (at start: those left from before).
    override func follow() {
        guard mayRead else { return }
        followed.expire(now: clock.now())
        guard let oldest = followed.posts.map(\.at).min() else { return }
        let curl = Curl()
        reading = curl
        let client = self.client
        // Before any message was read: from the oldest post's second, so no early answer is missed.
        let since = followed.since ?? String(oldest.wholeSeconds)
        // The key the buttons are signed with, read once for the subscription.
        let key: [UInt8]?
        if case .success(let k) = NtfyKey.read(client.topic.keyFile, creating: false) { key = k } else { key = nil }
        let clock = self.clock
        let started = clock.now()
        Threads.detach { [self] in
            var messages = 0
            let result = client.follow(since: since, wait: TopicFollower.streamWait, curl: curl) { event in
                guard event.isMessage else { return }
                messages += 1
                queue.async { [self] in read(event, key: key) }
            }
            let quick = messages == 0 && clock.now() - started < TopicFollower.quickEnd
            queue.async { [self] in ended(result, quick: quick) }
        }
    }

    /// A message of the reply topic; with no key to check it by, it is no answer.
    private func read(_ event: NtfyEvent, key: [UInt8]?) {
        guard !stopped else { return }
        answering(client.topic.server)
        let now = clock.now()
        guard let key else {
            ignored += 1
            return
        }
        let (answer, wasIgnored) = followed.answer(
            in: event, key: key, channel: name, person: person, snooze: snooze, now: now)
        if wasIgnored { ignored += 1 }
        save()
        if let answer { heard([answer]) }
        if followed.posts.isEmpty, let reading {
            lettingGo = true
            reading.cancel()
        }
    }

    private func ended(_ result: Result<Void, ServerFailure>, quick: Bool) {
        reading = nil
        guard !stopped else { return }
        if lettingGo {
            lettingGo = false
            follow()
            return
        }
        switch result {
        case .failure(let failure):
            failed(failure)
        case .success where quick && !followed.posts.isEmpty:
            failed(ServerFailure("\(client.topic.server) ended the subscription at once"))
        case .success:
            answering(client.topic.server)
            follow()
        }
    }

    private func save() { file.save(followed, logger: logger) }
}
