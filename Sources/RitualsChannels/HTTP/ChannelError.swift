/// What went wrong with a channel (its server, the file of its secret, the key that signs its
/// answers), said so
/// that the user knows what to do, with no secret in it.
public struct ChannelError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    /// Seconds the server asked to wait (429), if it said.
    public var retryAfter: Double?
    /// The server refused the secret, or the secret's file is wrong: retrying soon will not help.
    public var refused = false

    public init(_ description: String, retryAfter: Double? = nil, refused: Bool = false) {
        self.description = description
        self.retryAfter = retryAfter
        self.refused = refused
    }

    /// How long to wait before trying again after `failures` failures in a row: the server's
    /// word, else twice as long each time up to `longest` seconds (at once `longest` when refused).
    public func pause(after failures: Int, longest: Double) -> Double {
        retryAfter ?? (refused ? longest : min(longest, Double(1 << min(max(failures, 1), 9))))
    }
}
