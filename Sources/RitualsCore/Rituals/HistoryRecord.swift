/// One line of the history file: something that happened to an occurrence.
public struct HistoryRecord: Sendable, Equatable {
    /// The `ritual` of a pause or resume that concerns every ritual.
    public static let allRituals = "*"

    /// When it was recorded (an answer of another person: when they gave it).
    public var at: Instant
    public var ritual: String
    /// The occurrence's scheduled time; for a pause, when it began.
    public var occurrence: Instant
    /// One of the kinds that ``EventKind/isRecorded``.
    public var event: EventKind
    /// For a snooze, when it fires again; for a pause, when it ends (none: until resumed).
    public var until: Instant?
    public var prompt: String?
    /// Who answered (for an answer): this computer's person, or another heard from outside.
    public var by: Person
    /// For an escalation, the channel it went to; for an answer from a phone, the channel it came
    /// back through.
    public var channel: String?
    /// For a notification held back, why (`do-not-disturb`).
    public var reason: String?

    public init(
        at: Instant, ritual: String, occurrence: Instant, event: EventKind, until: Instant? = nil,
        prompt: String? = nil, by: Person = .me, channel: String? = nil, reason: String? = nil
    ) {
        self.at = at
        self.ritual = ritual
        self.occurrence = occurrence
        self.event = event
        self.until = until
        self.prompt = prompt
        self.by = by
        self.channel = channel
        self.reason = reason
    }

    /// The occurrence it is about.
    public var id: OccurrenceID { OccurrenceID(ritual, occurrence) }

    /// The answer it records, for a done, snooze or skip.
    public var answer: Answer? { Answer(kind: event, until: until) }

    /// Folds this record into the planner's state.
    public func apply(to state: inout PlannerState) {
        let key = id
        if let name = by.other {
            if let answer { state.hear(key, by: name, PlannerState.HeardAnswer(answer, at: at)) }
            return
        }
        if Answer.kinds.contains(event) { state.ownAnswers += 1 }
        switch event {
        case .fired, .missed, .heldByPause:
            if occurrence >= state.lastHandled[ritual] ?? occurrence {
                if event == .fired {
                    // Fired again (by hand, or a snooze's end): the first time counts.
                    let again = state.lastHandled[ritual] == occurrence ? state.lastFiredAt[ritual] : nil
                    state.lastFiredAt[ritual] = min(again ?? at, at)
                } else {
                    state.lastFiredAt[ritual] = nil
                }
                state.lastHandled[ritual] = occurrence
            }
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
            .dropped, .escalated, .held, .noted:
            break
        }
    }
}

/// The file's format: times as microseconds, `by` only for another person's answer.
extension HistoryRecord: Codable {
    enum CodingKeys: String, CodingKey {
        case at, ritual, occurrence, event, until, prompt, by, channel, reason
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        at = try c.decode(Instant.self, forKey: .at)
        ritual = try c.decode(String.self, forKey: .ritual)
        occurrence = try c.decode(Instant.self, forKey: .occurrence)
        event = try c.decode(EventKind.self, forKey: .event)
        until = try c.decodeIfPresent(Instant.self, forKey: .until)
        prompt = try c.decodeIfPresent(String.self, forKey: .prompt)
        by = try c.decodeIfPresent(String.self, forKey: .by).map(Person.named) ?? .me
        channel = try c.decodeIfPresent(String.self, forKey: .channel)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(at, forKey: .at)
        try c.encode(ritual, forKey: .ritual)
        try c.encode(occurrence, forKey: .occurrence)
        try c.encode(event, forKey: .event)
        try c.encodeIfPresent(until, forKey: .until)
        try c.encodeIfPresent(prompt, forKey: .prompt)
        try c.encodeIfPresent(by.other, forKey: .by)
        try c.encodeIfPresent(channel, forKey: .channel)
        try c.encodeIfPresent(reason, forKey: .reason)
    }
}
