/// A request to rituald: one JSON object on one line.
public struct ControlRequest: Codable, Sendable, Equatable {
    /// What is asked.
    public enum Command: String, Codable, Sendable, CaseIterable {
        case status, list, next, show, fire, done, snooze, skip, pause, resume, reload
    }

    public var command: Command
    /// The ritual, for commands about one.
    public var id: String?
    /// `next --count`, `skip --count`.
    public var count: Int?
    /// `next --days`.
    public var days: Int?
    /// A duration in systemd's time span syntax: `snooze`'s, `pause --for`.
    public var duration: String?
    /// A time: `pause --until`.
    public var until: String?

    public init(
        _ command: Command, id: String? = nil, count: Int? = nil, days: Int? = nil, duration: String? = nil,
        until: String? = nil
    ) {
        self.command = command
        self.id = id
        self.count = count
        self.days = days
        self.duration = duration
        self.until = until
    }
}
