import RitualsCore
import Testing

@testable import RitualsDaemon

/// What came late, however it came (asleep, stopped, the clock set, a start), is settled by one
/// rule: of each ritual's occurrences in the gap only the latest fires, within its catch_up; the
/// rest is recorded missed, and one journal entry sums the gap up.
struct LatenessRuleTests {
    static func config(catchUp: String) -> String {
        Rig.config(settings: "catch_up = \"\(catchUp)\"", Rig.ritual("check-in", "*-*-* 21:00"))
    }

    /// The docs' example: a laptop closed from Friday 20:00 to Monday 08:15.
    @Test func aWeekendAsleepFiresSundaysCheckInOnceAndMissesTheRest() throws {
        let rig = try Rig(LatenessRuleTests.config(catchUp: "12h"), at: .utc("2026-12-04 20:00"))
        rig.clock.sleep(for: .utc("2026-12-07 08:15") - .utc("2026-12-04 20:00"))
        rig.send(.clockChanged)
        #expect(rig.records(.missed).map(\.occurrence) == [.utc("2026-12-04 21:00"), .utc("2026-12-05 21:00")])
        #expect(rig.records(.fired).map(\.occurrence) == [.utc("2026-12-06 21:00")])
        #expect(rig.notifier.shown.count == 1)
        let summary = try #require(rig.journal.entries("caught-up").last)
        #expect(summary["RITUAL_CAUSE"] == "asleep")
        #expect(summary["MESSAGE"] == "awake after 2 d 12 h asleep: 2 missed, 1 fired late")
        #expect(summary["RITUAL_MISSED"] == "2" && summary["RITUAL_LATE"] == "1")
        #expect(rig.clock.nextDeadline == .utc("2026-12-07 21:00"))
    }

    @Test func beyondCatchUpNothingFires() throws {
        let rig = try Rig(LatenessRuleTests.config(catchUp: "6h"), at: .utc("2026-12-04 20:00"))
        rig.clock.sleep(for: .utc("2026-12-07 08:15") - .utc("2026-12-04 20:00"))
        rig.send(.clockChanged)
        #expect(rig.records(.missed).count == 3)
        #expect(rig.records(.fired).isEmpty && rig.notifier.shown.isEmpty)
    }

    static let everyTwoSeconds = Rig.config(
        settings: "catch_up = \"1h\"", Rig.ritual("tick", "*:*:0/2", "quiet_hours = \"ignore\""))

    /// Stopped (SIGSTOP, or starved) for 14 s: its timer fires late once it runs again.
    @Test func aStallFiresTheLatestOnceAndRecordsTheRest() throws {
        let rig = try Rig(LatenessRuleTests.everyTwoSeconds, at: .utc("2026-12-07 12:00:00.500"))
        rig.clock.stall(for: .seconds(14))
        rig.advance(by: .zero)
        #expect(rig.times(.fired, of: "tick").count == 1)
        #expect(rig.records(.fired).first?.occurrence == .utc("2026-12-07 12:00:14"))
        #expect(rig.records(.missed).count == 6)
        #expect(rig.journal.entries("caught-up").last?["RITUAL_CAUSE"] == "stalled")
        // Then every two seconds, on time.
        rig.advance(by: .seconds(4))
        #expect(
            rig.records(.fired).map(\.occurrence).suffix(2) == [
                .utc("2026-12-07 12:00:16"), .utc("2026-12-07 12:00:18"),
            ])
    }

    @Test func theClockSetAheadIsOneGapTheClockSetBackRefiresNothing() throws {
        let rig = try Rig(LatenessRuleTests.everyTwoSeconds, at: .utc("2026-12-07 12:00:00.500"))
        rig.advance(by: .seconds(4))
        #expect(rig.records(.fired).count == 2)
        rig.clock.step(by: .minutes(1))
        rig.send(.clockChanged)
        #expect(rig.journal.entries("caught-up").last?["RITUAL_CAUSE"] == "clock-ahead")
        #expect(rig.records(.missed).count == 29 && rig.records(.fired).count == 3)
        rig.clock.step(by: .zero - .minutes(1))
        rig.send(.clockChanged)
        rig.advance(by: .seconds(30))
        let fired = rig.records(.fired).map(\.occurrence)
        #expect(Set(fired).count == fired.count, "nothing fired twice")
        #expect(rig.journal.entries("caught-up").last?["RITUAL_CAUSE"] == "clock-back")
    }

    /// At start, what came due while rituald was not running: from the ritual's last handled
    /// occurrence, the latest fires within catch_up.
    @Test func atStartTheGapSinceTheLastHandledOccurrenceIsSettled() throws {
        let last = Instant.utc("2026-12-07 11:58:00")
        let rig = try Rig(
            LatenessRuleTests.everyTwoSeconds, at: .utc("2026-12-07 12:00:01"),
            history: [HistoryRecord(at: last, ritual: "tick", occurrence: last, event: .fired)])
        #expect(rig.records(.missed).count == 59)
        #expect(rig.records(.fired).last?.occurrence == .utc("2026-12-07 12:00:00"))
        #expect(rig.journal.entries("caught-up").last?["RITUAL_CAUSE"] == "start")
    }
}
