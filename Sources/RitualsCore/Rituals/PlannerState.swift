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
    /// Answers given to occurrences.
    public var outcomes: [Key: Outcome] = [:]
    /// Occurrences to skip before they happen (`ritualctl skip`).
    public var skipped: Set<Key> = []
    /// Snoozed occurrences and when they fire again.
    public var snoozedUntil: [Key: Int] = [:]
    /// Everything paused until this time (Int.max: until resumed).
    public var pausedUntil: Int?
    /// Single rituals paused until a time.
    public var ritualPausedUntil: [String: Int] = [:]

    public init() {}

    /// Whether events of `ritualID` at `time` are held back by a pause.
    public func isPaused(_ ritualID: String, at time: Int) -> Bool {
        if let until = pausedUntil, time < until { return true }
        if let until = ritualPausedUntil[ritualID], time < until { return true }
        return false
    }
}
