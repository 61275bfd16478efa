import Dispatch
import FoundationEssentials
import LinuxSystem
import Logging
import RitualsChannels
import RitualsCore

/// One Matrix channel with `answers = true`: the posts waiting for an answer, and the reading of
/// the room while any waits (a long-polling `/sync`, each on a thread of its own; rituald is not
/// woken while it waits, and not at all while nothing waits). Where the reading stands and what
/// waits is kept in the state directory, so a restart reads nothing twice and forgets no post.
/// A server that fails is tried again with growing pauses, and said in `status`. Used on the
/// daemon's queue only.
final class RoomFollower: Follower, @unchecked Sendable {
    let client: MatrixClient
    let answerer: String
    private let file: KeptFile<FollowedRoom>
    private(set) var followed = FollowedRoom()
    private var bot: String?

    /// How long one `/sync` waits for something to happen.
    static let pollWait = Duration.seconds(60)

    init(
        name: String, channel: Channel, room: Channel.MatrixRoom, person: Person, directory: String,
        clock: any DaemonClock, inputs: Inputs, logger: Logger
    ) {
        client = MatrixClient(room)
        answerer = room.answerer ?? ""
        file = KeptFile(path: directory + "/matrix-" + name + ".json", what: "\(name): where the room's reading stands")
        super.init(name: name, channel: channel, person: person, clock: clock, inputs: inputs, logger: logger)
        if let saved = file.load() { followed = saved }
    }

    override var waiting: Int { followed.posts.count }

    override func posted(event: String, ritual: String, occurrence: Instant, now: Instant) {
        followed.add(.init(event: event, ritual: ritual, occurrence: occurrence, at: now))
        save()
        follow()
    }

    /// Reads the room while a post waits (at start: those left from before).
    override func follow() {
        guard mayRead else { return }
        followed.expire(now: clock.now())
        guard !followed.posts.isEmpty else { return }
        let curl = Curl()
        reading = curl
        let client = self.client
        let since = followed.since
        let needsBot = bot == nil
        // What a sync left out is read back to the oldest waiting post, not into what was read.
        let oldest = max(
            followed.posts.map(\.at).min() ?? .epoch, (followed.readTo ?? .epoch) + .microseconds(1))
        Threads.detach { [self] in
            let me = needsBot ? try? client.whoAmI(curl: curl).get() : nil
            var result = client.sync(since: since, wait: RoomFollower.pollWait, curl: curl)
            // Too much came since the last reading: what the homeserver left out is read back.
            if case .success(var sync) = result, since != nil, sync.limited, let from = sync.previousBatch {
                result = client.earlier(from: from, oldest: oldest, curl: curl).map { earlier in
                    let seen = Set(sync.items.map(\.id))
                    sync.items = earlier.filter { !seen.contains($0.id) } + sync.items
                    return sync
                }
            }
            let read = result
            queue.async { [self] in
                if let me { bot = me }
                reading = nil
                self.read(read)
            }
        }
    }

    private func read(_ result: Result<MatrixSync, MatrixClient.Failure>) {
        guard !stopped else { return }
        switch result {
        case .failure(let failure):
            failed(failure)
        case .success(let sync):
            answering(client.room.homeserver)
            let (answers, ignoredNow) = followed.answers(
                in: sync.items, answerer: answerer, bot: bot, person: person, channel: name, snooze: snooze,
                now: clock.now())
            ignored += ignoredNow
            followed.since = sync.nextBatch
            save()
            if !answers.isEmpty { heard(answers) }
            follow()
        }
    }

    private func save() { file.save(followed, logger: logger) }
}
