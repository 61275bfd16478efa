/// An RFC 5545 recurrence set: DTSTART, one or more RRULEs, and optional RDATE and EXDATE lines.
///
/// Occurrences are wall-clock times in DTSTART's zone (floating ones in the local zone) turned into
/// instants by RFC 5545 §3.3.5: a time that happens twice means the first, a time that does not
/// exist is read with the offset from before the gap.
public struct Recurrence: Sendable {
    /// How DTSTART pins its wall time to instants.
    public enum Anchor: Sendable, Equatable {
        /// No zone: local time wherever the rule is evaluated.
        case floating
        /// `Z`.
        case utc
        /// `TZID=`.
        case zoned
    }

    /// DTSTART as wall seconds (seconds since 1970-01-01T00:00 read as UTC).
    public var start: Int
    public var anchor: Anchor
    /// The zone wall times are read in.
    public var zone: Zone
    public var dateOnly = false
    public var rules: [RecurrenceRule] = []
    /// Extra and excluded occurrences, as instants (seconds since the epoch).
    public var extraDates: [Int] = []
    public var excludedDates: [Int] = []

    init(start: Int, anchor: Anchor, zone: Zone) {
        self.start = start
        self.anchor = anchor
        self.zone = zone
    }

    /// The zone the recurrence names itself, if any.
    public var zoneName: String? {
        switch anchor {
        case .floating: return nil
        case .utc: return "UTC"
        case .zoned: return zone.name
        }
    }

    /// `DTSTART...` newline `RRULE:...` with parts in a fixed order, then RDATE and EXDATE.
    public var normalized: String {
        var lines = ["DTSTART" + property(start)]
        for rule in rules { lines.append("RRULE:" + rule.text) }
        if !extraDates.isEmpty { lines.append("RDATE" + dateList(extraDates)) }
        if !excludedDates.isEmpty { lines.append("EXDATE" + dateList(excludedDates)) }
        return lines.joined(separator: "\n")
    }

    private func property(_ wall: Int) -> String {
        switch anchor {
        case .floating:
            return dateOnly
                ? ";VALUE=DATE:" + String(RecurrenceRule.basic(wall).prefix(8)) : ":" + RecurrenceRule.basic(wall)
        case .utc: return ":" + RecurrenceRule.basic(wall) + "Z"
        case .zoned: return ";TZID=" + zone.name + ":" + RecurrenceRule.basic(wall)
        }
    }

    private func wall(of instant: Int) -> Int { instant + zone.kind(at: instant).offset }

    private func dateList(_ instants: [Int]) -> String {
        let walls = instants.map { RecurrenceRule.basic(wall(of: $0)) + (anchor == .utc ? "Z" : "") }
        let head = anchor == .zoned ? ";TZID=" + zone.name + ":" : ":"
        return head + walls.joined(separator: ",")
    }

    /// Up to `count` occurrences strictly after `usec` (microseconds since the epoch), ascending,
    /// in microseconds.
    public func occurrences(after usec: Int, count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let after = Civil.floorDiv(usec, Microseconds.second)
        let zone = self.zone
        let toInstant: @Sendable (Int) -> Int = { zone.instant(wall: $0) }
        var hint = 0
        var iterators = rules.map { rule -> RecurrenceIterator in
            var it = RecurrenceIterator(rule: rule, start: start, instant: rule.untilIsUTC ? toInstant : nil)
            // Wall and instant differ by less than two days in every zone.
            it.seek(to: after - 2 * Civil.secondsPerDay)
            return it
        }
        var heads = iterators.indices.map { i in
            iterators[i].next().map { zone.instant(wall: $0, hint: &hint) }
        }
        let extras = extraDates.sorted().filter { $0 > after }
        var extraIndex = 0
        let excluded = Set(excludedDates)
        var out: [Int] = []
        var last = Int.min
        while out.count < count {
            var pick: Int?
            var from = -1
            for (i, h) in heads.enumerated() {
                if let h, pick == nil || h < pick! {
                    pick = h
                    from = i
                }
            }
            if extraIndex < extras.count, pick == nil || extras[extraIndex] <= pick! {
                pick = extras[extraIndex]
                from = -1
                extraIndex += 1
            } else if from >= 0 {
                heads[from] = iterators[from].next().map { zone.instant(wall: $0, hint: &hint) }
            }
            guard let t = pick else { break }
            if t > after && t != last && !excluded.contains(t) {
                out.append(t * Microseconds.second)
            }
            last = max(last, t)
        }
        return out
    }
}
