import RitualsCore

/// Where a Matrix channel posts, as whom, and whose answers count.
public struct MatrixRoom: ChannelSettings, Equatable {
    /// `https://host[:port]`, without a trailing slash.
    public var homeserver: String
    /// The room's id, `!…`.
    public var room: String
    /// The file holding the bot account's access token.
    public var tokenFile: String
    /// The only Matrix account (`@user:server`) whose answers count.
    public var answerer: String?
    /// A reply of the answerer's to a ritual's post that is no answer is their note to it
    /// (`notes = true`; the room should be theirs alone with the bot).
    public var notes = false

    public init(homeserver: String, room: String, tokenFile: String, answerer: String? = nil, notes: Bool = false) {
        self.homeserver = homeserver
        self.room = room
        self.tokenFile = tokenFile
        self.answerer = answerer
        self.notes = notes
    }

    /// `@localpart:server`.
    static func isUser(_ text: String) -> Bool {
        guard text.hasPrefix("@"), let colon = text.firstIndex(of: ":"), text.count <= 255 else { return false }
        let local = text[text.index(after: text.startIndex)..<colon]
        let server = text[text.index(after: colon)...]
        return !local.isEmpty && !server.isEmpty && !text.contains(where: \.isWhitespace)
    }
}
