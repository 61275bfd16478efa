import FoundationEssentials
import RitualsCore

/// What rituald keeps of one Matrix channel that answers come back through: where its reading
/// of the room stands (`since`, so that a restart reads nothing twice) and the posts still waiting
/// for the person's answer. Turning the room's events into answers is pure: who sent each, what
/// it reacts or replies to, and what it says decide; nothing else is trusted.
public struct RoomReading: Codable, Sendable, Equatable {
    /// A post of a ritual that waits for an answer.
    public struct Post: Codable, Sendable, Equatable {
        public var event: String
        public var ritual: String
        public var occurrence: Instant
        /// When it was posted.
        public var at: Instant
        /// In a room that takes notes, it was answered (and still waits for a note), or noted
        /// (and may still wait for an answer).
        public var answered: Bool?
        public var noted: Bool?

        /// Whether it still waits for an answer.
        var open: Bool { answered != true }

        public init(event: String, ritual: String, occurrence: Instant, at: Instant) {
            self.event = event
            self.ritual = ritual
            self.occurrence = occurrence
            self.at = at
        }
    }

    public var since: String?
    public var posts: [Post] = []
    /// The time of the newest event read: events the homeserver left out of a sync are read back
    /// to just after it, never further.
    public var readTo: Instant?

    /// A post waits at most this long for its answer.
    public static let longestWait = Duration.days(1)
    /// Posts kept waiting at most; beyond, the oldest are given up.
    public static let maxPosts = 50

    public init() {}

    /// Keeps `post` waiting for its answer.
    public mutating func add(_ post: Post) {
        posts.removeAll { $0.event == post.event }
        posts.append(post)
        if posts.count > RoomReading.maxPosts { posts.removeFirst(posts.count - RoomReading.maxPosts) }
    }

    /// Gives up the posts that waited longer than ``longestWait``.
    public mutating func expire(now: Instant) {
        posts.removeAll { now - $0.at > RoomReading.longestWait }
    }

    /// What one reading of the room found: the answers, what else came (see
    /// ``InboxFindings``), and what encryption did to it.
    public struct Found: Sendable, Equatable {
        public var findings = InboxFindings()
        /// Encrypted events from the answerer that nothing decrypted, since the oldest waiting post.
        public var unreadable = 0
        /// Some event came decrypted by an end-to-end encryption proxy.
        public var decrypted = false
    }

    /// The answers in `items` from `answerer`, given by `person` through `channel`: a reaction to
    /// a waiting post, a reply to one, or a plain `done` / `snooze 20m` / `skip` (for the newest
    /// post). Answered posts stop waiting. With `notes`, any other reply to a post is a note to it
    /// (the first only; at most ``NoteLine/maxCharacters``), and a post waits for both. The bot's own events are never answers; `ignored`
    /// counts those of other accounts. An answer stamped before its post or after now (beyond
    /// the clock skew allowed) is refused; one within is taken as given between the two.
    public mutating func answers(
        in items: [MatrixSync.Item], answerer: String, bot: String?, person: Person, channel: String,
        snooze: Duration, now: Instant, notes: Bool = false
    ) -> Found {
        var found = Found()
        for item in items {
            readTo = max(readTo ?? item.at, item.at)
            found.decrypted = found.decrypted || item.decrypted
            if item.sender == bot { continue }
            guard item.sender == answerer else {
                found.findings.ignored += 1
                continue
            }
            let said: (kind: EventKind, snooze: Duration?)?
            let target: Post?
            if let reaction = item.reaction {
                said = RoomReading.answer(reactionKey: reaction.key).map { ($0, nil) }
                target = posts.first { $0.event == reaction.to && $0.open }
            } else if let text = item.text {
                said = RoomReading.answer(text: text)
                if said == nil, notes, let note = note(text, replyTo: item.replyTo) {
                    if let why = RoomReading.refusal(item.at, post: note.post.at, now: now) {
                        found.findings.refused.append(why)
                    } else {
                        found.findings.notes.append(
                            GivenNote(
                                to: OccurrenceID(note.post.ritual, note.post.occurrence), by: person,
                                at: max(min(item.at, now), note.post.at), text: note.text, channel: channel))
                        settle(note.post.event, noted: true)
                    }
                    continue
                }
                target =
                    item.replyTo.map { id in posts.first { $0.event == id && $0.open } } ?? posts.last { $0.open }
            } else {
                // Encrypted talk from before the posts that wait answers none of them.
                if item.encrypted, let oldest = posts.map(\.at).min(), item.at >= oldest - Planner.clockSkew {
                    found.unreadable += 1
                }
                continue
            }
            guard let said, let target else { continue }
            if let why = RoomReading.refusal(item.at, post: target.at, now: now) {
                found.findings.refused.append(why)
                continue
            }
            let at = max(min(item.at, now), target.at)
            guard let answer = Answer(kind: said.kind, until: at + (said.snooze ?? snooze)) else { continue }
            found.findings.answers.append(
                GivenAnswer(
                    answer, to: OccurrenceID(target.ritual, target.occurrence), by: person, at: at,
                    source: .channel(channel)))
            if notes { settle(target.event, answered: true) } else { posts.removeAll { $0.event == target.event } }
        }
        return found
    }

