import FoundationEssentials
import RitualsCore

/// `state.json`: the planner's state as of some length of the history file, so that a start
/// replays only what came after. Losing it loses nothing: the history rebuilds it.
struct StateSnapshot: Codable, Equatable {
    /// One occurrence's answer or snooze.
    struct Mark: Codable, Equatable {
        var ritual: String
        var occurrence: Int
        var outcome: EventKind?
        var until: Int?
        /// The other people's answers, by name.
        var others: [String: PlannerState.Answer]?
    }

    /// 2: pauses as ``Pause`` values (1 wrote "until resumed" as the largest integer); 3: the
    /// other people's answers; 4: every kind of answer heard from each of them.
    static let currentVersion = 4
    var version = StateSnapshot.currentVersion
    /// Bytes of history.jsonl already folded in.
    var historyBytes: Int
    var lastHandled: [String: Int]
    var marks: [Mark]
    var pause: Pause?
    var ritualPauses: [String: Pause]
    var ownAnswers: Int?

    /// Marks older than this before the newest handled occurrence are left out: the planner
    /// never looks that far back, and the history keeps them.
    static let keep = 400 * Microseconds.day

    init(_ state: PlannerState, historyBytes: Int) {
        self.historyBytes = historyBytes
        lastHandled = state.lastHandled
        pause = state.pause
        ritualPauses = state.ritualPauses
        ownAnswers = state.ownAnswers
        let horizon = (state.lastHandled.values.max() ?? 0) - StateSnapshot.keep
        var marks: [String: Mark] = [:]
        for (key, outcome) in state.outcomes where key.occurrence >= horizon {
            marks["\(key.ritualID)@\(key.occurrence)"] = Mark(
                ritual: key.ritualID, occurrence: key.occurrence, outcome: outcome)
        }
        for (key, until) in state.snoozedUntil {
            marks["\(key.ritualID)@\(key.occurrence)", default: Mark(ritual: key.ritualID, occurrence: key.occurrence)]
                .until = until
        }
        for (key, answers) in state.others where key.occurrence >= horizon {
            marks["\(key.ritualID)@\(key.occurrence)", default: Mark(ritual: key.ritualID, occurrence: key.occurrence)]
                .others = answers
        }
        self.marks = marks.values.sorted { ($0.occurrence, $0.ritual) < ($1.occurrence, $1.ritual) }
    }

    /// The planner's state this snapshot holds.
    var state: PlannerState {
        var s = PlannerState()
        s.lastHandled = lastHandled
        s.pause = pause
        s.ritualPauses = ritualPauses
        s.ownAnswers = ownAnswers ?? 0
        for m in marks {
            let key = PlannerState.Key(m.ritual, m.occurrence)
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
