import RitualsCore

/// What a request may ask for, checked by ritualctl before sending and by rituald again on
/// receipt (a request outside them is refused, never clamped).
public enum ControlLimits {
    /// `skip --count`.
    public static let skipCount = 1...1000
    /// `next --days`.
    public static let agendaDays = 1...3660
    /// `next --count`.
    public static let agendaCount = 1...10_000
    /// Days an agenda covers when neither `--days` nor `--count` is given.
    public static let defaultAgendaDays = 7
    /// A snooze: a second to a year.
    public static let snooze = Duration.seconds(1)...Duration.days(366)
    /// The shortest `pause --for`.
    public static let shortestPause = Duration.seconds(1)
    /// The longest `pause --for`: longer pauses are until resumed.
    public static let longestPause = Duration.days(3660)

    /// Why `value` is refused for `option`, or nil when it is inside `range`.
    public static func refusal(_ option: String, _ value: Int, _ range: ClosedRange<Int>) -> String? {
        range.contains(value) ? nil : "\(option) must be between \(range.lowerBound) and \(range.upperBound)"
    }
}
