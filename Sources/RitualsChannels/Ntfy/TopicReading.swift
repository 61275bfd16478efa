import RitualsCore

/// What rituald keeps of one ntfy channel that answers come back through: the last message of
/// the reply topic it read (`since`, so that a restart reads nothing twice) and the occurrences
/// sent that wait for the person's answer. Turning messages into answers is pure: a message
/// counts only when its body is signed for this channel and names an occurrence that waits.
public struct TopicReading: Codable, Sendable, Equatable {
    /// An occurrence sent that waits for its answer.
    public struct Post: Codable, Sendable, Equatable {
        public var ritual: String
        public var occurrence: Instant
        /// When it was sent.
        public var at: Instant

        public init(ritual: String, occurrence: Instant, at: Instant) {
            self.ritual = ritual
            self.occurrence = occurrence
            self.at = at
        }
    }

    public var since: String?
    public var posts: [Post] = []

    public init() {}

    /// Keeps `post` waiting for its answer (at most ``RoomReading/maxPosts``, the newest).
    public mutating func add(_ post: Post) {
        posts.removeAll { $0.ritual == post.ritual && $0.occurrence == post.occurrence }
        posts.append(post)
        if posts.count > RoomReading.maxPosts { posts.removeFirst(posts.count - RoomReading.maxPosts) }
    }

    /// Gives up the posts that waited longer than ``RoomReading/longestWait``.
    public mutating func expire(now: Instant) {
        posts.removeAll { now - $0.at > RoomReading.longestWait }
    }

    /// The answer in `event`, given by `person`, when it is a message signed for `channel` that
    /// names a waiting occurrence; that occurrence stops waiting. A message that is not such an
    /// answer (forged, for another channel, answered already, not sent) is ignored; one the server
    /// stamped before the post or after now (beyond the clock skew allowed) is refused, and the
    /// occurrence waits on.
    public mutating func answer(
        in event: NtfyEvent, key: [UInt8], channel: String, person: Person, snooze: Duration, now: Instant
    ) -> InboxFindings {
        guard event.isMessage else { return InboxFindings() }
        since = event.id
        guard let body = event.message, let said = NtfyAnswer(body: body, key: key, channel: channel),
            let i = posts.firstIndex(where: { $0.ritual == said.ritual && $0.occurrence == said.occurrence })
        else { return InboxFindings(ignored: 1) }
        // A time the server cannot have meant (beyond what can be counted) is taken as now.
        let stamped = Instant.checked(seconds: max(0, event.time)) ?? now
        let post = posts[i].at.truncatedToSecond
        if let why = RoomReading.refusal(stamped, post: post, now: now) { return InboxFindings(refused: [why]) }
        posts.remove(at: i)
        let at = max(min(stamped, now), post)
        guard let answer = Answer(kind: said.kind, until: at + snooze) else { return InboxFindings(ignored: 1) }
        let given = GivenAnswer(
            answer, to: OccurrenceID(said.ritual, said.occurrence), by: person, at: at, source: .channel(channel))
        return InboxFindings(answers: [given])
    }
}
