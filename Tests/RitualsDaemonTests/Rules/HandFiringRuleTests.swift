import RitualsControl
import RitualsCore
import Testing

@testable import RitualsDaemon

/// "Let's do it now": an occurrence fired by hand on either computer is out, and answers to it
/// count at once, wherever they come from; the other computer hears of the firing through the
/// shared folder and fires it too while it is fresh. An answer is never older than the
/// occurrence's first notice, nor newer than now.
struct HandFiringRuleTests {
    static func config(ack: String = "either", extra: String = "") -> String {
        Rig.config(
            settings: "people = [\"Alex\", \"Sam\"]\nme = \"Alex\"\ncatch_up = \"1h\"",
            Rig.ritual("walk", "*-*-* 10:00", "ack = \"\(ack)\"\n" + extra))
    }

    static let walk = OccurrenceID("walk", .utc("2026-12-07 10:00"))
    static let samsFile = "/shared/sam.jsonl"

    static func sam(_ answer: Answer, at: Instant, from source: AnswerSource = .folder(samsFile)) -> GivenAnswer {
        GivenAnswer(answer, to: walk, by: .named("Sam"), at: at, source: source)
    }

    /// What one look at the shared folder finds: Sam's firings by hand, then Sam's answers.
    static func folder(fired: [Instant] = [], _ answers: [GivenAnswer] = []) -> Input {
        var batch = SharedFolder.Batch()
        batch.firings = fired.map { HandFiring(walk, by: "Sam", at: $0, file: samsFile) }
        batch.answers = answers
        return .folderRead(batch)
    }

    typealias T = HandFiringRuleTests

    @Test func aDoneFromTheFolderCountsAtOnceForWhatAlexFiredByHand() throws {
        let rig = try Rig(T.config(), at: .utc("2026-12-07 08:59"))
        #expect(rig.ask(.fire("walk")).ok)
        #expect(rig.notifier.isShowing(T.walk))
        rig.advance(to: .utc("2026-12-07 09:01"))
        rig.send(T.folder([T.sam(.done, at: .utc("2026-12-07 09:00:30"))]))
        #expect(rig.records(.done).map(\.by) == [.named("Sam")])
        #expect(!rig.notifier.isShowing(T.walk), "Sam's done withdraws the notification at once")
        rig.advance(to: .utc("2026-12-07 11:00"))
        #expect(rig.records(.fired).count == 1, "done before its time, it does not fire again at 10:00")
    }

    @Test func aPhoneAnswerToAPostOfAHandFiringCountsAtOnce() throws {
        let rig = try Rig(T.config(), at: .utc("2026-12-07 08:59"))
        #expect(rig.ask(.fire("walk")).ok)
        rig.hear([
            T.sam(.snoozed(until: .utc("2026-12-07 09:20")), at: .utc("2026-12-07 09:00"), from: .channel("phone"))
        ])
        #expect(rig.records(.snoozed).map(\.by) == [.named("Sam")])
        rig.advance(to: .utc("2026-12-07 09:25"))
        rig.hear([T.sam(.done, at: .utc("2026-12-07 09:25"), from: .channel("phone"))])
        #expect(rig.records(.done).map(\.by) == [.named("Sam")])
    }

    @Test func samsFiringByHandFiresHereAndSamsDoneCountsAtOnce() throws {
        let rig = try Rig(T.config(ack: "both"), at: .utc("2026-12-07 09:00"))
        rig.send(T.folder(fired: [.utc("2026-12-07 08:59:58")]))
        let fired = try #require(rig.records(.fired).first)
        #expect(fired.id == T.walk && fired.at == .utc("2026-12-07 09:00"))
        #expect(rig.notifier.isShowing(T.walk))
        #expect(rig.journal.entries("fired").first?["MESSAGE"]?.contains("fired by Sam on their computer") == true)
        rig.send(T.folder([T.sam(.done, at: .utc("2026-12-07 09:02"))]))
        #expect(rig.records(.done).map(\.by) == [.named("Sam")])
        #expect(rig.notifier.shown.last?.body.hasPrefix("Sam is done — your turn") == true)
        #expect(rig.notifier.press(.done, on: "walk"))
        rig.settle()
        #expect(rig.records(.done).map(\.by) == [.named("Sam"), .me])
        // Heard again (the folder is read from its start after a restart): fired once.
        try rig.restart()
        rig.send(T.folder(fired: [.utc("2026-12-07 08:59:58")]))
        rig.advance(to: .utc("2026-12-07 11:00"))
        #expect(rig.records(.fired).count == 1)
    }

    @Test func whenBothFireByHandNeitherFiresTwiceAndBothAnswersCount() throws {
        let rig = try Rig(T.config(ack: "both"), at: .utc("2026-12-07 09:00"))
        #expect(rig.ask(.fire("walk")).ok)
        rig.send(T.folder(fired: [.utc("2026-12-07 09:00:02")], [T.sam(.done, at: .utc("2026-12-07 09:00:40"))]))
        #expect(rig.records(.fired).count == 1)
        #expect(rig.ask(.done("walk")).ok)
        #expect(rig.records(.done).map(\.by) == [.named("Sam"), .me])
        #expect(!rig.notifier.isShowing(T.walk))
    }

