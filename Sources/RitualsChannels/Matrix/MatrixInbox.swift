import RitualsCore

/// The room a Matrix channel's answers come back in: the posts that wait and where the reading
/// stands (``RoomReading``, kept as `matrix-NAME.json`), and a read of the room: a long-polling
/// `/sync` for its messages and reactions (what a sync left out read back with `/messages`). At
/// start, before anything is read, it asks who the bot is (its own reactions are no answers, and
/// a token of the answerer's own is refused) and whether the room is end-to-end encrypted and
/// the bot's session can decrypt it (through pantalaimon it can; straight on a homeserver not).
public struct MatrixInbox: AnswerInbox {
    /// What one read takes along: where to go on from, back to when, and what to ask.
    public struct Reading: Sendable {
        let client: MatrixClient
        let since: String?
        let oldest: Instant
        /// Who the bot is and the room's encryption are still to be asked.
        let check: Bool
        /// Posts wait: the room is read.
        let sync: Bool
    }

    /// What the questions at start found.
    public struct Check: Sendable, Equatable {
        let bot: String
        let encrypted: Bool
        /// The session that reads the room holds end-to-end keys: a client that decrypts does.
        let decrypting: Bool
    }

    /// What one read found: the answers to the questions at start when they were asked, and the
    /// sync when the room was read.
    public struct Item: Sendable {
        let check: Check?
        let sync: MatrixSync?
    }

    public var kept = RoomReading()
    let client: MatrixClient
    let person: Person
    let channel: String
    private var bot: String?
    /// The room is end-to-end encrypted (its state says so, or encrypted events came).
    private var encrypted = false
    /// The session that reads the room decrypts (it holds keys, or decrypted events came).
    private var decrypting = false
    /// Encrypted events from the answerer that nothing decrypted, since decrypting last worked.
    private var unreadable = 0

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
        guard bot == nil || !kept.posts.isEmpty else { return nil }
        // What a sync left out is read back to the oldest waiting post, not into what was read.
        let oldest = max(kept.posts.map(\.at).min() ?? .epoch, (kept.readTo ?? .epoch) + .microseconds(1))
        return Reading(client: client, since: kept.since, oldest: oldest, check: bot == nil, sync: !kept.posts.isEmpty)
    }

    public static func read(_ reading: Reading, curl: Curl, take: @escaping @Sendable (Item) -> Void) -> Result<
        Void, ChannelError
    > {
        let client = reading.client
        var check: Check?
        if reading.check {
            switch MatrixInbox.check(client, curl: curl) {
            case .failure(let failure): return .failure(failure)
            case .success(let found): check = found
            }
            guard reading.sync else {
                take(Item(check: check, sync: nil))
                return .success(())
            }
        }
        var result = client.sync(since: reading.since, wait: MatrixInbox.pollWait, curl: curl)
        // Too much came since the last reading: what the homeserver left out is read back.
        if case .success(var sync) = result, reading.since != nil, sync.limited, let from = sync.previousBatch {
            result = client.earlier(from: from, oldest: reading.oldest, curl: curl).map { earlier in
                let seen = Set(sync.items.map(\.id))
                sync.items = earlier.filter { !seen.contains($0.id) } + sync.items
                return sync
            }
        }
        return result.map { take(Item(check: check, sync: $0)) }
    }

    /// Who the bot is (never the answerer), whether the room is encrypted and whether the bot's
    /// session can decrypt it.
    static func check(_ client: MatrixClient, curl: Curl) -> Result<Check, ChannelError> {
        let room = client.room
        return client.whoAmI(curl: curl).flatMap { me in
            if me == room.answerer {
                return .failure(
                    ChannelError(
                        "the access token in \(room.tokenFile) is \(me)'s own, the answerer's: rituald would "
                            + "take the reactions it adds itself for their answers. Give rituald an account of its "
                            + "own (a bot), invite it to the room, and put its token in \(room.tokenFile)",
                        refused: true))
            }
            return client.isEncrypted(curl: curl).flatMap { encrypted in
                guard encrypted else { return .success(Check(bot: me, encrypted: false, decrypting: false)) }
                return client.sessionHasKeys(curl: curl).map { Check(bot: me, encrypted: true, decrypting: $0) }
            }
        }
    }

    public mutating func answers(in item: Item, snooze: Duration, now: Instant) -> InboxFindings {
        if let check = item.check {
            bot = check.bot
            encrypted = check.encrypted
            decrypting = check.decrypting
        }
        guard let sync = item.sync else { return InboxFindings() }
        let found = kept.answers(
            in: sync.items, answerer: client.room.answerer ?? "", bot: bot, person: person, channel: channel,
            snooze: snooze, now: now, notes: client.room.notes)
        if found.decrypted || sync.sessionHasKeys {
            decrypting = true
        }
        if found.decrypted { unreadable = 0 }
        if found.unreadable > 0 {
            encrypted = true
            unreadable += found.unreadable
        }
        kept.since = sync.nextBatch
        return found.findings
    }

    public var trouble: String? {
        let room = client.room
        let who = room.answerer ?? "the answerer"
        let advice =
            "run pantalaimon (matrix-org's end-to-end encryption proxy) in front of the homeserver and point "
            + "homeserver at it, or use a room without encryption (docs/couple.md, Encrypted rooms)"
        if unreadable > 0 && decrypting {
            return "\(unreadable) message(s) of \(who) in \(room.room) came end-to-end encrypted and could not be "
                + "decrypted: the bot's session has no keys for them (as \(who), verify the bot's session in "
                + "Element, or send the answer again)"
        }
        if unreadable > 0 {
            return "the room \(room.room) is end-to-end encrypted: \(unreadable) message(s) of \(who) could not be "
                + "read; \(advice)"
        }
        if encrypted && !decrypting {
            return "the room \(room.room) is end-to-end encrypted and \(room.homeserver) gives rituald its events "
                + "as they are: what \(who) sends encrypted (Element encrypts replies and reactions) cannot be "
                + "read; \(advice)"
        }
        return nil
    }
}
