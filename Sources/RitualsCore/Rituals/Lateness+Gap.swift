/// What one ritual gathered in a gap, bounded however long the gap was.
extension Lateness {
    struct RitualGap: Sendable {
        /// The latest occurrence fired before the gap.
        let lastHandled: Instant?
        /// The newest firings a pause did not hold, the latest last (``Lateness/recordLimit`` missed
        /// ones and the one that may fire); older ones only counted.
        var fires: [PlannedEvent] = []
        var olderFires = 0
        /// The newest firings a pause held, and how many older.
        var held: [PlannedEvent] = []
        var olderHeld = 0
        /// Occurrences that fire in the gap, held or not.
        var firedInGap: Set<Instant> = []
        /// The newest occurrence whose firing has come: in the gap, or handled before it.
        var newest: Instant?
        /// The latest heads-up, and the latest session end or reminder of `newest`.
        var headsUp: PlannedEvent?
        var followUp: PlannedEvent?
        /// Notices left out on arrival: older heads-ups, follow-ups superseded or held by a pause.
        var droppedNotices: [(PlannedEvent, String)] = []
        var olderDropped = 0

        init(lastHandled: Instant?) {
            self.lastHandled = lastHandled
            newest = lastHandled
        }

        mutating func add(_ e: PlannedEvent, paused: Bool) {
            switch e.kind {
            case .fired:
                firedInGap.insert(e.occurrence)
                newest = max(newest ?? e.occurrence, e.occurrence)
                if followUp.map({ $0.occurrence < e.occurrence }) == true {
                    drop(followUp, "a newer occurrence came")
                    followUp = nil
                }
                if paused {
                    keep(e, in: &held, older: &olderHeld)
                } else {
                    keep(e, in: &fires, older: &olderFires)
                }
            case .headsUp:
                if paused { return drop(e, "a pause holds it back") }
                drop(headsUp, "a later heads-up came")
                headsUp = e
            default:
                if paused { return drop(e, "a pause holds it back") }
                if let newest, e.occurrence < newest { return drop(e, "a newer occurrence came") }
                drop(followUp, "a later notice came")
                followUp = e
            }
        }

        private func keep(_ e: PlannedEvent, in list: inout [PlannedEvent], older: inout Int) {
            list.append(e)
            if list.count > Lateness.recordLimit + 1 {
                list.removeFirst()
                older += 1
            }
        }

        private mutating func drop(_ e: PlannedEvent?, _ why: String) {
            guard let e else { return }
            if droppedNotices.count < Lateness.recordLimit {
                droppedNotices.append((e, why))
            } else {
                olderDropped += 1
            }
        }

        func decide(now: Instant, window: Duration, into out: inout [Decision], counts: inout Counts) {
            func add(_ e: PlannedEvent, _ verdict: Verdict) { out.append(Decision(event: e, verdict: verdict)) }
            // The firings a pause held: recorded, never shown; the newest ones only when there were
            // many (the lists keep one more than is recorded).
            for e in held.suffix(Lateness.recordLimit) { add(e, .held) }
            counts.held += olderHeld + held.count
            // Of the others, the latest fires when still within catch_up; every other one is missed.
            var missed = olderFires
            if let latest = fires.last {
                for e in fires.dropLast() { add(e, .missed) }
                missed += fires.count - 1
                if now - latest.at <= window {
                    add(latest, .deliver)
                    if now - latest.at > Lateness.onTime { counts.late += 1 }
                } else {
                    add(latest, .missed)
                    missed += 1
                }
            }
            counts.missed += missed
            if let headsUp {
                if headsUp.firesAt > now {
                    add(headsUp, .deliver)
                } else {
                    add(headsUp, .dropped("its occurrence has come"))
                    counts.dropped += 1
                }
            }
            if let followUp {
                if firedInGap.contains(followUp.occurrence) {
                    add(followUp, .dropped("its occurrence fires just now"))
                    counts.dropped += 1
                } else if now - followUp.at > window {
                    add(followUp, .dropped("too late to show"))
                    counts.dropped += 1
                } else {
                    add(followUp, .deliver)
                }
            }
            for (e, why) in droppedNotices { add(e, .dropped(why)) }
            counts.dropped += droppedNotices.count + olderDropped
        }
    }
}
