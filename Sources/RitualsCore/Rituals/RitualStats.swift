/// How a ritual has been kept, from its history: completion rates, streaks and a grid of days.
///
/// Each occurrence that fired or was missed counts once, with its last answer: done, skipped,
/// missed, or none; one a pause held does not count. Answers heard from the other people count
/// too: any one done is enough, or with `ack = "both"` only everyone's. The completion rate over N days is done ÷ occurrences in those days. A streak
/// counts done occurrences in a row: a skip keeps it, a miss ends it, and so does an occurrence
/// left unanswered, unless it is the latest one (still open).
public struct RitualStats: Sendable, Equatable {
    /// What became of one occurrence.
    public enum Mark: String, Sendable, Comparable, Codable {
        case none, missed, skipped, done

        static let order: [Mark: Int] = [.none: 0, .missed: 1, .skipped: 2, .done: 3]
        public static func < (a: Mark, b: Mark) -> Bool { order[a, default: 0] < order[b, default: 0] }
    }

    /// One occurrence and its mark.
    public struct Entry: Sendable, Equatable {
        public var occurrence: Instant
        public var mark: Mark
        /// It fired and has no answer yet.
        public var open: Bool
    }

    public let ritual: String
    /// Occurrences oldest first.
    public let entries: [Entry]

    /// The occurrences of `ritual` in `records` (in file order), each with its last answer; see
    /// ``Tally/init(ritual:needs:)`` for `needs`.
    public init(ritual: String, records: [HistoryRecord], needs: [String] = []) {
        var tally = Tally(ritual: ritual, needs: needs)
        for r in records { tally.add(r) }
        self = tally.stats
    }

    init(ritual: String, entries: [Entry]) {
        self.ritual = ritual
        self.entries = entries
    }

    /// The statistics of one ritual built a record at a time, for a history read as a stream:
    /// what it keeps is one entry per occurrence, not the records.
    public struct Tally: Sendable {
        public let ritual: String
        /// The other people whose confirmation an occurrence needs besides this computer's
        /// person (`ack = "both"`); empty: anyone's done counts.
        public let needs: [String]
        private var byOccurrence: [Instant: Entry] = [:]
        /// Who confirmed each occurrence, for `needs`.
        private var confirmed: [Instant: Set<Person>] = [:]
        /// Done answers by person.
        public private(set) var doneBy: [Person: Int] = [:]

        public init(ritual: String, needs: [String] = []) {
            self.ritual = ritual
            self.needs = needs
        }

        /// Folds in `r` (records of other rituals are passed over).
        public mutating func add(_ r: HistoryRecord) {
            guard r.ritual == ritual else { return }
            if r.event == .done { doneBy[r.by, default: 0] += 1 }
            switch r.event {
            case .fired:
                if byOccurrence[r.occurrence] == nil {
                    byOccurrence[r.occurrence] = Entry(occurrence: r.occurrence, mark: .none, open: true)
                }
            case .done where !needs.isEmpty:
                confirmed[r.occurrence, default: []].insert(r.by)
                let all = confirmed[r.occurrence, default: []].isSuperset(of: needs.map(Person.named) + [.me])
                if all {
                    byOccurrence[r.occurrence] = Entry(occurrence: r.occurrence, mark: .done, open: false)
                } else if byOccurrence[r.occurrence] == nil || r.by == .me {
                    // Half confirmed: still open for whoever has not.
                    byOccurrence[r.occurrence] = Entry(occurrence: r.occurrence, mark: .none, open: true)
                }
            case .missed, .done, .skipped:
                let mark: Mark = r.event == .done ? .done : (r.event == .skipped ? .skipped : .missed)
                // Someone else's done does not undo a miss here when both must confirm.
                byOccurrence[r.occurrence] = Entry(occurrence: r.occurrence, mark: mark, open: false)
            case .heldByPause:
                // A pause is no miss: the occurrence does not count at all.
                byOccurrence[r.occurrence] = nil
            default:
                break
            }
        }

        public var stats: RitualStats {
            RitualStats(ritual: ritual, entries: byOccurrence.values.sorted { $0.occurrence < $1.occurrence })
        }
    }

    /// Done ÷ occurrences in `(now - days, now]`; nil when there were none.
    public func completionRate(days: Int, now: Instant) -> Double? {
        let start = now - .days(days)
        let inside = entries.filter { $0.occurrence > start && $0.occurrence <= now }
        guard !inside.isEmpty else { return nil }
        return Double(inside.filter { $0.mark == .done }.count) / Double(inside.count)
    }

    /// The current streak and the longest one.
    public var streaks: (current: Int, longest: Int) {
        var current = 0
        var longest = 0
        for (i, e) in entries.enumerated() {
            switch e.mark {
            case .done: current += 1
            case .skipped: break
            case .missed: current = 0
            case .none: if !(e.open && i == entries.count - 1) { current = 0 }
            }
            longest = max(longest, current)
        }
        return (current, longest)
    }

    /// The last answer given, if any.
    public var lastOutcome: Mark? { entries.last { $0.mark != .none }?.mark }

    /// The first day (days since 1970-01-01, a Monday) of a grid of `weeks` weeks ending with the
    /// week of `now`.
    public static func gridStart(weeks: Int, now: Instant, zone: Zone) -> Int {
        let today = day(now, zone)
        return today - Civil.weekday(days: today) - 7 * (weeks - 1)
    }

    /// The local day of an instant, in days since 1970-01-01.
    static func day(_ instant: Instant, _ zone: Zone) -> Int {
        let t = zone.localTime(instant.wholeSeconds)
        return Civil.days(year: t.year, month: t.month, day: t.day)
    }

    /// One mark per day for the `weeks` weeks ending with the week of `now` (Monday first), the
    /// best mark of the day's occurrences; days after `now` are nil.
    public func grid(weeks: Int, now: Instant, zone: Zone) -> [[Mark?]] {
        let today = RitualStats.day(now, zone)
        let first = RitualStats.gridStart(weeks: weeks, now: now, zone: zone)
        var marks: [Int: Mark] = [:]
        for (i, e) in entries.enumerated() {
            let d = RitualStats.day(e.occurrence, zone)
            guard d >= first && d <= today else { continue }
            let mark: Mark = e.mark == .none && !(e.open && i == entries.count - 1) ? .missed : e.mark
            marks[d] = max(marks[d] ?? .none, mark)
        }
        return (0..<weeks).map { w in
            (0..<7).map { wd in
                let d = first + 7 * w + wd
                return d > today ? nil : (marks[d] ?? Mark.none)
            }
        }
    }
}
