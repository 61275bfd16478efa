/// Something the daemon will do at a moment: notify ahead, fire, end a session, remind again.
public struct PlannedEvent: Sendable, Equatable {
    /// One of ``EventKind/planned``.
    public var kind: EventKind
    public var ritualID: String
    public var title: String
    /// When it happens.
    public var at: Instant
    /// The scheduled time of the occurrence it belongs to (before windows, quiet hours and snoozes
    /// moved it).
    public var occurrence: Instant
    /// When that occurrence fires (or fires again, after a snooze): `at` for a firing, later for
    /// its heads-up, earlier for its session end and reminders.
    public var firesAt: Instant
    public var prompt: String?

    public init(
        kind: EventKind, ritualID: String, title: String, at: Instant, occurrence: Instant, firesAt: Instant? = nil,
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

    /// The occurrence it belongs to.
    public var id: OccurrenceID { OccurrenceID(ritualID, occurrence) }
}
