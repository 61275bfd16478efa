import RitualsControl
import RitualsCore
import Testing

@testable import RitualsDaemon

/// While the notification server says its person asked not to be disturbed, a ritual's
/// notification is held (recorded once, said in status), shown once Do Not Disturb ends if its
/// occurrence is still open and within catch_up; an answer lets it go; `hold = false` breaks
/// through. What is fired or answered is recorded as without the hold.
struct HoldRuleTests {
    static let walk = Rig.config(
        settings: "catch_up = \"2h\"",
        Rig.ritual("walk", "*-*-* 10:00", "remind_again = \"30m\"\nremind_again_limit = 1"))

    static func server(doNotDisturb: Bool?) -> Input {
        .notificationServer(DesktopStatus(server: "dunst 1.9.0", capabilities: ["actions"], doNotDisturb: doNotDisturb))
    }

    @Test func heldWhileDoNotDisturbAndShownOnceWhenItEnds() throws {
        let rig = try Rig(HoldRuleTests.walk, at: .utc("2026-12-07 09:00"))
        rig.send(HoldRuleTests.server(doNotDisturb: true))
        rig.advance(to: .utc("2026-12-07 10:45"))
        #expect(rig.notifier.shown.isEmpty, "nothing shown while Do Not Disturb is on")
        // Fired and reminded as without the hold; held once, with its reason.
        #expect(rig.records(.fired).count == 1 && rig.records(.remindedAgain).count == 1)
        let held = rig.records(.held)
        #expect(held.count == 1)
        #expect(held.first?.reason == "do-not-disturb" && held.first?.occurrence == .utc("2026-12-07 10:00"))
        let entry = try #require(rig.journal.entries("held").first)
        #expect(entry["RITUAL_HELD_BY"] == "do-not-disturb" && entry["RITUAL_ID"] == "walk")
        let status = try #require(rig.ask(.status).status)
        #expect(status.held?.map(\.ritual) == ["walk"])
        #expect(status.held?.first?.since == .utc("2026-12-07 10:00"))

        rig.send(HoldRuleTests.server(doNotDisturb: false))
        // The latest of the held ritual, once: the reminder.
        #expect(rig.notifier.shown.map(\.occurrence) == [OccurrenceID("walk", .utc("2026-12-07 10:00"))])
        #expect(rig.notifier.shown.first?.body.contains("reminder") == true, "\(rig.notifier.shown)")
        #expect(rig.ask(.status).status?.held == nil)
        rig.send(HoldRuleTests.server(doNotDisturb: false))
        #expect(rig.notifier.shown.count == 1, "shown once")
    }

    @Test func anAnswerWhileHeldLetsItGo() throws {
        let rig = try Rig(HoldRuleTests.walk, at: .utc("2026-12-07 09:00"))
        rig.send(HoldRuleTests.server(doNotDisturb: true))
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.ask(.done("walk")).ok)
        #expect(rig.ask(.status).status?.held == nil)
        rig.send(HoldRuleTests.server(doNotDisturb: false))
        #expect(rig.notifier.shown.isEmpty)
        #expect(rig.records(.done).count == 1)
    }

    @Test func heldPastItsCatchUpIsNotShown() throws {
        let rig = try Rig(HoldRuleTests.walk, at: .utc("2026-12-07 09:00"))
        rig.send(HoldRuleTests.server(doNotDisturb: true))
        rig.advance(to: .utc("2026-12-07 12:30"))
        rig.send(HoldRuleTests.server(doNotDisturb: false))
        #expect(rig.notifier.shown.isEmpty)
        // Missed, once, and said why.
        #expect(rig.records(.missed).map(\.occurrence) == [.utc("2026-12-07 10:00")])
        #expect(rig.journal.entries("missed").first?["MESSAGE"]?.contains("held while Do Not Disturb is on") == true)
        rig.send(HoldRuleTests.server(doNotDisturb: true))
        rig.send(HoldRuleTests.server(doNotDisturb: false))
        #expect(rig.records(.missed).count == 1)
    }

    /// A ritual with `hold = false` breaks through; a server whose Do Not Disturb is not known
    /// holds nothing.
    @Test(arguments: [("hold = false", true as Bool?), ("", nil)])
    func shownAtOnce(extra: String, doNotDisturb: Bool?) throws {
        let rig = try Rig(Rig.config(Rig.ritual("walk", "*-*-* 10:00", extra)), at: .utc("2026-12-07 09:00"))
        rig.send(HoldRuleTests.server(doNotDisturb: doNotDisturb))
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.notifier.shown.count == 1)
        #expect(rig.records(.held).isEmpty)
    }

    /// A restart while it is held loses nothing: it waits again, and shows once Do Not Disturb
    /// is off.
    @Test func aRestartKeepsWhatIsHeld() throws {
        let rig = try Rig(HoldRuleTests.walk, at: .utc("2026-12-07 09:00"))
        rig.send(HoldRuleTests.server(doNotDisturb: true))
        rig.advance(to: .utc("2026-12-07 10:05"))
        try rig.restart()
        rig.advance(by: .seconds(1))
        #expect(rig.ask(.status).status?.held?.map(\.ritual) == ["walk"])
        #expect(rig.records(.held).count == 1, "held once, not again at the restart")
        rig.send(HoldRuleTests.server(doNotDisturb: false))
        #expect(rig.notifier.shown.map(\.occurrence) == [OccurrenceID("walk", .utc("2026-12-07 10:00"))])
    }
}
