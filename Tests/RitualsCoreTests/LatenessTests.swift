import RitualsConfig
import RitualsCore
import Testing

/// The lateness rule on fixed clocks: what fires, what is missed, held or dropped after a gap.
struct LatenessTests {
    static let utc = Zone.utc
    static let second = Duration.seconds(1)
    static let minute = Duration.minutes(1)
    static let hour = Duration.hours(1)
    /// 2026-12-01 12:00:00 UTC.
    static let t0: Instant = 1_796_126_400_000_000

    static func planner(_ rituals: String, settings: String = "quiet_hours = \"03:00-03:01\"") throws -> Planner {
        let c = try ConfigLoader.parse(
            "[settings]\n" + settings + "\n" + rituals, file: "t.toml", kinds: [], zones: SystemZones.shared, local: utc
        )
        return Planner(config: c, zone: utc)
    }

    static func ritual(_ id: String, _ when: String, _ extra: String = "") -> String {
        "[[ritual]]\nid = \"\(id)\"\ntitle = \"\(id)\"\nwhen = \"\(when)\"\nquiet_hours = \"ignore\"\n\(extra)\n"
    }

    /// The gap (after, now] as the daemon settles it at run time, every ritual from `after`.
    static func settle(_ p: Planner, after: Instant, now: Instant, state: PlannerState = PlannerState()) -> (
        verdicts: [String], counts: Lateness.Counts
    ) {
        let (decisions, counts) = p.settle(now: now, state: state) { _ in after }
        let verdicts = decisions.map { d -> String in
            let v: String
            switch d.verdict {
            case .deliver: v = "deliver"
            case .missed: v = "missed"
            case .held: v = "held"
            case .dropped: v = "dropped"
            }
            return "\(d.event.ritualID) \(d.event.kind.agendaName) +\((d.event.at - after).components.seconds)s \(v)"
        }
        return (verdicts, counts)
    }

