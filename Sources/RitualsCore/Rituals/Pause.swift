/// A pause of one ritual or of all of them: until a time, or until `ritualctl resume`.
public struct Pause: Sendable, Equatable, Codable {
    /// When it ends by itself, microseconds since the epoch; nil: it lasts until resumed.
    public var until: Int?

    public init(until: Int?) { self.until = until }

    /// Whether it still holds events back at `time`.
    public func holds(at time: Int) -> Bool { until.map { time < $0 } ?? true }

    /// "until resumed", or "until Fri 2026-12-04 10:00:00 CET" in `zone`.
    public func end(in zone: Zone) -> String {
        until.map { "until \(Timestamp.systemd($0, in: zone))" } ?? "until resumed"
    }
}
