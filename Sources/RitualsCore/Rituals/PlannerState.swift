/// What the planner needs to know about the past: handled occurrences, answers, snoozes, pauses.
public struct PlannerState: Sendable, Equatable {
    /// The latest occurrence of each ritual that was fired or recorded as missed.
    public var lastHandled: [String: Instant] = [:]
    /// When each ritual's latest handled occurrence fired here (by its schedule or by hand); none
    /// when it was missed or held by a pause.
    public var lastFiredAt: [String: Instant] = [:]
    /// What became of occurrences here: done, skipped, missed or held by a pause.
    public var outcomes: [OccurrenceID: EventKind] = [:]
    /// This person's snoozes and when each fires again.
    public var snoozedUntil: [OccurrenceID: Instant] = [:]
    /// The pause of every ritual.
    public var pause: Pause?
    /// Pauses of single rituals, by id.
    public var ritualPauses: [String: Pause] = [:]
    /// The answers of the other people (see PlannerState+Others), by occurrence and name.
    public var others: [OccurrenceID: [String: HeardAnswer]] = [:]
    /// How many answers (done, snoozed, skipped) this computer's person gave: the shared folder
    /// should hold as many of theirs.
    public var ownAnswers = 0

    public init() {}

    /// Whether events of `ritualID` at `time` are held back by a pause.
    public func isPaused(_ ritualID: String, at time: Instant) -> Bool {
        pause?.holds(at: time) == true || ritualPauses[ritualID]?.holds(at: time) == true
    }
}
