import RitualsControl
import RitualsCore
import Testing

@testable import RitualsDaemon

/// This person's own answers, from a notification's button or from ritualctl: done closes the
/// occurrence, a snooze fires it again later, a skip leaves coming ones out.
struct AnsweringRuleTests {
    static let walk = Rig.config(Rig.ritual("walk", "*-*-* 10:00", "remind_again = \"30m\"\nremind_again_limit = 2"))

    @Test func doneOnTheButtonClosesItAndEndsTheReminders() throws {
        let rig = try Rig(AnsweringRuleTests.walk, at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.notifier.press(.done, on: "walk"))
        rig.settle()
        let done = try #require(rig.records(.done).first)
        #expect(done.occurrence == .utc("2026-12-07 10:00") && done.by == .me)
        rig.advance(to: .utc("2026-12-07 12:00"))
        #expect(rig.records(.remindedAgain).isEmpty)
        // A press after the occurrence was answered changes nothing.
        rig.advance(to: .utc("2026-12-08 10:00"))
        rig.send(
            .noticeEnded(
                DaemonEvent(.fired, ritual: "walk", title: "Walk", occurrence: .utc("2026-12-07 10:00"), message: ""),
                .button(.skip)))
        #expect(rig.records(.skipped).isEmpty)
    }

    @Test func unansweredItRemindsAgainThenStops() throws {
        let rig = try Rig(AnsweringRuleTests.walk, at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 12:00"))
        #expect(rig.times(.remindedAgain, of: "walk") == ["10:00", "10:00"])
        #expect(rig.records(.remindedAgain).map(\.at) == [.utc("2026-12-07 10:30"), .utc("2026-12-07 11:00")])
        #expect(rig.notifier.shown.count == 3)
    }

    @Test func aSnoozeFiresTheSameOccurrenceAgainLater() throws {
        let rig = try Rig(AnsweringRuleTests.walk, at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 10:00"))
        rig.notifier.press(.snooze, on: "walk")
        rig.settle()
        let snoozed = try #require(rig.records(.snoozed).first)
        #expect(snoozed.until == .utc("2026-12-07 10:10"))
        // The reminders wait for the snooze; the occurrence fires again at its end, once.
        rig.advance(to: .utc("2026-12-07 10:09:59"))
        #expect(rig.records(.fired).count == 1)
        rig.advance(to: .utc("2026-12-07 10:10"))
        #expect(rig.records(.fired).map(\.occurrence) == [.utc("2026-12-07 10:00"), .utc("2026-12-07 10:00")])
        #expect(rig.records(.fired).last?.at == .utc("2026-12-07 10:10"))
        #expect(rig.notifier.openNotices.map(\.occurrence) == [OccurrenceID("walk", .utc("2026-12-07 10:00"))])
    }

    @Test func ritualctlAnswersSayWhatTheyRecorded() throws {
        let rig = try Rig(AnsweringRuleTests.walk, at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 10:05"))
        let snooze = rig.ask(.snooze("walk", duration: "20m"))
        #expect(
            snooze.answered
                == AnswerReceipt(
                    ritual: "walk", event: .snoozed, occurrences: [.utc("2026-12-07 10:00")],
                    until: .utc("2026-12-07 10:25")))
        #expect(rig.ask(.snooze("walk", duration: "2 years")).error == "a snooze lasts from 1 s to 366 d")
        rig.advance(to: .utc("2026-12-07 10:25"))
        let done = rig.ask(.done("walk"))
        #expect(done.answered == AnswerReceipt(ritual: "walk", event: .done, occurrences: [.utc("2026-12-07 10:00")]))
        #expect(done.messages == ["Walk (Mon 2026-12-07 10:00:00 UTC) marked done."])
        // Answered from ritualctl: its notification has nothing left to ask.
        #expect(rig.notifier.withdrawn.contains(OccurrenceID("walk", .utc("2026-12-07 10:00"))))
        #expect(rig.ask(.done("walk")).ok == false)
    }

    @Test func skipLeavesTheNextOccurrencesOut() throws {
        let rig = try Rig(AnsweringRuleTests.walk, at: .utc("2026-12-07 11:00"))
        let skip = rig.ask(.skip("walk", count: 2))
        #expect(skip.answered?.occurrences == [.utc("2026-12-08 10:00"), .utc("2026-12-09 10:00")])
        #expect(skip.messages?.count == 2)
        #expect(rig.records(.skipped).allSatisfy { $0.by == .me })
        rig.advance(to: .utc("2026-12-10 11:00"))
        #expect(rig.records(.fired).map(\.occurrence) == [.utc("2026-12-10 10:00")])
        #expect(rig.ask(.skip("walk", count: 0)).error == "--count must be between 1 and 1000")
    }
}