    /// Both said "let's do it now": Alex's rituald fired the walk on hearing Sam's firing, then
    /// Alex fires it by hand too: the same occurrence, again, not tomorrow's.
    @Test func firingByHandWhatTheOtherFiredFiresTheSameOccurrence() throws {
        let rig = try Rig(T.config(), at: .utc("2026-12-07 09:00"))
        rig.send(T.folder(fired: [.utc("2026-12-07 09:00")]))
        rig.advance(to: .utc("2026-12-07 09:00:05"))
        #expect(rig.ask(.fire("walk")).ok)
        #expect(rig.records(.fired).map(\.id) == [T.walk, T.walk])
        #expect(rig.ask(.done("walk")).ok)
        #expect(rig.ask(.fire("walk")).ok)
        #expect(rig.records(.fired).last?.occurrence == .utc("2026-12-08 10:00"), "answered, the next one fires")
    }

    @Test func aStaleFiringDoesNotFireHereYetItsAnswersCount() throws {
        let rig = try Rig(T.config(), at: .utc("2026-12-07 09:00"))
        // Fired by Sam two hours ago (this computer was off); catch_up is 1h.
        rig.send(T.folder(fired: [.utc("2026-12-07 07:00")], [T.sam(.done, at: .utc("2026-12-07 07:01"))]))
        #expect(rig.records(.fired).isEmpty)
        #expect(rig.records(.done).map(\.by) == [.named("Sam")])
    }

    @Test func anAnswerThatCameBeforeTheFiringCountsOnceTheFiringIsHeard() throws {
        let rig = try Rig(T.config(), at: .utc("2026-12-07 09:00"))
        rig.send(T.folder([T.sam(.done, at: .utc("2026-12-07 09:00"))]))
        #expect(rig.records(.done).isEmpty)
        rig.send(T.folder(fired: [.utc("2026-12-07 08:59")]))
        #expect(rig.records(.done).map(\.by) == [.named("Sam")])
        #expect(rig.records(.fired).isEmpty, "answered already, it does not fire here")
    }

    @Test func aPausedRitualNotesTheFiringWithoutFiring() throws {
        let rig = try Rig(T.config(), at: .utc("2026-12-07 09:00"))
        #expect(rig.ask(.pause(nil, for: "3h", until: nil)).ok)
        rig.send(T.folder(fired: [.utc("2026-12-07 09:00")], [T.sam(.done, at: .utc("2026-12-07 09:01"))]))
        #expect(rig.records(.fired).isEmpty)
        #expect(rig.records(.done).map(\.by) == [.named("Sam")])
    }

    @Test func firingsThatCannotBeAreRefusedAndSaid() throws {
        let rig = try Rig(T.config(), at: .utc("2026-12-07 09:00"))
        var batch = SharedFolder.Batch()
        batch.firings = [
            HandFiring(
                OccurrenceID("walk", .utc("2026-12-07 10:30")), by: "Sam", at: .utc("2026-12-07 09:00"),
                file: T.samsFile),
            HandFiring(T.walk, by: "Sam", at: .utc("2026-12-07 09:30"), file: T.samsFile),
            HandFiring(
                OccurrenceID("nope", .utc("2026-12-07 10:00")), by: "Sam", at: .utc("2026-12-07 09:00"),
                file: T.samsFile),
        ]
        rig.send(.folderRead(batch))
        #expect(rig.records(.fired).isEmpty)
        let said = rig.journal.logged(atLeast: .warning).filter { $0.contains("2 line(s) of \(T.samsFile) refused") }
        #expect(said.count == 1 && said[0].contains("is not an occurrence of walk"))
        // The refused firing made nothing out: an answer an hour before its time waits.
        rig.send(T.folder([T.sam(.done, at: .utc("2026-12-07 09:00"))]))
        #expect(rig.records(.done).isEmpty)
    }

    /// Nothing fired by hand, no heads-up: a done claiming a time long before the occurrence
    /// was out anywhere is refused once it is due; a heads-up is a notice it may answer.
    @Test func anAnswerOlderThanTheFirstNoticeIsRefused() throws {
        let rig = try Rig(T.config(extra: "heads_up = \"30m\""), at: .utc("2026-12-07 08:00"))
        rig.send(T.folder([T.sam(.done, at: .utc("2026-12-07 08:00"))]))
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.records(.done).isEmpty)
        #expect(
            rig.journal.logged(atLeast: .warning).contains {
                $0.contains("refused") && $0.contains("before the occurrence was out")
            })
        let tomorrow = OccurrenceID("walk", .utc("2026-12-08 10:00"))
        rig.advance(to: .utc("2026-12-08 09:35"))
        rig.send(
            .answers([
                GivenAnswer(
                    .done, to: tomorrow, by: .named("Sam"), at: .utc("2026-12-08 09:32"), source: .folder(T.samsFile))
            ]))
        rig.advance(to: .utc("2026-12-08 10:00"))
        #expect(rig.records(.done).map(\.id) == [tomorrow], "Sam answered the heads-up")
    }

    /// A firing by hand here is the occurrence's first notice: an answer from the folder older
    /// than it (beyond the clock skew allowed) is refused.
    @Test func aHandFiringIsTheFirstNoticeForAnswersFromTheFolder() throws {
        let rig = try Rig(T.config(), at: .utc("2026-12-07 08:00"))
        #expect(rig.ask(.fire("walk")).ok)
        // Given an hour before Alex fired it: Sam's clock is wrong.
        rig.send(T.folder([T.sam(.done, at: .utc("2026-12-07 07:00"))]))
        #expect(rig.records(.done).isEmpty)
        rig.send(T.folder([T.sam(.done, at: .utc("2026-12-07 07:55"))]))
        #expect(rig.records(.done).map(\.at) == [.utc("2026-12-07 07:55")], "within the clock skew allowed")
    }
}
