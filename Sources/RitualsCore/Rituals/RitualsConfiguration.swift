/// Everything the config file says: settings, channels and rituals, validated.
public struct RitualsConfiguration: Sendable {
    /// `[settings]`.
    public struct Settings: Sendable {
        /// IANA zone name; nil for the system's zone.
        public var timezone: String?
        public var partner = "your partner"
        public var quietHours: DayWindow? = DayWindow(start: 22 * 60 + 30, end: 7 * 60 + 30)
        /// Microseconds.
        public var catchUp = 12 * 3_600_000_000
        public var channels = ["desktop"]

        public init() {}
    }

    /// `[channels.desktop]`.
    public struct Desktop: Sendable {
        public enum Button: String, Sendable, CaseIterable {
            case done, snooze, skip
        }

        public var urgency = Urgency.normal
        /// Microseconds; nil for "never".
        public var expire: Int?
        public var icon = "emblem-favorite"
        public var buttons = Button.allCases
        /// Microseconds.
        public var snooze = 10 * 60_000_000

        public init() {}
    }

    public var settings = Settings()
    public var desktop = Desktop()
    /// Other `[channels.NAME]` tables by name, with their `kind`.
    public var otherChannels: [String: String] = [:]
    public var rituals: [Ritual] = []

    public init() {}
}
