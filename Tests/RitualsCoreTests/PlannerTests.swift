import RitualsConfig
import RitualsCore
import Testing

/// The planner on fixed clocks and explicit zones.
struct PlannerTests {
    static let berlin = SystemZones.shared.zone(named: "Europe/Berlin")!
    static let hour = Duration.hours(1)
    static let day = Duration.days(1)

    static func config(_ rituals: String, settings: String = "") throws -> RitualsConfiguration {
        try ConfigLoader.parse(
            "[settings]\n" + settings + "\n" + rituals, file: "t.toml", kinds: [], zones: SystemZones.shared,
            local: berlin)
    }

    static func at(_ text: String) -> Instant { Timestamp.parse(text, in: berlin)! }

    static func local(_ instant: Instant) -> String { instant.iso8601(in: berlin) }

    @Test func quietHoursAcrossMidnight() throws {
        for (policy, expected) in [
            ("defer", ["2026-12-05T07:30:00+01:00"]), ("drop", []), ("ignore", ["2026-12-04T23:00:00+01:00"]),
        ] {
            let c = try PlannerTests.config(
                "[[ritual]]\nid = \"late\"\ntitle = \"Late\"\nwhen = \"*-*-* 23:00\"\nquiet_hours = \"\(policy)\"\n",
                settings: "quiet_hours = \"22:30-07:30\"")
            let planner = Planner(config: c, zone: PlannerTests.berlin)
            let base = PlannerTests.at("2026-12-04 12:00")
            let events = planner.events(after: base, through: base + PlannerTests.day, state: PlannerState())
            #expect(events.map { PlannerTests.local($0.at) } == expected, "\(policy)")
        }
    }

    @Test func windowIsDeterministicAndInside() throws {
        let c = try PlannerTests.config(
            "[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\nwhen = \"*-*-* 00:00\"\nwindow = \"18:00-21:00\"\n")
        let planner = Planner(config: c, zone: PlannerTests.berlin)
        let base = PlannerTests.at("2026-12-01 00:30")
        let a = planner.events(after: base, through: base + 10 * PlannerTests.day, state: PlannerState())
        let b = planner.events(
            after: base + 3 * PlannerTests.hour, through: base + 10 * PlannerTests.day, state: PlannerState())
        #expect(a.count == 10)
        #expect(a == b)
        let minutes = a.map { e -> Int in
            let t = PlannerTests.berlin.localTime(e.at.wholeSeconds)
            return t.hour * 60 + t.minute
        }
        #expect(minutes.allSatisfy { $0 >= 18 * 60 && $0 < 21 * 60 })
        #expect(Set(minutes).count > 1)
    }

