/// What went wrong with a channel (its server, the file of its secret, the key that signs its
/// answers), said so
/// that the user knows what to do, with no secret in it.
public struct ChannelError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    /// Seconds the server asked to wait (429), if it said.
    public var retryAfter: Duration?
    /// The server refused the secret, or the secret's file is wrong: retrying soon will not help.
    public var refused = false

    public init(_ description: String, retryAfter: Duration? = nil, refused: Bool = false) {
        self.description = description
        self.retryAfter = retryAfter
        self.refused = refused
    }

    /// The shortest pause before trying again, whatever a server asks (0 or less would make a
    /// hot loop).
    public static let shortestPause = Duration.seconds(1)

    /// How long to wait before trying again after `failures` failures in a row: the server's
    /// word, else twice as long each time; at once `longest` when refused; never less than
    /// ``shortestPause`` nor more than `longest`, whatever a server asks.
    public func pause(after failures: Int, longest: Duration) -> Duration {
        let wanted = retryAfter ?? (refused ? longest : .seconds(1 << min(max(failures, 1), 9)))
        return min(max(wanted, ChannelError.shortestPause), longest)
    }
}
