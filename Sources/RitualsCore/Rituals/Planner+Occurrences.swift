/// Occurrences of one ritual: schedule elapses, filtered by dates, placed in windows, moved out of
/// quiet hours, numbered from the ritual's anchor.
extension Planner {
    /// Elapses fetched from the schedule at a time.
    static let batch = 64
    /// Extra occurrences fetched beyond a limit, since deferring out of quiet hours can reorder them.
    static let orderMargin = 64
    /// Windows and quiet hours move an occurrence by less than this.
    static let shiftMargin = 2 * Microseconds.day

    /// Occurrences whose firing time lies in `(after, through]`, at most `limit` of them (the earliest).
    /// Occurrences deferred out of quiet hours to the same moment are one: the latest of them.
    public func occurrences(of ritual: Ritual, after: Instant, through: Instant, limit: Int = Int.max) -> [Occurrence] {
        someOccurrences(of: ritual, after: after, through: through, limit: limit).occurrences
    }

    /// ``occurrences(of:after:through:limit:)``, and whether they are all of the range (false
    /// when the limit cut some off). The schedule engine counts in microseconds: instants are
    /// taken apart here and made again for each occurrence found.
    func someOccurrences(of ritual: Ritual, after: Instant, through: Instant, limit: Int) -> (
        occurrences: [Occurrence], complete: Bool
    ) {
        let after = after.microseconds
        let through = through.microseconds
        var out: [Occurrence] = []
        // Where in `out` the occurrence deferred to a moment stands.
        var deferredTo: [Int: Int] = [:]
        var solver = WallClockSolver(zone: zone)
        let margin = shiftMargin(ritual)
        let scanFrom = after - margin
        var (cursor, index, hashed) = start(of: ritual, through: scanFrom, local: &solver)
        // A short first batch: most calls plan a few days.
        var size = 8
        while true {
            guard let batch = try? ritual.schedule.nextElapses(after: cursor, count: size, local: &solver),
                !batch.isEmpty
            else { break }
            for scheduled in batch {
                if scheduled > through + margin { return (out, true) }
                defer { index += 1 }
                guard let (at, deferred) = place(ritual, scheduled) else { continue }
                if at > after && at <= through {
                    let n = hashed ? Int(PromptDeck.hash(ritual.id, UInt64(bitPattern: Int64(scheduled))) >> 2) : index
                    let occurrence = Occurrence(
                        scheduled: Instant(microseconds: scheduled), at: Instant(microseconds: at), index: n)
                    if let earlier = deferredTo[at] {
                        out[earlier] = occurrence
                        continue
                    }
                    if deferred { deferredTo[at] = out.count }
                    out.append(occurrence)
                    // Quiet hours may reorder a few; a margin keeps the earliest ones exact.
                    if limit < Int.max && out.count >= limit + Planner.orderMargin {
                        return (Array(out.sorted { $0.at < $1.at }.prefix(limit)), false)
                    }
                }
            }
            cursor = batch[batch.count - 1]
            if batch.count < size { break }
            size = min(size * 2, Planner.batch)
        }
        return (out, true)
    }

    /// How far before `after` an elapse may lie and still fire after it: a window or deferral out
    /// of quiet hours moves it by up to a day; otherwise it fires when scheduled.
    func shiftMargin(_ ritual: Ritual) -> Int {
        let defers = ritual.quietHours == .defer && config.settings.quietHours != nil
        return ritual.window != nil || defers ? Planner.shiftMargin : 0
    }

    /// Where numbering stands at `scanFrom`: the instant to enumerate from, the number of the next
    /// elapse, and whether numbers are hashes (too far from the anchor to count). Rituals with fewer
    /// than two prompts are not counted at all: their number picks nothing.
    func start(of ritual: Ritual, through scanFrom: Int, local: inout WallClockSolver) -> (Int, Int, Bool) {
        let anchor = self.anchor(of: ritual)
        guard scanFrom > anchor else { return (anchor, 0, false) }
        guard (decks[ritual.id]?.prompts.count ?? 0) > 1 else { return (scanFrom, 0, false) }
        var (cursor, index, hashed) = (anchor, 0, false)
        // Resume counting where an earlier call stopped, so that planning again stays cheap.
        if let known = counts.position(ritual.id), known.cursor <= scanFrom, known.cursor >= anchor {
            (cursor, index, hashed) = known
        }
        if !hashed && cursor < scanFrom {
            index += ritual.schedule.countElapses(
                after: cursor, through: scanFrom, limit: Planner.countLimit - index, local: &local)
            hashed = index > Planner.countLimit
        }
        counts.remember(ritual.id, cursor: scanFrom, index: index, hashed: hashed)
        return (scanFrom, index, hashed)
    }

    /// Just before the first instant of the ritual's anchor day: elapses after it are numbered.
    func anchor(of ritual: Ritual) -> Int {
        zone.instant(wall: (ritual.from ?? Planner.anchorDay) * Civil.secondsPerDay) * Microseconds.second - 1
    }

    /// The number of an occurrence counted from the anchor (or its hash, far from the anchor).
    func index(of ritual: Ritual, scheduled instant: Instant) -> Int {
        let scheduled = instant.microseconds
        var solver = WallClockSolver(zone: zone)
        let anchor = self.anchor(of: ritual)
        guard scheduled - 1 > anchor else { return 0 }
        let n = ritual.schedule.countElapses(
            after: anchor, through: scheduled - 1, limit: Planner.countLimit, local: &solver)
        return n <= Planner.countLimit ? n : Int(PromptDeck.hash(ritual.id, UInt64(bitPattern: Int64(scheduled))) >> 2)
    }

    /// Days since 1970-01-01 and minute of the day of an instant, in the planner's zone.
    func local(_ usec: Int) -> (day: Int, minute: Int) {
        let seconds = Civil.floorDiv(usec, Microseconds.second)
        let t = zone.localTime(seconds)
        return (Civil.days(year: t.year, month: t.month, day: t.day), t.hour * 60 + t.minute)
    }

    /// The instant of a local day and minute.
    func instant(day: Int, minute: Int) -> Int {
        zone.instant(wall: day * Civil.secondsPerDay + minute * 60) * Microseconds.second
    }

    /// When an elapse fires and whether quiet hours deferred it, or nil when its date is excluded
    /// or quiet hours drop it.
    func place(_ ritual: Ritual, _ scheduled: Int) -> (at: Int, deferred: Bool)? {
        let (day, _) = local(scheduled)
        if let from = ritual.from, day < from { return nil }
        if let until = ritual.until, day > until { return nil }
        if ritual.skip.contains(day) { return nil }
        var at = scheduled
        if let window = ritual.window {
            let width = UInt64(window.end - window.start)
            let minute = window.start + Int(PromptDeck.hash(ritual.id, UInt64(day)) % width)
            at = instant(day: day, minute: minute)
        }
        guard ritual.quietHours != .ignore, let quiet = config.settings.quietHours, isQuiet(at) else {
            return (at, false)
        }
        if ritual.quietHours == .drop { return nil }
        let (atDay, minute) = local(at)
        let endDay = quiet.crossesMidnight && minute >= quiet.start ? atDay + 1 : atDay
        return (instant(day: endDay, minute: quiet.end), true)
    }

    /// Whether an instant falls in the quiet hours.
    public func isQuiet(_ instant: Instant) -> Bool { isQuiet(instant.microseconds) }

    /// Whether an instant (microseconds) falls in the quiet hours.
    func isQuiet(_ usec: Int) -> Bool {
        guard let quiet = config.settings.quietHours else { return false }
        return quiet.contains(minuteOfDay: local(usec).minute)
    }
}
