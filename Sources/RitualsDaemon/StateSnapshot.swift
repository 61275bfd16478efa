import RitualsCore

/// `state.json`: the planner's state as of some length of the history file, so that a start
/// replays only what came after. Losing it loses nothing: the history rebuilds it.
struct StateSnapshot: Codable, Equatable {
    /// One occurrence's answer or snooze.
    struct Mark: Codable, Equatable {
        var ritual: String
        var occurrence: Int
        var outcome: String?
        var until: Int?
    }

    static let currentVersion = 1
    var version = StateSnapshot.currentVersion
    /// Bytes of history.jsonl already folded in.
    var historyBytes: Int
    var lastHandled: [String: Int]
    var marks: [Mark]
    var pausedUntil: Int?
    var ritualPausedUntil: [String: Int]

    /// Marks older than this before the newest handled occurrence are left out: the planner
    /// never looks that far back, and the history keeps them.
    static let keep = 400 * 86_400_000_000

    init(_ state: PlannerState, historyBytes: Int) {
        self.historyBytes = historyBytes
        lastHandled = state.lastHandled
        pausedUntil = state.pausedUntil
        ritualPausedUntil = state.ritualPausedUntil
        let horizon = (state.lastHandled.values.max() ?? 0) - StateSnapshot.keep
        var marks: [String: Mark] = [:]
        for (key, outcome) in state.outcomes where key.occurrence >= horizon {
            marks["\(key.ritualID)@\(key.occurrence)"] = Mark(
                ritual: key.ritualID, occurrence: key.occurrence, outcome: outcome.rawValue)
        }
        for (key, until) in state.snoozedUntil {
            marks["\(key.ritualID)@\(key.occurrence)", default: Mark(ritual: key.ritualID, occurrence: key.occurrence)]
                .until = until
        }
        self.marks = marks.values.sorted { ($0.occurrence, $0.ritual) < ($1.occurrence, $1.ritual) }
    }

    /// The planner's state this snapshot holds.
    var state: PlannerState {
        var s = PlannerState()
        s.lastHandled = lastHandled
        s.pausedUntil = pausedUntil
        s.ritualPausedUntil = ritualPausedUntil
        for m in marks {
            let key = PlannerState.Key(m.ritual, m.occurrence)
            if let o = m.outcome.flatMap(Outcome.init(rawValue:)) { s.outcomes[key] = o }
            if let u = m.until { s.snoozedUntil[key] = u }
        }
        return s
    }
}
