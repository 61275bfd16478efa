/// A span of the day such as `22:30-07:30`, in minutes after midnight; it may cross midnight.
public struct DayWindow: Sendable, Equatable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Reads `HH:MM-HH:MM`; nil when the text is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = PlainSchedule.minutes(String(parts[0]).trimmingSpaces),
            let b = PlainSchedule.minutes(String(parts[1]).trimmingSpaces)
        else { return nil }
        start = a
        end = b
    }

    /// Whether the window runs past midnight, as `22:30-07:30` does.
    public var crossesMidnight: Bool { end < start }

    /// Whether `minute` of the day lies inside (start included, end excluded).
    public func contains(minuteOfDay minute: Int) -> Bool {
        crossesMidnight ? (minute >= start || minute < end) : (minute >= start && minute < end)
    }

    public var description: String { Timestamp.clock(minuteOfDay: start) + "-" + Timestamp.clock(minuteOfDay: end) }
}
