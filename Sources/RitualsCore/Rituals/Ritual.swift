/// One ritual of the config: what it is, when it happens, and how it reminds.
public struct Ritual: Sendable {
    /// What to do when an occurrence falls in the quiet hours.
    public enum QuietHoursPolicy: String, Sendable, CaseIterable {
        case `defer`, drop, ignore
    }

    /// Whose confirmation an occurrence needs (`ack`): one person's, or everyone's in `people`.
    public enum Ack: String, Sendable, CaseIterable {
        case either, both
    }

    public var id: String
    public var title: String
    public var practice: Practice?
    public var schedule: Schedule
    public var prompts: [String] = []
    /// A guided session with a second notification at its end.
    public var duration: Duration?
    /// How long before each occurrence a notice comes.
    public var headsUp: Duration?
    public var window: DayWindow?
    /// Days (since 1970-01-01) without an occurrence.
    public var skip: [Int] = []
    /// First and last day (since 1970-01-01).
    public var from: Int?
    public var until: Int?
    public var catchUp: Duration?
    public var remindAgain: Duration?
    public var remindAgainLimit: Int?
    public var quietHours: QuietHoursPolicy = .defer
    public var channels: [String]?
    public var urgency: Urgency?
    public var enabled = true
    /// Whether its notifications wait while its person asked not to be disturbed (`hold`).
    public var hold = true
    public var ack: Ack = .either
    /// Whether each person writes a note to its prompt (`notes`), and how the others see it; nil:
    /// no notes.
    public var notes: NotesMode?

    public init(id: String, title: String, schedule: Schedule) {
        self.id = id
        self.title = title
        self.schedule = schedule
    }
}

/// How a ritual's notes are shared: `sealed`, kept unseen until every person of the couple wrote
/// one to the same occurrence; `open`, shown to the others as soon as written.
public enum NotesMode: String, Sendable, CaseIterable, Codable {
    case sealed, open
}

/// Notification urgency, as the desktop notification specification names it.
public enum Urgency: String, Sendable, CaseIterable {
    case low, normal, critical
}

/// The ten practices the built-in rituals come from (seeds/practices.md).
public enum Practice: String, Sendable, CaseIterable {
    case lookInward = "look-inward"
    case relationalInventory = "relational-inventory"
    case spiritualConnection = "spiritual-connection"
    case selfCare = "self-care"
    case bePresent = "be-present"
    case eyeContact = "eye-contact"
    case timeTogether = "time-together"
    case dailyCheckIn = "daily-check-in"
    case loveLanguages = "love-languages"
    case getVulnerable = "get-vulnerable"
}
