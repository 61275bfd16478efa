import RitualsCore

/// A notification held back, as `status` shows it: "Held: Evening check-in since 21:30 — Do Not
/// Disturb".
public struct HeldStatus: Codable, Sendable, Equatable {
    public var ritual: String
    public var title: String
    /// The occurrence it is of.
    public var occurrence: Instant
    /// Why: `do-not-disturb`.
    public var reason: String
    /// Since when it waits.
    public var since: Instant

    public init(ritual: String, title: String, occurrence: Instant, reason: String, since: Instant) {
        self.ritual = ritual
        self.title = title
        self.occurrence = occurrence
        self.reason = reason
        self.since = since
    }

    /// The reason as people read it.
    public var saidReason: String {
        switch reason {
        case "do-not-disturb": "Do Not Disturb"
        default: reason
        }
    }
}
