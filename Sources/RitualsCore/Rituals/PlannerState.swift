/// What the planner needs to know about the past: handled occurrences, answers, snoozes, pauses.
///
/// Occurrences are named by ritual id and their scheduled time (microseconds since the epoch).
public struct PlannerState: Sendable, Equatable {
    /// One occurrence of one ritual.
    public struct Key: Hashable, Sendable {
        public var ritualID: String
        public var occurrence: Int

        public init(_ ritualID: String, _ occurrence: Int) {
            self.ritualID = ritualID
            self.occurrence = occurrence
        }
    }

    /// The latest occurrence of each ritual that was fired or recorded as missed.
    public var lastHandled: [String: Int] = [:]
    /// Answers given to occurrences: done, skipped or missed.
    public var outcomes: [Key: EventKind] = [:]
    /// Snoozed occurrences and when they fire again.
    public var snoozedUntil: [Key: Int] = [:]
    /// The pause of every ritual.
    public var pause: Pause?
    /// Pauses of single rituals, by id.
    public var ritualPauses: [String: Pause] = [:]
    /// The answers of the other people (see PlannerState+Others), by occurrence and person.
    public var others: [Key: [String: Answer]] = [:]
    /// How many answers (done, snoozed, skipped) this computer's person gave: the shared folder
    /// should hold as many of theirs.
    public var ownAnswers = 0

    public init() {}

    /// Whether events of `ritualID` at `time` are held back by a pause.
    public func isPaused(_ ritualID: String, at time: Int) -> Bool {
        pause?.holds(at: time) == true || ritualPauses[ritualID]?.holds(at: time) == true
    }
}
