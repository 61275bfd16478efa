import FoundationEssentials
import RitualsCore

/// `state.json`: the planner's state as of some length of the history file, so that a start
/// replays only what came after. Losing it loses nothing: the history rebuilds it.
struct StateSnapshot: Codable, Equatable {
    /// One occurrence's answer or snooze.
    struct Mark: Codable, Equatable {
        var ritual: String
        var occurrence: Instant
        var outcome: EventKind?
        var until: Instant?
        /// The other people's answers, by name.
        var others: [String: PlannerState.HeardAnswer]?
    }

    /// 2: pauses as ``Pause`` values (1 wrote "until resumed" as the largest integer); 3: the
    /// other people's answers; 4: every kind of answer heard from each of them; 5: when each
    /// ritual's latest occurrence fired.
    static let currentVersion = 5
    var version = StateSnapshot.currentVersion
    /// Bytes of history.jsonl already folded in.
    var historyBytes: Int
    var lastHandled: [String: Instant]
    var lastFiredAt: [String: Instant]?
    var marks: [Mark]
    var pause: Pause?
    var ritualPauses: [String: Pause]
    var ownAnswers: Int?

    /// Marks older than this before the newest handled occurrence are left out: the planner
    /// never looks that far back, and the history keeps them.
    static let keep = Duration.days(400)

    init(_ state: PlannerState, historyBytes: Int) {
        self.historyBytes = historyBytes
        lastHandled = state.lastHandled
        lastFiredAt = state.lastFiredAt
        pause = state.pause
        ritualPauses = state.ritualPauses
        ownAnswers = state.ownAnswers
        let horizon = (state.lastHandled.values.max() ?? .epoch) - StateSnapshot.keep
        var marks: [OccurrenceID: Mark] = [:]
        func mark(_ key: OccurrenceID) -> Mark { marks[key] ?? Mark(ritual: key.ritual, occurrence: key.scheduled) }
        for (key, outcome) in state.outcomes where key.scheduled >= horizon {
            marks[key] = Mark(ritual: key.ritual, occurrence: key.scheduled, outcome: outcome)
        }
        for (key, until) in state.snoozedUntil {
            var m = mark(key)
            m.until = until
            marks[key] = m
        }
        for (key, answers) in state.others where key.scheduled >= horizon {
            var m = mark(key)
            m.others = answers
            marks[key] = m
        }
        self.marks = marks.values.sorted { ($0.occurrence, $0.ritual) < ($1.occurrence, $1.ritual) }
    }

    /// The planner's state this snapshot holds.
    var state: PlannerState {
        var s = PlannerState()
        s.lastHandled = lastHandled
        s.lastFiredAt = lastFiredAt ?? [:]
        s.pause = pause
        s.ritualPauses = ritualPauses
        s.ownAnswers = ownAnswers ?? 0
        for m in marks {
            let key = OccurrenceID(m.ritual, m.occurrence)
            if let o = m.outcome { s.outcomes[key] = o }
            if let u = m.until { s.snoozedUntil[key] = u }
            if let o = m.others { s.others[key] = o }
        }
        return s
    }

    /// Whether `data` is a snapshot of an older version, which is not read: the state is rebuilt
    /// from the whole history instead.
    static func isOlder(_ data: Data) -> Bool {
        struct Version: Decodable { var version: Int }
        guard let v = try? JSONDecoder().decode(Version.self, from: data) else { return false }
        return v.version < currentVersion
    }
}
