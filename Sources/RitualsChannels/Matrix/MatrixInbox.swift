import RitualsCore

/// The room a Matrix channel's answers come back in: the posts that wait and where the reading
/// stands (``RoomReading``, kept as `matrix-NAME.json`), and a read of the room: a long-polling
/// `/sync` for its messages and reactions (what a sync left out read back with `/messages`), and
/// once, who the bot is (its own reactions are no answers).
public struct MatrixInbox: AnswerInbox {
    /// What one read takes along: where to go on from, back to when, and whether to ask who the
    /// bot is.
    public struct Reading: Sendable {
        let client: MatrixClient
        let since: String?
        let oldest: Instant
        let needsBot: Bool
    }

    /// What one read found: the bot's id when it was asked, and the sync.
    public struct Item: Sendable {
        let bot: String?
        let sync: MatrixSync
    }

    public var kept = RoomReading()
    let client: MatrixClient
    let person: Person
    let channel: String
    private var bot: String?

    /// How long one `/sync` waits for something to happen.
    static let pollWait = Duration.seconds(60)

    init(room: MatrixRoom, person: Person, channel: String) {
        client = MatrixClient(room)
        self.person = person
        self.channel = channel
    }

    public var server: String { client.room.homeserver }
    public var waiting: Int { kept.posts.count }

    public mutating func posted(ritual: String, occurrence: Instant, id: String, at now: Instant) {
        kept.add(.init(event: id, ritual: ritual, occurrence: occurrence, at: now))
    }

    public mutating func expire(now: Instant) { kept.expire(now: now) }

    public func reading(now: Instant) -> Reading? {
        guard !kept.posts.isEmpty else { return nil }
        // What a sync left out is read back to the oldest waiting post, not into what was read.
        let oldest = max(kept.posts.map(\.at).min() ?? .epoch, (kept.readTo ?? .epoch) + .microseconds(1))
        return Reading(client: client, since: kept.since, oldest: oldest, needsBot: bot == nil)
    }

    public static func read(_ reading: Reading, curl: Curl, take: @escaping @Sendable (Item) -> Void) -> Result<
        Void, ChannelError
    > {
        let client = reading.client
        let bot = reading.needsBot ? try? client.whoAmI(curl: curl).get() : nil
        var result = client.sync(since: reading.since, wait: MatrixInbox.pollWait, curl: curl)
        // Too much came since the last reading: what the homeserver left out is read back.
        if case .success(var sync) = result, reading.since != nil, sync.limited, let from = sync.previousBatch {
            result = client.earlier(from: from, oldest: reading.oldest, curl: curl).map { earlier in
                let seen = Set(sync.items.map(\.id))
                sync.items = earlier.filter { !seen.contains($0.id) } + sync.items
                return sync
            }
        }
        return result.map { take(Item(bot: bot, sync: $0)) }
    }

    public mutating func answers(in item: Item, snooze: Duration, now: Instant) -> (
        answers: [GivenAnswer], ignored: Int
    ) {
        if let found = item.bot { bot = found }
        let found = kept.answers(
            in: item.sync.items, answerer: client.room.answerer ?? "", bot: bot, person: person, channel: channel,
            snooze: snooze, now: now)
        kept.since = item.sync.nextBatch
        return found
    }
}
