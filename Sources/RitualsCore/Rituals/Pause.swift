/// A pause of one ritual or of all of them: until a time, or until `ritualctl resume`.
public struct Pause: Sendable, Equatable, Codable {
    /// When it ends by itself; nil: it lasts until resumed.
    public var until: Instant?

    public init(until: Instant?) { self.until = until }

    /// Whether it still holds events back at `time`.
    public func holds(at time: Instant) -> Bool { until.map { time < $0 } ?? true }

    /// "until resumed", or "until Fri 2026-12-04 10:00:00 CET" in `zone`.
    public func end(in zone: Zone) -> String {
        until.map { "until \($0.systemd(in: zone))" } ?? "until resumed"
    }
}
