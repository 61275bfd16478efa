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
        /// An ntfy topic: pushes to the phone's ntfy app, whose Done / Snooze / Skip buttons
        /// publish the answer, signed, to the topic's reply topic.
        case ntfy(NtfyTopic)

        /// Its name in the config's `kind`.
        public var name: String {
            switch self {
            case .apprise: return "apprise"
            case .command: return "command"
            case .matrix: return "matrix"
            case .ntfy: return "ntfy"
            }
        }

        /// Whether answers can come back through it.
        public var canAnswer: Bool {
            switch self {
            case .matrix, .ntfy: return true
            case .apprise, .command: return false
            }
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

    /// Where an ntfy channel publishes, and the key that signs its answer buttons.
    public struct NtfyTopic: Sendable, Equatable {
        /// `https://host[:port]`, without a trailing slash.
        public var server: String
        /// The file holding the topic's name (a secret: whoever knows it reads and publishes).
        public var topicFile: String
        /// The file of the key that signs and checks answers, known to rituald and ritualctl only
        /// (made at first use, in the state directory).
        public var keyFile: String
        /// The key file's name in the state directory.
        public static let keyName = "ntfy.key"

        public init(server: String, topicFile: String, keyFile: String) {
            self.server = server
            self.topicFile = topicFile
            self.keyFile = keyFile
        }
    }

    /// The events a channel may be given: those of an occurrence.
    public static let deliverable: [EventKind] = [
        .fired, .headsUp, .sessionEnd, .remindedAgain, .done, .snoozed, .skipped, .missed, .heldByPause,
    ]
    /// A delivery waits this long by default before it counts as failed.
    public static let defaultTimeout = Duration.seconds(30)

    public var name: String
    public var kind: Kind
    /// What it is sent: by default the firings.
    public var events: [EventKind] = [.fired]
    /// Escalation: deliver a firing, heads-up or reminder only when the occurrence is still
    /// unanswered this long after it; answers go at once.
    public var after: Duration?
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

extension RitualsConfiguration {
    /// Keeps the keys that sign ntfy answers in `directory` (rituald's state directory).
    public mutating func keepSigningKeys(in directory: String) {
        for (name, channel) in channels {
            guard case .ntfy(var topic) = channel.kind else { continue }
            topic.keyFile = directory + "/" + Channel.NtfyTopic.keyName
            channels[name]?.kind = .ntfy(topic)
        }
    }
}
