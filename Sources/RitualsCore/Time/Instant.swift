/// A moment: whole microseconds since the epoch (1970-01-01 00:00:00 UTC). Every time rituald
/// plans, records, shares or shows is one; spans between them are Swift's `Duration`. On disk and
/// on the wire an instant is its plain number of microseconds, as it always was.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since the epoch; the schedule engine counts in these.
    public var microseconds: Int

    public init(microseconds: Int) { self.microseconds = microseconds }

    /// The first instant of a whole second since the epoch.
    public init(seconds: Int) { microseconds = seconds * Microseconds.second }

    /// The epoch itself.
    public static let epoch = Instant(microseconds: 0)

    /// Whole seconds since the epoch, rounded down (also before 1970).
    public var wholeSeconds: Int { Microseconds.wholeSeconds(microseconds) }

    /// This instant cut to its whole second.
    public var truncatedToSecond: Instant { Instant(seconds: wholeSeconds) }

    public static func < (a: Instant, b: Instant) -> Bool { a.microseconds < b.microseconds }

    public static func + (a: Instant, span: Duration) -> Instant {
        Instant(microseconds: a.microseconds + span.microseconds)
    }

    public static func - (a: Instant, span: Duration) -> Instant {
        Instant(microseconds: a.microseconds - span.microseconds)
    }

    /// The span from `b` to `a`.
    public static func - (a: Instant, b: Instant) -> Duration { .microseconds(a.microseconds - b.microseconds) }

    public static func += (a: inout Instant, span: Duration) { a = a + span }

    /// The instant `milliseconds` after the epoch, or nil when it lies beyond what rituald can
    /// count (a number from outside, taken without trapping).
    public static func checked(milliseconds: Int) -> Instant? {
        let (usec, overflow) = milliseconds.multipliedReportingOverflow(by: 1000)
        return overflow ? nil : Instant(microseconds: usec)
    }

    /// The instant `seconds` after the epoch, or nil when it lies beyond what rituald can count.
    public static func checked(seconds: Int) -> Instant? {
        let (usec, overflow) = seconds.multipliedReportingOverflow(by: Microseconds.second)
        return overflow ? nil : Instant(microseconds: usec)
    }

    /// `self + span`, or nil when that would leave the range rituald can count in (a value from
    /// outside, added without trapping).
    public func adding(_ span: Duration) -> Instant? {
        let (s, a) = span.components
        let (whole, o1) = s.multipliedReportingOverflow(by: Int64(Microseconds.second))
        let (usec, o2) = whole.addingReportingOverflow(a / 1_000_000_000_000)
        let (sum, o3) = microseconds.addingReportingOverflow(Int(usec))
        return o1 || o2 || o3 ? nil : Instant(microseconds: sum)
    }

    /// "@1765000000.000000", for debugging; people see ``systemd(in:)`` or ``iso8601(in:)``.
    public var description: String { "@\(microseconds)µs" }

    /// As systemd writes a time: `Mon 2026-12-07 21:00:00 CET`, in `zone`.
    public func systemd(in zone: Zone) -> String { Timestamp.systemd(self, in: zone) }

    /// ISO 8601 with the zone's offset: `2026-12-07T21:00:00+01:00`.
    public func iso8601(in zone: Zone) -> String { Timestamp.iso8601(self, in: zone) }
}

extension Instant: Codable {
    public init(from decoder: any Decoder) throws {
        microseconds = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(microseconds)
    }
}
