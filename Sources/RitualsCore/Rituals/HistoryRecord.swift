/// One line of the history file: something that happened to an occurrence.
public struct HistoryRecord: Codable, Sendable, Equatable {
    /// What happened, as the journal's RITUAL_EVENT names it.
    public enum Event: String, Codable, Sendable {
        case fired, headsUp = "heads-up", sessionEnd = "session-end", remindedAgain = "reminded-again"
        case done, snoozed, skipped, missed
        /// A pause of one ritual, or of all when `ritual` is `*`; `until` its end, none: until resumed.
        case paused, resumed
    }

    /// The `ritual` of a pause or resume that concerns every ritual.
    public static let allRituals = "*"

    /// When it was recorded, microseconds since the epoch.
    public var at: Int
    public var ritual: String
    /// The occurrence's scheduled time, microseconds since the epoch.
    public var occurrence: Int
    public var event: Event
    /// For a snooze, when it fires again.
    public var until: Int?
    public var prompt: String?

    public init(at: Int, ritual: String, occurrence: Int, event: Event, until: Int? = nil, prompt: String? = nil) {
        self.at = at
        self.ritual = ritual
        self.occurrence = occurrence
        self.event = event
        self.until = until
        self.prompt = prompt
    }

    /// Folds this record into the planner's state.
    public func apply(to state: inout PlannerState) {
        let key = PlannerState.Key(ritual, occurrence)
        switch event {
        case .fired, .missed:
            state.lastHandled[ritual] = max(state.lastHandled[ritual] ?? Int.min, occurrence)
            if event == .missed { state.outcomes[key] = .missed }
            state.snoozedUntil[key] = nil
        case .done, .skipped:
            state.outcomes[key] = event == .done ? .done : .skipped
            state.snoozedUntil[key] = nil
        case .snoozed:
            state.snoozedUntil[key] = until
        case .paused:
            if ritual == HistoryRecord.allRituals {
                state.pausedUntil = until ?? Int.max
            } else {
                state.ritualPausedUntil[ritual] = until ?? Int.max
            }
        case .resumed:
            if ritual == HistoryRecord.allRituals {
                state.pausedUntil = nil
            } else {
                state.ritualPausedUntil[ritual] = nil
            }
        case .headsUp, .sessionEnd, .remindedAgain:
            break
        }
    }
}
