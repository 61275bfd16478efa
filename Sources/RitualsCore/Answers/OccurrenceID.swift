/// One occurrence of one ritual, named the same on every computer and in every file: the ritual's
/// id and the instant its schedule gives it (before a window, quiet hours or a snooze move it).
public struct OccurrenceID: Hashable, Sendable, CustomStringConvertible {
    public var ritual: String
    public var scheduled: Instant

    public init(_ ritual: String, _ scheduled: Instant) {
        self.ritual = ritual
        self.scheduled = scheduled
    }

    public var description: String { "\(ritual)@\(scheduled.microseconds)" }
}
