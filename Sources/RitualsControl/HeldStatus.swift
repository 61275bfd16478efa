import RitualsCore

/// A notification held back, as `status` shows it: "Held: Evening check-in since 21:30 — Do Not
/// Disturb".
public struct HeldStatus: Codable, Sendable, Equatable {
    public var ritual: String
    public var title: String
    /// The occurrence it is of.
    public var occurrence: Instant
    public var reason: HoldReason
    /// Since when it waits.
    public var since: Instant
    /// Whose it is, when another person's (held on their computer, told through the folder).
    public var person: String?

    public init(
        ritual: String, title: String, occurrence: Instant, reason: HoldReason, since: Instant, person: String? = nil
    ) {
        self.ritual = ritual
        self.title = title
        self.occurrence = occurrence
        self.reason = reason
        self.since = since
        self.person = person
    }
}
