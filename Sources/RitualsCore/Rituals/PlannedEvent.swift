/// Something the daemon will do at a moment: notify ahead, fire, end a session, remind again.
public struct PlannedEvent: Sendable, Equatable {
    /// One of ``EventKind/planned``.
    public var kind: EventKind
    public var ritualID: String
    public var title: String
    /// When it happens, in microseconds since the epoch.
    public var at: Int
    /// The occurrence it belongs to (its time before windows, quiet hours and snoozes moved it).
    public var occurrence: Int
    /// When that occurrence fires (or fires again, after a snooze): `at` for a firing, later for
    /// its heads-up, earlier for its session end and reminders.
    public var firesAt: Int
    public var prompt: String?

    public init(
        kind: EventKind, ritualID: String, title: String, at: Int, occurrence: Int, firesAt: Int? = nil,
        prompt: String?
    ) {
        self.kind = kind
        self.ritualID = ritualID
        self.title = title
        self.at = at
        self.occurrence = occurrence
        self.firesAt = firesAt ?? at
        self.prompt = prompt
    }
}