    /// The post a reply notes, and its text cut to a note's length; nil when it replies to no post
    /// still waiting for a note, or says nothing.
    private func note(_ text: String, replyTo: String?) -> (post: Post, text: String)? {
        guard let replyTo, let post = posts.first(where: { $0.event == replyTo && $0.noted != true }) else {
            return nil
        }
        let kept = String(text.prefix(NoteLine.maxCharacters))
        return NoteLine.isValid(kept) ? (post, kept) : nil
    }

    /// Marks a post answered or noted; one that has both stops waiting.
    private mutating func settle(_ event: String, answered: Bool = false, noted: Bool = false) {
        guard let i = posts.firstIndex(where: { $0.event == event }) else { return }
        if answered { posts[i].answered = true }
        if noted { posts[i].noted = true }
        if posts[i].answered == true && posts[i].noted == true { posts.remove(at: i) }
    }

    /// Why an answer stamped `at` (by its server's clock) to a post made at `post` cannot be
    /// taken at `now`; nil when it can.
    static func refusal(_ at: Instant, post: Instant, now: Instant) -> String? {
        if at < post - Planner.clockSkew {
            return "an answer stamped \(at.iso8601(in: .utc)), before the post it answers "
                + "(\(post.iso8601(in: .utc))): the server's clock is behind"
        }
        if at > now + Planner.clockSkew {
            return "an answer stamped \(at.iso8601(in: .utc)), a time still to come here"
        }
        return nil
    }

    /// The answer a reaction's key gives (with or without an emoji variation selector).
    static func answer(reactionKey: String) -> EventKind? {
        let plain = String(String.UnicodeScalarView(reactionKey.unicodeScalars.filter { $0.value != 0xFE0F }))
        return MatrixClient.reactions.first {
            String(String.UnicodeScalarView($0.key.unicodeScalars.filter { $0.value != 0xFE0F })) == plain
        }?.answer
    }

    /// The answer a message gives: `done`, `skip`, `snooze` with an optional span (`snooze 20m`),
    /// or one of the reaction emoji alone; nil for anything else (people talk in the room too).
    static func answer(text: String) -> (kind: EventKind, snooze: Duration?)? {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first, words.count <= 3 else { return nil }
        switch first {
        case "done", "done!", "\u{2705}": return words.count == 1 ? (.done, nil) : nil
        case "skip", "\u{23ED}", "\u{23ED}\u{FE0F}": return words.count == 1 ? (.skipped, nil) : nil
        case "snooze", "\u{1F4A4}":
            guard words.count > 1 else { return (.snoozed, nil) }
            let span = words.dropFirst().joined(separator: " ")
            guard let value = try? TimeSpan.parse(span), value >= Microseconds.minute, value <= Microseconds.day
            else { return nil }
            return (.snoozed, .microseconds(value))
        default: return nil
        }
    }
}
