import RitualsCore

/// What rituald keeps of the other people's answers besides the state: when each was last
/// heard, the answers that wait for their occurrence to come, and the lines refused since they
/// were last journaled (each person's at most once a minute, with the first reason).
struct HeardAnswers {
    /// The time of the newest answer recorded from each person (never one still to come).
    private(set) var lastHeard: [String: Int] = [:]
    /// Answers to occurrences not yet due here, oldest first.
    private(set) var waiting: [SharedAnswer] = []
    private var refused: [String: SharedFolder.Refusals] = [:]
    private var lastSaid: [String: Int] = [:]
    /// Answers kept waiting at most; beyond, the oldest are dropped.
    static let maxWaiting = 1000
    /// Refusals of one person are journaled at most this often.
    static let refusalInterval = Microseconds.minute

    mutating func recorded(_ answer: SharedAnswer) {
        lastHeard[answer.by] = max(lastHeard[answer.by] ?? Int.min, answer.at)
    }

    mutating func wait(_ answer: SharedAnswer) {
        guard !waiting.contains(answer) else { return }
        waiting.append(answer)
        if waiting.count > HeardAnswers.maxWaiting { waiting.removeFirst(waiting.count - HeardAnswers.maxWaiting) }
    }

    /// The waiting answers, to be looked at again.
    mutating func takeWaiting() -> [SharedAnswer] {
        defer { waiting = [] }
        return waiting
    }

    mutating func refuse(_ person: String, _ refusals: SharedFolder.Refusals) {
        guard refusals.count > 0 else { return }
        var sum = refused[person] ?? SharedFolder.Refusals()
        if sum.count == 0 { sum.first = refusals.first }
        sum.count += refusals.count
        refused[person] = sum
    }

    /// The refusals to journal at `now` (each person's once a minute at most), and when the
    /// rest may be journaled.
    mutating func refusalsToTell(now: Int) -> (tell: [(String, SharedFolder.Refusals)], next: Int?) {
        var tell: [(String, SharedFolder.Refusals)] = []
        var next: Int?
        for (person, refusals) in refused.sorted(by: { $0.key < $1.key }) {
            let allowed = (lastSaid[person] ?? Int.min / 2) + HeardAnswers.refusalInterval
            if allowed <= now {
                tell.append((person, refusals))
                lastSaid[person] = now
                refused[person] = nil
            } else {
                next = min(next ?? allowed, allowed)
            }
        }
        return (tell, next)
    }
}
