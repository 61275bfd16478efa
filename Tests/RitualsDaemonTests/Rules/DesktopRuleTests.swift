import RitualsControl
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

    /// On GNOME Shell (and only there), a click on the notification in the message list, where
    /// it has no buttons, shows it again with them, while its occurrence is open.
    @Test(arguments: [("gnome-shell 43.9", true), ("dunst 1.9.0", false)])
    func aClickShowsItAgainOnGnomeShell(server: String, reopens: Bool) throws {
        let rig = try Rig(FiringTests.walk, at: .utc("2026-12-07 09:00"))
        rig.send(.notificationServer(DesktopStatus(server: server, capabilities: ["actions"])))
        #expect(rig.notifier.reopensOnClick == reopens)
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.notifier.click(on: "walk"))
        rig.settle()
        #expect(rig.notifier.openNotices.map(\.occurrence) == [OccurrenceID("walk", .utc("2026-12-07 10:00"))])
        #expect(rig.notifier.shown.count == 2)
        #expect(rig.records(.done).isEmpty, "a click is no answer")
        #expect(rig.notifier.press(.done, on: "walk"))
        rig.settle()
        #expect(rig.records(.done).count == 1)
    }
}
