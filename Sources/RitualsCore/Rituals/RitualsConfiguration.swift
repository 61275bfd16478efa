/// Everything the config file says: settings, channels and rituals, validated.
public struct RitualsConfiguration: Sendable {
    /// `[settings]`.
    public struct Settings: Sendable {
        /// The zone of `timezone`, resolved; nil for the system's zone.
        public var zone: Zone?
        public var partner = "your partner"
        public var quietHours: DayWindow? = DayWindow(start: 22 * 60 + 30, end: 7 * 60 + 30)
        public var catchUp = Duration.hours(12)
        public var channels = ["desktop"]
        /// `people`: who keeps the rituals, this computer's person (`me`) among them.
        public var people: [String] = []
        public var me: String?
        /// `shared_dir`, `~` expanded: the folder where each person's answers meet.
        public var sharedDirectory: String?

        public init() {}

        /// The people other than `me`.
        public var others: [String] { people.filter { $0 != me } }

        /// Names as said in a sentence: "Sam", "Sam and Kim", "Sam, Kim and Lou".
        public static func spoken(_ names: [String]) -> String {
            guard names.count > 1 else { return names.first ?? "" }
            return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
        }
    }

    /// `[channels.desktop]`.
    public struct Desktop: Sendable {
        /// A notification button and the answer it gives.
        public enum Button: String, Sendable, CaseIterable {
            case done, snooze, skip

            /// The event a press records.
            public var answer: EventKind {
                switch self {
                case .done: return .done
                case .snooze: return .snoozed
                case .skip: return .skipped
                }
            }
        }

        public var urgency = Urgency.normal
        /// Nil for "never".
        public var expire: Duration?
        public var icon = "emblem-favorite"
        public var buttons = Button.allCases
        public var snooze = Duration.minutes(10)
        /// `hold`: what keeps a ritual's notification back until it ends (by default Do Not
        /// Disturb and a locked screen).
        public var hold: [HoldReason] = [.doNotDisturb, .locked]
        /// `away_after`: how long without input counts as away (for `hold` and `when = "away"`).
        public var awayAfter = Duration.minutes(10)

        public init() {}
    }

    public var settings = Settings()
    public var desktop = Desktop()
    /// The `[channels.NAME]` tables other than the desktop, by name.
    public var channels: [String: Channel] = [:]
    public var rituals: [Ritual] = []
    /// What the file allows but probably does not mean, one line each (`warning: FILE:LINE:…`).
    public var warnings: [String] = []

    public init() {}

    /// The name of the built-in channel: desktop notifications.
    public static let desktopChannel = "desktop"

    /// How late an occurrence of `ritual` may still fire: its own `catch_up`, else the settings'.
    public func catchUp(of ritual: Ritual) -> Duration { ritual.catchUp ?? settings.catchUp }

    /// The channels `ritual` uses: its own list, else the settings'.
    public func channels(of ritual: Ritual) -> [String] { ritual.channels ?? settings.channels }
}
