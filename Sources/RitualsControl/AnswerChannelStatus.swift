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
    /// Why the server cannot be used right now.
    public var problem: String?

    public init(channel: String, person: String, waiting: Int, reading: Bool, ignored: Int, problem: String?) {
        self.channel = channel
        self.person = person
        self.waiting = waiting
        self.reading = reading
        self.ignored = ignored
        self.problem = problem
    }
}
