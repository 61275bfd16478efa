import RitualsCore
import Testing

@testable import RitualsDaemon

/// A notification that finds no notification server is journaled once and waits for one, while
/// its occurrence is open and within catch_up.
struct DesktopRuleTests {
    @Test func aNoticeWithoutAServerWaitsAndShowsWhenOneAnswers() throws {
        let rig = try Rig(FiringTests.walk, at: .utc("2026-12-07 09:00"))
        rig.notifier.serverMissing = true
        rig.advance(to: .utc("2026-12-07 10:00"))
        let failed = try #require(rig.journal.entries("delivery-failed").first)
        #expect(failed["RITUAL_CHANNEL"] == "desktop")
        rig.advance(by: .seconds(5))
        #expect(rig.journal.entries("delivery-failed").count == 1, "said once")
        rig.notifier.serverMissing = false
        rig.advance(by: .seconds(10))
        #expect(rig.notifier.shown.map(\.occurrence) == [OccurrenceID("walk", .utc("2026-12-07 10:00"))])
    }

    @Test func aNoticeAnsweredMeanwhileIsNotShownLate() throws {
        let rig = try Rig(FiringTests.walk, at: .utc("2026-12-07 09:00"))
        rig.notifier.serverMissing = true
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.ask(.done("walk")).ok)
        rig.notifier.serverMissing = false
        rig.advance(by: .minutes(10))
        #expect(rig.notifier.shown.isEmpty)
        #expect(rig.journal.logged(atLeast: .notice).contains { $0.contains("not shown") })
    }
}