    /// A ritual every 4 s stopped for 26 s: six firings came, the latest fires, five are missed.
    @Test func aStopOf26SecondsFiresTheLatestOnce() throws {
        let p = try LatenessTests.planner(LatenessTests.ritual("tick", "*:*:0/4", "catch_up = \"1h\""))
        let (verdicts, counts) = LatenessTests.settle(
            p, after: LatenessTests.t0 + 1 * LatenessTests.second, now: LatenessTests.t0 + 27 * LatenessTests.second)
        #expect(
            verdicts == [
                "tick fire +3s missed", "tick fire +7s missed", "tick fire +11s missed", "tick fire +15s missed",
                "tick fire +19s missed", "tick fire +23s deliver",
            ])
        #expect(counts == Lateness.Counts(missed: 5, held: 0, dropped: 0, late: 0))
    }

    /// After the clock moved back, the cursor is ahead of now: nothing that fired fires again.
    @Test func aClockMovedBackRefiresNothing() throws {
        let p = try LatenessTests.planner(LatenessTests.ritual("tick", "*:*:0/4"))
        let (decisions, counts) = p.settle(now: LatenessTests.t0, state: PlannerState()) { _ in
            LatenessTests.t0 + LatenessTests.hour
        }
        #expect(decisions.isEmpty && counts.isEmpty)
    }

    /// Each ritual on its own: the latest of each fires.
    @Test func twoRitualsEachFireOnce() throws {
        let p = try LatenessTests.planner(
            LatenessTests.ritual("a", "*:*:0/10") + LatenessTests.ritual("b", "*:*:05/30"))
        let (verdicts, counts) = LatenessTests.settle(
            p, after: LatenessTests.t0, now: LatenessTests.t0 + 60 * LatenessTests.second)
        #expect(verdicts.filter { $0.hasSuffix("deliver") } == ["b fire +35s deliver", "a fire +60s deliver"])
        #expect(counts.missed == 5 + 1)
        #expect(counts.late == 1, "b's firing came 25 s late")
    }

    @Test(arguments: [
        // catch_up, seconds asleep after the firing, fires?
        ("1h", 30 * 60, true), ("1h", 2 * 3600, false), ("0", 1, true), ("0", 10, false), ("12h", 11 * 3600, true),
    ])
    func theLatestFiresOnlyWithinCatchUp(catchUp: String, lateBy: Int, fires: Bool) throws {
        let p = try LatenessTests.planner(LatenessTests.ritual("walk", "*-*-* 12:00:10", "catch_up = \"\(catchUp)\""))
        let fire = LatenessTests.t0 + 10 * LatenessTests.second
        let (verdicts, counts) = LatenessTests.settle(
            p, after: LatenessTests.t0, now: fire + lateBy * LatenessTests.second)
        #expect(verdicts == ["walk fire +10s \(fires ? "deliver" : "missed")"])
        #expect(counts.missed == (fires ? 0 : 1))
        #expect(counts.late == (fires && lateBy * LatenessTests.second > Lateness.onTime ? 1 : 0))
    }

    /// Firings a pause covered are held, none of them fires at its end; those after it follow the rule.
    @Test func aPauseHoldsWhatItCoveredAndNothingFiresAtItsEnd() throws {
        let p = try LatenessTests.planner(LatenessTests.ritual("tick", "*:*:0/4"))
        var state = PlannerState()
        state.ritualPauses["tick"] = Pause(until: LatenessTests.t0 + 13 * LatenessTests.second)
        let (held, counts) = LatenessTests.settle(
            p, after: LatenessTests.t0, now: LatenessTests.t0 + 13 * LatenessTests.second, state: state)
        #expect(held == ["tick fire +4s held", "tick fire +8s held", "tick fire +12s held"])
        #expect(counts == Lateness.Counts(missed: 0, held: 3, dropped: 0, late: 0))
        state.pause = Pause(until: nil)
        let (mixed, _) = LatenessTests.settle(
            p, after: LatenessTests.t0, now: LatenessTests.t0 + 17 * LatenessTests.second, state: state)
        #expect(mixed.allSatisfy { $0.hasSuffix("held") } && mixed.count == 4, "until resumed: all held")
    }

    @Test func headsUpsWhoseOccurrenceCameAreDroppedOthersShow() throws {
        let p = try LatenessTests.planner(LatenessTests.ritual("talk", "*-*-* 12:30:00", "heads_up = \"20m\""))
        // Asleep through the heads-up (12:10) only: it still shows, once.
        let early = LatenessTests.settle(p, after: LatenessTests.t0, now: LatenessTests.t0 + 15 * LatenessTests.minute)
        #expect(early.verdicts == ["talk heads-up +600s deliver"])
        // Asleep through both: the heads-up is stale, the firing shows.
        let both = LatenessTests.settle(p, after: LatenessTests.t0, now: LatenessTests.t0 + 31 * LatenessTests.minute)
        #expect(both.verdicts == ["talk heads-up +600s dropped", "talk fire +1800s deliver"])
        #expect(both.counts.dropped == 1)
    }

    /// The heads-up of an occurrence still ahead comes out of a range that ends before it.
    @Test func aHeadsUpIsPlannedBeforeItsOccurrence() throws {
        let p = try LatenessTests.planner(LatenessTests.ritual("talk", "*-*-* 12:30:00", "heads_up = \"20m\""))
        let events = p.events(
            after: LatenessTests.t0, through: LatenessTests.t0 + 10 * LatenessTests.minute, state: PlannerState())
        #expect(events.map(\.kind) == [.headsUp])
        #expect(events.first?.firesAt == LatenessTests.t0 + 30 * LatenessTests.minute)
    }

    @Test func aSessionThatNeverBeganHasNoEnd() throws {
        let p = try LatenessTests.planner(
            LatenessTests.ritual("hour", "*-*-* 12:00:10", "duration = \"1h\"\ncatch_up = \"30m\""))
        let now = LatenessTests.t0 + 65 * LatenessTests.minute
        let (verdicts, counts) = LatenessTests.settle(p, after: LatenessTests.t0, now: now)
        #expect(verdicts == ["hour fire +10s missed", "hour session-end +3610s dropped"])
        #expect(counts == Lateness.Counts(missed: 1, held: 0, dropped: 1, late: 0))
    }

    /// A reminder of an occurrence that fired before the gap shows once (the latest), unless a
    /// newer occurrence came.
    @Test func remindersShowOnceAndNotForASupersededOccurrence() throws {
        let p = try LatenessTests.planner(
            LatenessTests.ritual("check", "*-*-* 12,13:00:00", "remind_again = \"10m\"\nremind_again_limit = 5"))
        var state = PlannerState()
        state.lastHandled["check"] = LatenessTests.t0
        let after = LatenessTests.t0 + LatenessTests.minute
        let once = LatenessTests.settle(
            p, after: after, now: LatenessTests.t0 + 35 * LatenessTests.minute, state: state)
        #expect(
            once.verdicts == [
                "check remind-again +540s dropped", "check remind-again +1140s dropped",
                "check remind-again +1740s deliver",
            ])
        let newer = LatenessTests.settle(
            p, after: after, now: LatenessTests.t0 + 61 * LatenessTests.minute, state: state)
        #expect(newer.verdicts.last == "check fire +3540s deliver")
        #expect(newer.verdicts.filter { $0.contains("remind-again") }.allSatisfy { $0.hasSuffix("dropped") })
    }

    /// However long the gap, at most recordLimit firings are recorded one by one; the rest count.
    @Test func aLongGapRecordsTheNewestAndCountsTheRest() throws {
        let p = try LatenessTests.planner(LatenessTests.ritual("tick", "*:*:*", "catch_up = \"1h\""))
        let (decisions, counts) = p.settle(
            now: LatenessTests.t0 + 30_000 * LatenessTests.second, state: PlannerState()
        ) { _ in LatenessTests.t0 }
        #expect(counts.missed == 29_999)
        #expect(decisions.filter { $0.verdict == .missed }.count == Lateness.recordLimit)
        #expect(decisions.last?.verdict == .deliver)
        #expect(decisions.last?.event.at == LatenessTests.t0 + 30_000 * LatenessTests.second)
        let times = decisions.map(\.event.at)
        #expect(Set(times).count == times.count, "no firing decided twice across chunks")
    }

    /// With quiet hours deferring, the occurrences of a night are one at their end: the latest.
    @Test func occurrencesDeferredOutOfQuietHoursAreOne() throws {
        let p = try LatenessTests.planner(
            "[[ritual]]\nid = \"ten\"\ntitle = \"Ten\"\nwhen = \"*:0/10\"\n", settings: "quiet_hours = \"22:30-07:30\"")
        let base = try #require(Timestamp.parse("2026-12-01 20:00", in: LatenessTests.utc))
        let events = p.events(after: base, through: base + 24 * LatenessTests.hour, state: PlannerState())
        let atEnd = events.filter { Timestamp.iso8601($0.at, in: .utc) == "2026-12-02T07:30:00+00:00" }
        #expect(atEnd.count == 1)
        #expect(atEnd.first.map { Timestamp.iso8601($0.occurrence, in: .utc) } == "2026-12-02T07:30:00+00:00")
        #expect(events.count == 14 + 1 + 75, "20:10–22:20, one at 07:30, then every ten minutes to 20:00")
        let times = events.map(\.at)
        #expect(Set(times).count == times.count)
    }

    @Test(arguments: [
        // ran (monotonic), passed (boottime), wall clock moved, timer late by (seconds) → cause
        (30, 30, 30, 0, "on-time"), (30, 32_430, 32_430, 32_400, "asleep"), (30, 30, 7230, 7200, "clock-ahead"),
        (30, 30, -3570, 0, "clock-back"), (56, 56, 56, 26, "stalled"),
    ])
    func causesAreToldApartByThreeClocks(ran: Int, passed: Int, wall: Int, late: Int, cause: String) {
        let before = Lateness.Clocks(realtime: 1_000_000_000, monotonic: 50_000_000, boottime: 60_000_000)
        let s = 1_000_000
        let after = Lateness.Clocks(
            realtime: before.realtime + wall * s, monotonic: before.monotonic + ran * s,
            boottime: before.boottime + passed * s)
        #expect(Lateness.Cause.between(before, after, lateBy: late * LatenessTests.second).name == cause)
    }

    @Test func theSummarySaysWhatHappened() {
        let counts = Lateness.Counts(missed: 3, held: 0, dropped: 2, late: 1)
        #expect(
            Lateness.summary(.asleep((9 * 3600 + 12 * 60 + 7) * LatenessTests.second), counts)
                == "awake after 9 h 12 min asleep: 3 missed, 1 fired late, 2 stale notices dropped")
        #expect(
            Lateness.summary(.clockAhead(2 * LatenessTests.hour), Lateness.Counts())
                == "the clock moved 2 h ahead: nothing was due")
        #expect(Lateness.summary(.onTime, Lateness.Counts(held: 3)) == "3 held by a pause")
        #expect(
            Lateness.summary(.stalled(26 * LatenessTests.second + .milliseconds(767)), Lateness.Counts(missed: 5))
                == "running again after 26 s stopped: 5 missed")
    }

    /// README's example: a laptop closed from Friday 20:00 to Monday 08:15.
    @Test(arguments: [
        ("12h", "awake after 2 d 12 h asleep: 2 missed, 1 fired late"), ("6h", "awake after 2 d 12 h asleep: 3 missed"),
    ])
    func aWeekendAsleep(catchUp: String, summary: String) throws {
        let p = try LatenessTests.planner(LatenessTests.ritual("check-in", "*-*-* 21:00", "catch_up = \"\(catchUp)\""))
        let closed = try #require(Timestamp.parse("2026-12-04 20:00", in: .utc))
        let opened = try #require(Timestamp.parse("2026-12-07 08:15", in: .utc))
        let (decisions, counts) = p.settle(now: opened, state: PlannerState()) { _ in closed }
        #expect(
            decisions.filter { $0.verdict == .deliver }.map { Timestamp.iso8601($0.event.at, in: .utc) }
                == (catchUp == "12h" ? ["2026-12-06T21:00:00+00:00"] : []))
        #expect(Lateness.summary(.asleep(opened - closed), counts) == summary)
    }
}
