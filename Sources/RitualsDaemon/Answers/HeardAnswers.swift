import RitualsCore

/// What rituald keeps of the answers from outside besides the state: when each other person was
/// last heard, the answers that wait for their occurrence to come, the occurrences the others'
/// computers fired by hand, and the lines refused since they were last journaled (each file's at
/// most once a minute, with the first reason). Kept in memory: the shared folder is read from its
/// start at every start.
struct HeardAnswers {
    /// The time of the newest answer recorded from each person (never one still to come).
    private(set) var lastHeard: [String: Instant] = [:]
    /// Answers to occurrences not yet due here, oldest first.
    private(set) var waiting: [GivenAnswer] = []
    /// When the occurrences another person's computer fired by hand fired there (the earliest
    /// time heard), and in which order they were heard.
    private(set) var firedThere: [OccurrenceID: Instant] = [:]
    private var firedOrder: [OccurrenceID] = []
    private var refused: [String: Refusals] = [:]
    private var lastSaid: [String: Instant] = [:]
    /// Answers kept waiting at most, and firings by hand remembered; beyond, the oldest are
    /// dropped.
    static let maxWaiting = 1000
    /// Refusals of one file are journaled at most this often.
    static let refusalInterval = Duration.minutes(1)

    /// Lines or answers refused from one source: how many, and why the first was.
    struct Refusals: Equatable, Sendable {
        var count = 0
        var first = ""

        mutating func add(_ reason: String) { add(Refusals(count: 1, first: reason)) }

        mutating func add(_ more: Refusals) {
            guard more.count > 0 else { return }
            if count == 0 { first = more.first }
            count += more.count
        }
    }

    mutating func recorded(_ answer: GivenAnswer) {
        guard let name = answer.by.other else { return }
        lastHeard[name] = max(lastHeard[name] ?? answer.at, answer.at)
    }

    mutating func wait(_ answer: GivenAnswer) {
        guard !waiting.contains(answer) else { return }
        waiting.append(answer)
        if waiting.count > HeardAnswers.maxWaiting { waiting.removeFirst(waiting.count - HeardAnswers.maxWaiting) }
    }

    mutating func fired(_ firing: HandFiring) {
        let key = firing.occurrence
        if let known = firedThere[key] {
            firedThere[key] = min(known, firing.at)
            return
        }
        firedThere[key] = firing.at
        firedOrder.append(key)
        if firedOrder.count > HeardAnswers.maxWaiting { firedThere[firedOrder.removeFirst()] = nil }
    }

    /// The waiting answers, to be looked at again.
    mutating func takeWaiting() -> [GivenAnswer] {
        defer { waiting = [] }
        return waiting
    }

    mutating func refuse(_ source: String, _ refusals: Refusals) {
        refused[source, default: Refusals()].add(refusals)
    }

    /// The refusals to journal at `now` (each source's once a minute at most), and when the
    /// rest may be journaled.
    mutating func refusalsToTell(now: Instant) -> (tell: [(String, Refusals)], next: Instant?) {
        var tell: [(String, Refusals)] = []
        var next: Instant?
        for (source, refusals) in refused.sorted(by: { $0.key < $1.key }) {
            let allowed = lastSaid[source].map { $0 + HeardAnswers.refusalInterval } ?? now
            if allowed <= now {
                tell.append((source, refusals))
                lastSaid[source] = now
                refused[source] = nil
            } else {
                next = min(next ?? allowed, allowed)
            }
        }
        return (tell, next)
    }
}
