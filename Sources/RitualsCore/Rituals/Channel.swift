/// A `[channels.NAME]` table other than the desktop: where events of the rituals that name it
/// are sent besides the journal.
public struct Channel: Sendable, Equatable {
    /// How it delivers.
    public enum Kind: Sendable, Equatable {
        /// The `apprise` command-line tool with the Apprise URLs in this file (`--config`), so that
        /// URLs and their secrets never appear in an argument list.
        case apprise(urlsFile: String)
        /// A program run without a shell, the event in its environment (`RITUAL_*`).
        case command(argv: [String])
        /// A Matrix room the couple's bot account posts to; answers come back as reactions or
        /// replies.
        case matrix(MatrixRoom)

        /// Its name in the config's `kind`.
        public var name: String {
            switch self {
            case .apprise: return "apprise"
            case .command: return "command"
            case .matrix: return "matrix"
            }
        }

        /// Whether answers can come back through it.
        public var canAnswer: Bool {
            if case .matrix = self { return true }
            return false
        }
    }

    /// Where a Matrix channel posts, as whom, and whose answers count.
    public struct MatrixRoom: Sendable, Equatable {
        /// `https://host[:port]`, without a trailing slash.
        public var homeserver: String
        /// The room's id, `!…`.
        public var room: String
        /// The file holding the bot account's access token.
        public var tokenFile: String
        /// The only Matrix account (`@user:server`) whose answers count.
        public var answerer: String?

        public init(homeserver: String, room: String, tokenFile: String, answerer: String? = nil) {
            self.homeserver = homeserver
            self.room = room
            self.tokenFile = tokenFile
            self.answerer = answerer
        }
    }

    /// The events a channel may be given: those of an occurrence.
    public static let deliverable: [EventKind] = [
        .fired, .headsUp, .sessionEnd, .remindedAgain, .done, .snoozed, .skipped, .missed, .heldByPause,
    ]
    /// A delivery waits this long by default before it counts as failed.
    public static let defaultTimeout = 30_000_000

    public var name: String
    public var kind: Kind
    /// What it is sent: by default the firings.
    public var events: [EventKind] = [.fired]
    /// Escalation: deliver a firing, heads-up or reminder only when the occurrence is still
    /// unanswered this long after it; answers go at once.
    public var after: Int?
    public var timeout = Channel.defaultTimeout
    /// Whether answers come back through it (`answers = true`), and whom it reaches (`person`, a
    /// name of `people`; for an answering channel by default the partner): who gives its answers,
    /// and who is not escalated to once they answered.
    public var answers = false
    public var person: String?

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}