    @Test func daylightSavingDay() throws {
        let c = try PlannerTests.config(
            "[[ritual]]\nid = \"early\"\ntitle = \"Early\"\nwhen = \"*-*-* 02:30\"\nquiet_hours = \"ignore\"\n"
                + "[[ritual]]\nid = \"evening\"\ntitle = \"Evening\"\nwhen = \"*-*-* 21:00\"\n")
        let planner = Planner(config: c, zone: PlannerTests.berlin)
        let base = PlannerTests.at("2026-03-28 12:00")
        let events = planner.events(after: base, through: base + 2 * PlannerTests.day, state: PlannerState())
        // 02:30 does not exist on 2026-03-29: like systemd, the schedule skips that day.
        #expect(
            events.map { "\($0.ritualID) \(PlannerTests.local($0.at))" } == [
                "evening 2026-03-28T21:00:00+01:00", "evening 2026-03-29T21:00:00+02:00",
                "early 2026-03-30T02:30:00+02:00",
            ])
    }

    @Test func catchUpAfterThreeDaysOff() throws {
        let c = try PlannerTests.config("[[ritual]]\nid = \"checkin\"\ntitle = \"Check-in\"\nwhen = \"*-*-* 21:00\"\n")
        let planner = Planner(config: c, zone: PlannerTests.berlin)
        var state = PlannerState()
        state.lastHandled["checkin"] = PlannerTests.at("2026-12-01 21:00")
        let since = { (r: Ritual) in state.lastHandled[r.id] }
        let soon = planner.settle(now: PlannerTests.at("2026-12-04 22:00"), state: state, since: since).decisions
        #expect(soon.map(\.verdict) == [.missed, .missed, .deliver])
        #expect(soon.map { PlannerTests.local($0.event.at) }.last == "2026-12-04T21:00:00+01:00")
        let late = planner.settle(now: PlannerTests.at("2026-12-05 10:00"), state: state, since: since).decisions
        #expect(late.map(\.verdict) == [.missed, .missed, .missed])
        let never = planner.settle(now: PlannerTests.at("2026-12-05 10:00"), state: PlannerState()) {
            PlannerState().lastHandled[$0.id]
        }
        #expect(never.decisions.isEmpty)
    }

    @Test func headsUpAcrossMonthEnd() throws {
        let c = try PlannerTests.config(
            "[[ritual]]\nid = \"inventory\"\ntitle = \"Inventory\"\nwhen = \"*-*-01 19:00\"\nheads_up = \"1d\"\n")
        let planner = Planner(config: c, zone: PlannerTests.berlin)
        let base = PlannerTests.at("2026-11-29 12:00")
        let events = planner.events(after: base, through: base + 5 * PlannerTests.day, state: PlannerState())
        #expect(
            events.map { "\($0.kind.rawValue) \(PlannerTests.local($0.at))" } == [
                "heads-up 2026-11-30T19:00:00+01:00", "fired 2026-12-01T19:00:00+01:00",
            ])
        #expect(events[0].prompt == events[1].prompt)
    }

    @Test func promptsDoNotRepeatUntilAllWereUsed() throws {
        let prompts = (1...9).map { "\"p\($0)\"" }.joined(separator: ", ")
        let c = try PlannerTests.config(
            "[[ritual]]\nid = \"deck\"\ntitle = \"Deck\"\nwhen = \"*-*-* 20:00\"\nprompts = [\(prompts)]\n")
        let planner = Planner(config: c, zone: PlannerTests.berlin)
        let ritual = planner.config.rituals[0]
        let base = PlannerTests.at("2026-12-01 00:00")
        let occurrences = planner.occurrences(of: ritual, after: base, through: base + 40 * PlannerTests.day)
        #expect(zip(occurrences, occurrences.dropFirst()).allSatisfy { $1.index == $0.index + 1 })
        let rounds = Dictionary(grouping: occurrences) { $0.index / 9 }.values.filter { $0.count == 9 }
        #expect(rounds.count >= 3)
        for round in rounds {
            #expect(Set(round.compactMap { planner.prompt(of: ritual, $0) }).count == 9)
        }
        #expect(Set(rounds.map { $0.compactMap { planner.prompt(of: ritual, $0) } }).count == rounds.count)
    }

    @Test func stateSkipsSnoozesAnswersAndPauses() throws {
        let c = try PlannerTests.config(
            "[[ritual]]\nid = \"checkin\"\ntitle = \"Check-in\"\nwhen = \"*-*-* 21:00\"\nremind_again = \"15m\"\n")
        let planner = Planner(config: c, zone: PlannerTests.berlin)
        let base = PlannerTests.at("2026-12-04 12:00")
        let first = PlannerTests.at("2026-12-04 21:00")
        let second = PlannerTests.at("2026-12-05 21:00")
        var state = PlannerState()
        let plain = planner.events(after: base, through: base + 2 * PlannerTests.day, state: state)
        #expect(plain.map(\.kind) == [.fired, .remindedAgain, .remindedAgain, .fired, .remindedAgain, .remindedAgain])
        state.outcomes[OccurrenceID("checkin", first)] = .done
        state.outcomes[OccurrenceID("checkin", second)] = .skipped
        #expect(planner.events(after: base, through: base + 2 * PlannerTests.day, state: state).isEmpty)
        state = PlannerState()
        state.snoozedUntil[OccurrenceID("checkin", first)] = first + .minutes(10)
        let snoozed = planner.events(after: first, through: first + PlannerTests.hour, state: state)
        #expect(snoozed.map { PlannerTests.local($0.at) } == ["2026-12-04T21:10:00+01:00"])
        state = PlannerState()
        state.pause = Pause(until: second - .microseconds(1))
        let paused = planner.events(after: base, through: base + 2 * PlannerTests.day, state: state)
        #expect(paused.map { PlannerTests.local($0.at) }.first == "2026-12-05T21:00:00+01:00")
    }

    @Test func defaultsYieldEveryPracticeWithin31Days() throws {
        let c = try ConfigLoader.parse(
            DefaultConfig.text, file: "d", kinds: [], zones: SystemZones.shared, local: PlannerTests.berlin)
        let planner = Planner(config: c, zone: PlannerTests.berlin)
        let base = PlannerTests.at("2026-12-04 12:00")
        let events = planner.events(after: base, through: base + 31 * PlannerTests.day, state: PlannerState())
        let practices = Set(
            events.filter { $0.kind == .fired }.compactMap { e in c.rituals.first { $0.id == e.ritualID }?.practice })
        #expect(practices == Set(Practice.allCases))
        #expect(events.filter { $0.kind == .fired }.allSatisfy { $0.prompt != nil })
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.at <= $1.at })
    }
}
