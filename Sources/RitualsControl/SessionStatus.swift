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

    /// Idle since `microseconds` ago, as a desktop or logind says it, kept within the last 400
    /// days and never after `now`: a server's bogus number can neither trap nor claim the future.
    public static func idleSince(microsecondsAgo: UInt64, now: Instant) -> Instant {
        now - .microseconds(Int(min(microsecondsAgo, UInt64(Duration.days(400).microseconds))))
    }

    /// Idle since the wall-clock `microseconds` logind says, kept as ``idleSince(microsecondsAgo:now:)``.
    public static func idleSince(epochMicroseconds: UInt64, now: Instant) -> Instant {
        let since = Int(clamping: epochMicroseconds)
        return idleSince(microsecondsAgo: UInt64(max(0, now.microseconds - min(since, now.microseconds))), now: now)
    }
}
