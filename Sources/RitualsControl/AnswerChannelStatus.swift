/// A channel answers come back through (`answers = true`): whose answers, how many posts wait for
/// one, whether the room is being read, and what went wrong last.
public struct AnswerChannelStatus: Codable, Sendable, Equatable {
    public var channel: String
    public var person: String
    /// Posts still waiting for the person's answer.
    public var waiting: Int
    /// A read of the room is under way.
    public var reading: Bool
    /// Events from accounts other than the answerer's and the bot's, since rituald started.
    public var ignored: Int
    /// Answers refused for their time (before their post, or still to come), since rituald
    /// started.
    public var refused: Int?
    /// Why the server cannot be used right now, or what stands in the way of reading answers (an
    /// end-to-end encrypted room).
    public var problem: String?

    public init(
        channel: String, person: String, waiting: Int, reading: Bool, ignored: Int, refused: Int = 0, problem: String?
    ) {
        self.channel = channel
        self.person = person
        self.waiting = waiting
        self.reading = reading
        self.ignored = ignored
        self.refused = refused
        self.problem = problem
    }
}
