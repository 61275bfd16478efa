import RitualsCore
import Testing

@testable import RitualsDaemon

/// Two people, one ritual: the other person's answer, heard from outside, withdraws what it
/// leaves nothing to do for; with `ack = "both"` it is one of the confirmations the occurrence
/// waits for.
struct CoupleRuleTests {
    static func config(ack: String) -> String {
        Rig.config(
            settings: "people = [\"Alex\", \"Sam\"]\nme = \"Alex\"",
            Rig.ritual("walk", "*-*-* 10:00", "ack = \"\(ack)\"\nremind_again = \"1h\""))
    }

    static let walk = OccurrenceID("walk", .utc("2026-12-07 10:00"))

    static func sam(_ answer: Answer, at: Instant, to occurrence: OccurrenceID = walk) -> GivenAnswer {
        GivenAnswer(answer, to: occurrence, by: .named("Sam"), at: at, source: .folder("/shared/sam.jsonl"))
    }

    @Test func withEitherSamsDoneWithdrawsTheNotificationAndEndsTheReminders() throws {
        let rig = try Rig(CoupleRuleTests.config(ack: "either"), at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 10:00"))
        rig.hear([CoupleRuleTests.sam(.done, at: .utc("2026-12-07 10:02"))])
        let heard = try #require(rig.records(.done).first)
        #expect(heard.by == .named("Sam") && heard.at == .utc("2026-12-07 10:02"))
        #expect(rig.notifier.withdrawn == [CoupleRuleTests.walk])
        #expect(rig.journal.entries("done").first?["RITUAL_BY"] == "Sam")
        rig.advance(to: .utc("2026-12-07 12:00"))
        #expect(rig.records(.remindedAgain).isEmpty)
    }

    @Test func withBothSamsDoneIsYourTurnUntilAlexConfirms() throws {
        let rig = try Rig(CoupleRuleTests.config(ack: "both"), at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 10:00"))
        rig.hear([CoupleRuleTests.sam(.done, at: .utc("2026-12-07 10:02"))])
        // The open notification says so, and is not withdrawn.
        #expect(rig.notifier.withdrawn.isEmpty)
        #expect(rig.notifier.shown.last?.body.hasPrefix("Sam is done — your turn") == true)
        rig.advance(to: .utc("2026-12-07 11:00"))
        #expect(rig.records(.remindedAgain).count == 1)
        #expect(rig.notifier.shown.last?.body.hasPrefix("Sam is done — your turn") == true)
        rig.notifier.press(.done, on: "walk")
        rig.settle()
        #expect(rig.records(.done).map(\.by) == [.named("Sam"), .me])
        rig.advance(to: .utc("2026-12-07 13:00"))
        #expect(rig.records(.remindedAgain).count == 1)
    }

    @Test func aSkipByEitherClosesItEvenWithBoth() throws {
        let rig = try Rig(CoupleRuleTests.config(ack: "both"), at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 10:00"))
        rig.hear([CoupleRuleTests.sam(.skipped, at: .utc("2026-12-07 10:01"))])
        #expect(rig.notifier.withdrawn == [CoupleRuleTests.walk])
        rig.advance(to: .utc("2026-12-07 12:00"))
        #expect(rig.records(.remindedAgain).isEmpty)
    }

    @Test func anAnswerHeardAgainIsRecordedOnceWhateverTimeItClaims() throws {
        let rig = try Rig(CoupleRuleTests.config(ack: "either"), at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 10:00"))
        rig.hear([
            CoupleRuleTests.sam(.done, at: .utc("2026-12-07 10:02")),
            CoupleRuleTests.sam(.done, at: .utc("2026-12-07 10:03")),
        ])
        rig.hear([CoupleRuleTests.sam(.done, at: .utc("2026-12-07 10:09"))])
        #expect(rig.records(.done).count == 1)
        // After a restart it is still known as heard.
        try rig.restart()
        rig.hear([CoupleRuleTests.sam(.done, at: .utc("2026-12-07 10:20"))])
        #expect(rig.records(.done).count == 1)
    }

    /// An answer for an occurrence still to come here (the other computer's clock is ahead) waits
    /// for it, then counts; one given at a time still to come is refused and said.
    @Test func anEarlyAnswerWaitsForItsOccurrenceAFutureOneIsRefused() throws {
        let rig = try Rig(CoupleRuleTests.config(ack: "either"), at: .utc("2026-12-07 09:45"))
        rig.hear([CoupleRuleTests.sam(.done, at: .utc("2026-12-07 09:52"))])
        #expect(rig.records(.done).isEmpty)
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.records(.done).count == 1)
        #expect(rig.records(.fired).isEmpty, "answered before its time, it never fires")
        let tomorrow = OccurrenceID("walk", .utc("2026-12-08 10:00"))
        rig.hear([CoupleRuleTests.sam(.done, at: .utc("2026-12-07 11:00"), to: tomorrow)])
        rig.hear([CoupleRuleTests.sam(.done, at: .utc("2026-12-08 10:00"), to: tomorrow)])
        rig.advance(to: .utc("2026-12-07 10:01"))
        #expect(
            rig.journal.logged(atLeast: .warning).contains {
                $0.contains("/shared/sam.jsonl refused") && $0.contains("a time still to come")
            })
        let nope = OccurrenceID("walk", .utc("2026-12-07 10:30"))
        rig.hear([CoupleRuleTests.sam(.done, at: .utc("2026-12-07 10:30"), to: nope)])
        #expect(rig.records(.done).count == 1)
    }

    /// Answers passed on in Sam's file (heard by Sam's rituald through a phone channel): only
    /// by one of people; Alex's own, given on Alex's phone, counts as Alex's, once.
    @Test func answersPassedOnAreAlexsOwnOnceAndNoStrangers() throws {
        let rig = try Rig(CoupleRuleTests.config(ack: "either"), at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 10:00"))
        func passedOn(_ by: Person) -> GivenAnswer {
            GivenAnswer(
                .skipped, to: CoupleRuleTests.walk, by: by, at: .utc("2026-12-07 10:05"),
                source: .passedOn(via: "alex-phone", file: "/shared/sam.jsonl"))
        }
        rig.hear([passedOn(.named("Kim")), passedOn(.me), passedOn(.me)])
        #expect(rig.records(.skipped).map(\.by) == [.me])
        #expect(rig.journal.entries("skipped").first?["MESSAGE"]?.contains("through alex-phone, passed on") == true)
        rig.advance(to: .utc("2026-12-07 10:02"))
        #expect(rig.journal.logged(atLeast: .warning).contains { $0.contains("who is not one of people") })
    }
}
