/// A note one person wrote through a channel of this config (a reply in their Matrix room to
/// the ritual's post): to which occurrence, by whom, when, what, and through which channel.
public struct GivenNote: Sendable, Equatable {
    public var occurrence: OccurrenceID
    public var by: Person
    public var at: Instant
    public var text: String
    public var channel: String

    public init(to occurrence: OccurrenceID, by: Person, at: Instant, text: String, channel: String) {
        self.occurrence = occurrence
        self.by = by
        self.at = at
        self.text = text
        self.channel = channel
    }
}
