/// Another person's notification held on their computer (or let go: no reason), as their file in
/// the shared folder tells of it.
public struct HeldElsewhere: Sendable, Equatable {
    public var person: String
    public var occurrence: OccurrenceID
    /// Why it is held; nil: it no longer is.
    public var reason: HoldReason?
    /// When, by their computer's clock.
    public var at: Instant

    public init(person: String, occurrence: OccurrenceID, reason: HoldReason?, at: Instant) {
        self.person = person
        self.occurrence = occurrence
        self.reason = reason
        self.at = at
    }
}
