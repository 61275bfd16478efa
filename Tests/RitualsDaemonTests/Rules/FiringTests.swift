import RitualsCore
import Testing

@testable import RitualsDaemon

/// A ritual fires at its moment, once, and rituald waits for nothing in between.
struct FiringTests {
    static let walk = Rig.config(
        Rig.ritual("walk", "*-*-* 10:00", "prompts = [\"Which way today?\", \"Who chooses the path?\"]"))

    @Test func aRitualFiresAtItsMomentAndNotBefore() throws {
        let rig = try Rig(FiringTests.walk, at: .utc("2026-12-07 09:00"))
        // Between now and the walk the daemon waits on one timer, armed for the walk.
        #expect(rig.clock.pending == 1)
        #expect(rig.clock.nextDeadline == .utc("2026-12-07 10:00"))
        rig.advance(to: .utc("2026-12-07 09:59:59"))
        #expect(rig.records(.fired).isEmpty && rig.notifier.shown.isEmpty)
        rig.advance(to: .utc("2026-12-07 10:00"))
        let fired = try #require(rig.records(.fired).first)
        #expect(fired.occurrence == .utc("2026-12-07 10:00") && fired.at == .utc("2026-12-07 10:00"))
        let shown = try #require(rig.notifier.shown.first)
        #expect(shown.title == "Walk" && shown.occurrence == OccurrenceID("walk", .utc("2026-12-07 10:00")))
        #expect(["Which way today?", "Who chooses the path?"].contains(shown.body))
        #expect(rig.journal.entries("fired").first?["RITUAL_SCHEDULED_USEC"] == String(fired.occurrence.microseconds))
        // Armed at once for the next day's walk.
        #expect(rig.clock.nextDeadline == .utc("2026-12-08 10:00"))
    }

    @Test func eachOccurrenceFiresOnceDayAfterDay() throws {
        let rig = try Rig(FiringTests.walk, at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-10 12:00"))
        #expect(rig.times(.fired, of: "walk") == ["10:00", "10:00", "10:00", "10:00"])
        #expect(Set(rig.records(.fired).map(\.occurrence)).count == 4)
        #expect(rig.records(.missed).isEmpty)
    }

    @Test func aRestartFiresNothingAgain() throws {
        let rig = try Rig(FiringTests.walk, at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 10:00:30"))
        try rig.restart()
        rig.advance(to: .utc("2026-12-07 11:00"))
        #expect(rig.records(.fired).count == 1)
    }

    @Test func firedByHandItIsTheNextOccurrenceAndItsPrompt() throws {
        let rig = try Rig(FiringTests.walk, at: .utc("2026-12-07 08:00"))
        let r = rig.ask(.fire("walk"))
        #expect(r.ok && r.messages?.first?.contains("for its occurrence of Mon 2026-12-07 10:00:00 UTC") == true)
        let fired = try #require(rig.records(.fired).first)
        #expect(fired.occurrence == .utc("2026-12-07 10:00") && fired.at == .utc("2026-12-07 08:00"))
        // Its time comes: it does not fire a second time.
        rig.advance(to: .utc("2026-12-07 10:30"))
        #expect(rig.records(.fired).count == 1)
        #expect(rig.notifier.shown.count == 1)
    }

    @Test func anUnknownRitualIsRefusedWithTheKnownOnes() throws {
        let rig = try Rig(FiringTests.walk, at: .utc("2026-12-07 08:00"))
        let r = rig.ask(.done("nap"))
        #expect(!r.ok && r.error == "no ritual \"nap\"; the rituals are: walk")
        #expect(rig.ask(.done("walk")).error?.contains("has nothing to answer") == true)
    }
}
