/// A systemd calendar expression (systemd.time(7)), parsed and normalized.
///
/// Fields hold chains of values, ranges and repetitions; `nil` stands for `*`. Seconds are kept in
/// microseconds so that fractions survive. Parsing, printing and next-elapse follow systemd 252.
public struct CalendarSpec: Sendable, Equatable {
    /// One element of a field's chain: `start`, `start..stop`, `start/repeat` or `start..stop/repeat`.
    public struct Component: Sendable, Equatable, Comparable {
        public var start: Int
        /// -1 when there is no upper bound.
        public var stop: Int
        /// 0 when the value does not repeat.
        public var repeatEvery: Int
        /// Where the component began in the expression, for error messages.
        var column = 0

        public init(start: Int, stop: Int = -1, repeatEvery: Int = 0) {
            self.start = start
            self.stop = stop
            self.repeatEvery = repeatEvery
        }

        public static func == (a: Component, b: Component) -> Bool {
            a.start == b.start && a.stop == b.stop && a.repeatEvery == b.repeatEvery
        }

        public static func < (a: Component, b: Component) -> Bool {
            (a.start, a.stop, a.repeatEvery) < (b.start, b.stop, b.repeatEvery)
        }
    }

    /// The oldest and newest year an expression may name, as in systemd.
    public static let minYear = 1970
    public static let maxYear = 2199
    /// Bit set of all seven weekdays.
    static let allWeekdays = 0x7F
    /// systemd refuses chains longer than this.
    static let maxComponents = 240

    /// Bit 0 = Monday ... bit 6 = Sunday; -1 for any day.
    public var weekdays = -1
    public var year: [Component]?
    public var month: [Component]?
    public var day: [Component]?
    public var hour: [Component]?
    public var minute: [Component]?
    /// Seconds as microseconds.
    public var microsecond: [Component]?
    /// `~`: days count back from the end of the month.
    public var endOfMonth = false
    public var utc = false
    /// An explicit IANA zone, resolved.
    public var zone: Zone?
    /// 0 or 1 when the local zone's standard or daylight abbreviation was given; -1 otherwise.
    public var dst = -1
    /// The abbreviation printed for `dst`.
    public var dstAbbreviation: String?

    public init() {}

    public static func == (a: CalendarSpec, b: CalendarSpec) -> Bool {
        a.weekdays == b.weekdays && a.year == b.year && a.month == b.month && a.day == b.day
            && a.hour == b.hour && a.minute == b.minute && a.microsecond == b.microsecond
            && a.endOfMonth == b.endOfMonth && a.utc == b.utc && a.zone?.name == b.zone?.name
            && a.dst == b.dst
    }

    /// Whether there is a year beyond which the expression never elapses.
    public var timezoneName: String? { utc ? "UTC" : zone?.name }
}
