import RitualsConfig
import RitualsCore
import Testing

/// Random configs and random sequences of what a person does (fire early by hand, done, snooze,
/// skip, pause, resume, time passing): however few events are asked for, they are the first
/// of all events, so the timer (one event) and `next` (many) never disagree, and a ritual whose
/// schedule goes on always has a next event.
struct PlannerPropertyTests {
    static let schedules = [
        "*:0/5", "*:0/15", "hourly", "*-*-* 21:00", "Sat 10:00", "every 2 weeks on fri at 19:00",
        "DTSTART:20261201T080000\\nRRULE:FREQ=MINUTELY;INTERVAL=7", "Mon..Fri 08:00,12:30", "*-*-01..07 19:00",
        "*:0/20",
    ]
    static let options = [
        "", "heads_up = \"10min\"", "duration = \"15min\"", "remind_again = \"5min\"\nremind_again_limit = 3",
        "window = \"18:00-21:00\"", "quiet_hours = \"drop\"", "quiet_hours = \"ignore\"", "heads_up = \"3h\"",
    ]

    /// One to four rituals; an option a schedule does not allow (a heads-up longer than its
    /// period) is left out.
    static func config(_ random: inout SplitMix) throws -> RitualsConfiguration {
        let settings = "quiet_hours = \"23:00-07:00\""
        var text = ""
        for i in 0..<Int.random(in: 1...4, using: &random) {
            let when = schedules.randomElement(using: &random)!
            let option = options.randomElement(using: &random)!
            let ritual = "[[ritual]]\nid = \"r\(i)\"\ntitle = \"R\(i)\"\nwhen = \"\(when)\"\n"
            let allowed = (try? PlannerTests.config(ritual + option, settings: settings)) != nil
            text += ritual + (allowed ? option + "\n" : "")
        }
        return try PlannerTests.config(text, settings: settings)
    }

    /// What a person or the timer does to the state, as the daemon records it.
    static func act(_ planner: Planner, _ state: inout PlannerState, now: inout Instant, _ random: inout SplitMix) {
        let ritual = planner.config.rituals.randomElement(using: &random)!
        let hour = PlannerTests.hour
        func record(_ kind: EventKind, _ occurrence: Instant, until: Instant? = nil, ritual id: String = ritual.id) {
            HistoryRecord(at: now, ritual: id, occurrence: occurrence, event: kind, until: until).apply(to: &state)
        }
        let open = state.lastHandled[ritual.id].flatMap {
            state.isClosed(OccurrenceID(ritual.id, $0), ack: ritual.ack) ? nil : $0
        }
        // The next firing of this ritual, as `ritualctl fire` and `skip` take it.
        let next = planner.events(
            after: now, through: now + 60 * PlannerTests.day, state: state, limit: 64, only: ritual.id
        )
        .first { $0.kind == .fired }
        let snooze = Int.random(in: 1...90, using: &random) * Duration.minutes(1)
        switch Int.random(in: 0..<8, using: &random) {
        case 0, 1: if let next { record(.fired, next.occurrence) }
        case 2: if let open { record(.done, open) }
        case 3: if let open { record(.snoozed, open, until: now + snooze) }
        case 4: if let next { record(.skipped, next.occurrence) }
        case 5:
            let all = Bool.random(using: &random)
            let until = Bool.random(using: &random) ? now + Int.random(in: 1...48, using: &random) * hour : nil
            record(.paused, now, until: until, ritual: all ? HistoryRecord.allRituals : ritual.id)
        case 6: record(.resumed, now, ritual: Bool.random(using: &random) ? HistoryRecord.allRituals : ritual.id)
        default:  // time passes; what came due fired
            let later = now + Int.random(in: 1...(30 * 60), using: &random) * Duration.seconds(1)
            for e in planner.events(after: now, through: later, state: state) where e.kind == .fired {
                record(.fired, e.occurrence)
            }
            now = later
        }
    }

    @Test(arguments: 0..<24)
    func fewEventsAreTheFirstOfAll(round: Int) throws {
        var random = SplitMix(seed: UInt64(round) &* 7919)
        let config = try PlannerPropertyTests.config(&random)
        let planner = Planner(config: config, zone: PlannerTests.berlin)
        var state = PlannerState()
        var now =
            PlannerTests.at("2026-12-04 12:00") + Int.random(in: 0..<(7 * 86_400), using: &random) * Duration.seconds(1)
        let span = 3 * PlannerTests.day
        for step in 0..<20 {
            PlannerPropertyTests.act(planner, &state, now: &now, &random)
            let all = planner.events(after: now, through: now + span, state: state, limit: Int.max)
            for limit in [1, 3] {
                let few = planner.events(after: now, through: now + span, state: state, limit: limit)
                #expect(few.map(\.at) == all.prefix(limit).map(\.at), "round \(round) step \(step) limit \(limit)")
                #expect(few.allSatisfy(all.contains), "round \(round) step \(step)")
            }
            let soonest = planner.soonest(after: now, through: now + span, state: state, limit: 1)
            #expect(soonest.first?.at == all.first?.at, "round \(round) step \(step)")
            // Every schedule here goes on: unless paused for good, something is always ahead.
            let pausedForGood =
                state.pause.map { $0.until == nil } == true
                || config.rituals.allSatisfy { state.ritualPauses[$0.id].map { $0.until == nil } == true }
            let year = planner.soonest(after: now, through: now + 400 * PlannerTests.day, state: state, limit: 1)
            #expect(pausedForGood || !year.isEmpty, "round \(round) step \(step): nothing ahead")
        }
    }
}
