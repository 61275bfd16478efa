/// One line of the history file: something that happened to an occurrence.
public struct HistoryRecord: Codable, Sendable, Equatable {
    /// The `ritual` of a pause or resume that concerns every ritual.
    public static let allRituals = "*"

    /// When it was recorded, microseconds since the epoch.
    public var at: Int
    public var ritual: String
    /// The occurrence's scheduled time, microseconds since the epoch; for a pause, when it began.
    public var occurrence: Int
    /// One of the kinds that ``EventKind/isRecorded``.
    public var event: EventKind
    /// For a snooze, when it fires again; for a pause, when it ends (none: until resumed).
    public var until: Int?
    public var prompt: String?
    /// Who answered, when it was another person (heard through the shared folder); nil for this
    /// computer's person.
    public var by: String?
    /// For an escalation, the channel it went to.
    public var channel: String?

    public init(
        at: Int, ritual: String, occurrence: Int, event: EventKind, until: Int? = nil, prompt: String? = nil,
        by: String? = nil, channel: String? = nil
    ) {
        self.at = at
        self.ritual = ritual
        self.occurrence = occurrence
        self.event = event
        self.until = until
        self.prompt = prompt
        self.by = by
        self.channel = channel
    }

    /// Folds this record into the planner's state.
    public func apply(to state: inout PlannerState) {
        let key = PlannerState.Key(ritual, occurrence)
        if let by {
            state.hear(key, by: by, PlannerState.Answer(kind: event, until: until, at: at))
            return
        }
        if PlannerState.answerKinds.contains(event) { state.ownAnswers += 1 }
        switch event {
        case .fired, .missed, .heldByPause:
            state.lastHandled[ritual] = max(state.lastHandled[ritual] ?? Int.min, occurrence)
            if event != .fired { state.outcomes[key] = event }
            state.snoozedUntil[key] = nil
            if state.others[key] != nil { state.forgetSnoozes(key) }
        case .done, .skipped:
            state.outcomes[key] = event
            state.snoozedUntil[key] = nil
        case .snoozed:
            state.snoozedUntil[key] = until
        case .paused:
            if ritual == HistoryRecord.allRituals {
                state.pause = Pause(until: until)
            } else {
                state.ritualPauses[ritual] = Pause(until: until)
            }
        case .resumed:
            if ritual == HistoryRecord.allRituals {
                state.pause = nil
            } else {
                state.ritualPauses[ritual] = nil
            }
        case .headsUp, .sessionEnd, .remindedAgain, .reloaded, .configError, .deliveryFailed, .sent, .caughtUp,
            .dropped, .escalated:
            break
        }
    }
}
