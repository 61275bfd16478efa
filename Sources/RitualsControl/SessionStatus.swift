import RitualsCore

/// The person's login session as logind keeps it: whether its screen is locked and since when no
/// one has used it, or why that is not known.
public struct SessionStatus: Codable, Sendable, Equatable {
    /// The session followed (logind's object path); nil when the user has no graphical session.
    public var session: String?
    public var locked: Bool?
    /// Since when it is idle (logind's `IdleHint`, `IdleSinceHint`); nil while in use.
    public var idleSince: Instant?
    /// Why it is not followed: no system bus, no logind.
    public var problem: String?

    public init(session: String? = nil, locked: Bool? = nil, idleSince: Instant? = nil, problem: String? = nil) {
        self.session = session
        self.locked = locked
        self.idleSince = idleSince
        self.problem = problem
    }

    /// Whether no one is at the computer at `now`: the screen locked, or idle `awayAfter` long.
    public func away(at now: Instant, after awayAfter: Duration) -> Bool {
        locked == true || idle(at: now, after: awayAfter)
    }

    /// Whether it has been idle `awayAfter` long at `now`.
    public func idle(at now: Instant, after awayAfter: Duration) -> Bool {
        idleSince.map { now - $0 >= awayAfter } ?? false
    }
}
