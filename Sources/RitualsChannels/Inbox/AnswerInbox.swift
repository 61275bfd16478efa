import RitualsCore

/// Where the answers to a channel's posts come back (a Matrix room, an ntfy reply topic), as one
/// kind of channel reads it: the posts that wait for their answers and where the reading stands
/// (``Kept``, kept across restarts), one read of the server, and the answers among what it said.
/// An inbox is a value that ``AnswerFollower`` keeps and changes on its queue; a read runs on a
/// thread of its own with what ``reading(now:)`` gave it, and hands back what comes as it comes.
public protocol AnswerInbox: Sendable {
    /// What one read takes along to its thread.
    associatedtype Reading: Sendable
    /// What a read hands back.
    associatedtype Item: Sendable
    /// What is kept in the state directory.
    associatedtype Kept: Codable, Sendable

    var kept: Kept { get set }
    /// The server, as messages name it.
    var server: String { get }
    /// Posts waiting for their answers.
    var waiting: Int { get }

    /// A post that waits for its answer; `id` is what the server called it.
    mutating func posted(ritual: String, occurrence: Instant, id: String, at now: Instant)

    /// Gives up the posts that waited too long.
    mutating func expire(now: Instant)

    /// What the next read asks; nil when nothing waits.
    func reading(now: Instant) -> Reading?

    /// One read of the server (blocking; on a thread of its own): each item is handed to `take`
    /// as it comes; the read ends when the server says all it had, its time runs out, or `curl`
    /// is cancelled.
    static func read(_ reading: Reading, curl: Curl, take: @escaping @Sendable (Item) -> Void) -> Result<
        Void, ChannelError
    >

    /// What stands in the way of reading the person's answers, as what was read shows it (an
    /// end-to-end encrypted room); nil when nothing does.
    var trouble: String? { get }

    /// What `item` holds (a Snooze without a length snoozes for `snooze`); posts answered stop
    /// waiting, the reading moves on.
    mutating func answers(in item: Item, snooze: Duration, now: Instant) -> InboxFindings
}

extension AnswerInbox {
    public var trouble: String? { nil }
}

/// What an inbox found in what one read handed back: the answers, how many things were no
/// answer, and the answers refused (each one's reason: a time before its post, or still to come).
public struct InboxFindings: Sendable, Equatable {
    public var answers: [GivenAnswer] = []
    /// Notes written as replies (a room that takes them).
    public var notes: [GivenNote] = []
    public var ignored = 0
    public var refused: [String] = []

    public init(answers: [GivenAnswer] = [], ignored: Int = 0, refused: [String] = []) {
        self.answers = answers
        self.ignored = ignored
        self.refused = refused
    }
}
