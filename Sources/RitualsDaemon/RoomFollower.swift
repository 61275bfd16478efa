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
final class RoomFollower: @unchecked Sendable {
    let name: String
    let client: MatrixClient
    let answerer: String
    let person: String
    private let queue: DispatchQueue
    private let path: String
    private let logger: Logger
    private(set) var followed = FollowedRoom()
    /// What the homeserver last said wrong, nil once it answers again.
    private(set) var problem: String?
    /// Events from accounts other than the answerer's and the bot's, since start.
    private(set) var ignored = 0
    private var bot: String?
    private var reading: Curl?
    private var retry: DispatchWorkItem?
    private var failures = 0
    private var stopped = false
    /// Answers heard, to be recorded (then `now`).
    var heard: ([SharedAnswer], Int) -> Void = { _, _ in }
    /// The snooze a 💤 gives.
    var snooze = 10 * Microseconds.minute

    /// How long one `/sync` waits for something to happen.
    static let pollWait = 60 * Microseconds.second
    /// The longest pause between attempts after failures.
    static let longestPause = 300.0

    init(
        name: String, room: Channel.MatrixRoom, person: String, directory: String, queue: DispatchQueue, logger: Logger
    ) {
        self.name = name
        client = MatrixClient(room)
        answerer = room.answerer ?? ""
        self.person = person
        self.queue = queue
        self.logger = logger
        path = directory + "/matrix-" + name + ".json"
        if let file = try? ChunkedFile(path), file.size < 1 << 20, let data = try? file.contents() {
            if let saved = try? JSONDecoder().decode(FollowedRoom.self, from: data) { followed = saved }
        }
    }

    /// A post that waits for an answer.
    func posted(event: String, ritual: String, occurrence: Int, now: Int) {
        followed.add(.init(event: event, ritual: ritual, occurrence: occurrence, at: now))
        save()
        follow()
    }

    /// Reads the room while a post waits (at start: those left from before).
    func follow() {
        guard !stopped, reading == nil, retry == nil else { return }
        followed.expire(now: WallClock.now())
        guard !followed.posts.isEmpty else { return }
        let curl = Curl()
        reading = curl
        let client = self.client
        let since = followed.since
        let needsBot = bot == nil
        Threads.detach { [self] in
            let me = needsBot ? try? client.whoAmI(curl: curl).get() : nil
            let result = client.sync(since: since, wait: RoomFollower.pollWait, curl: curl)
            queue.async { [self] in
                if let me { bot = me }
                reading = nil
                read(result)
            }
        }
    }

    private func read(_ result: Result<MatrixSync, MatrixClient.Failure>) {
        guard !stopped else { return }
        switch result {
        case .failure(let failure):
            failures += 1
            if problem != failure.description { logger.warning("\(name): \(failure)") }
            problem = failure.description
            let pause =
                failure.retryAfter
                ?? (failure.refused
                    ? RoomFollower.longestPause : min(RoomFollower.longestPause, Double(1 << min(failures, 9))))
            let item = DispatchWorkItem { [weak self] in
                self?.retry = nil
                self?.follow()
            }
            retry = item
            queue.asyncAfter(deadline: .now() + pause, execute: item)
        case .success(let sync):
            if problem != nil { logger.notice("\(name): \(client.room.homeserver) answers again") }
            problem = nil
            failures = 0
            let now = WallClock.now()
            let (answers, ignoredNow) = followed.answers(
                in: sync.items, answerer: answerer, bot: bot, person: person, snooze: snooze, now: now)
            ignored += ignoredNow
            followed.since = sync.nextBatch
            save()
            if !answers.isEmpty { heard(answers, now) }
            follow()
        }
    }

    /// Stops reading (at stop, or when the channel is gone from the config).
    func stop() {
        stopped = true
        reading?.cancel()
        retry?.cancel()
    }

    /// Whether a read is under way.
    var isReading: Bool { reading != nil }

    private func save() {
        guard let data = try? JSONEncoder().encode(followed) else { return }
        do {
            try FileIO.replaceAtomically(path, with: data)
        } catch {
            logger.warning("\(name): cannot keep where the room's reading stands: \(error)")
        }
    }
}
