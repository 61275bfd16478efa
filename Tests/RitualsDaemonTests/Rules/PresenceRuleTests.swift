import RitualsControl
import RitualsCore
import Testing

@testable import RitualsDaemon

/// logind's session: a locked screen holds a ritual's notification (by default), being away for
/// `away_after` holds it when `hold` says so, and a `when = "away"` channel gets a ritual's events
/// only while its person is away (locked, or idle that long). Unlocking or coming back shows what
/// waits, once.
struct PresenceRuleTests {
    static func config(desktop: String = "", channels: String = "") -> String {
        Rig.config(
            settings: """
                catch_up = "2h"
                channels = ["desktop", "phone"]
                [channels.desktop]
                \(desktop)
                [channels.phone]
                kind = "command"
                argv = ["/bin/true"]
                when = "away"
                events = ["fired", "reminded-again"]
                \(channels)
                """,
            Rig.ritual("walk", "*-*-* 10:00", "remind_again = \"30m\"\nremind_again_limit = 1"))
    }

    static func session(locked: Bool = false, idleSince: Instant? = nil) -> Input {
        .session(SessionStatus(session: "/org/freedesktop/login1/session/c1", locked: locked, idleSince: idleSince))
    }

    static let walk = OccurrenceID("walk", .utc("2026-12-07 10:00"))

    @Test func aLockedScreenHoldsAndTheAwayChannelGetsIt() throws {
        let rig = try Rig(PresenceRuleTests.config(), at: .utc("2026-12-07 09:00"))
        rig.send(HoldRuleTests.server(doNotDisturb: false))
        rig.send(PresenceRuleTests.session(locked: true))
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.notifier.shown.isEmpty)
        #expect(rig.records(.held).map(\.reason) == ["locked"])
        #expect(rig.journal.entries("held").first?["RITUAL_HELD_BY"] == "locked")
        #expect(rig.sender.events(through: "phone") == ["walk:fired"], "away: the phone gets it")
        let status = try #require(rig.ask(.status).status)
        #expect(status.session?.locked == true && status.held?.first?.reason == .locked)
        #expect(rig.ask(.next(count: 1, days: nil)).held?.map(\.ritual) == ["walk"], "next shows it")

        rig.send(PresenceRuleTests.session(locked: false))
        #expect(rig.notifier.shown.map(\.occurrence) == [PresenceRuleTests.walk], "shown once unlocked")
        // Back at the computer: the reminder goes to the desktop only.
        rig.advance(to: .utc("2026-12-07 10:30"))
        #expect(rig.sender.events(through: "phone") == ["walk:fired"])
        #expect(rig.records(.held).count == 1 && rig.records(.fired).count == 1)
    }

    @Test func atTheDeskTheAwayChannelGetsNothing() throws {
        let rig = try Rig(PresenceRuleTests.config(), at: .utc("2026-12-07 09:00"))
        rig.send(HoldRuleTests.server(doNotDisturb: false))
        rig.send(PresenceRuleTests.session())
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.notifier.shown.count == 1)
        #expect(rig.sender.events(through: "phone").isEmpty)
        #expect(rig.records(.held).isEmpty)
    }

    /// Idle for less than away_after is at the desk; for longer, away: the phone gets the events,
    /// and the desktop holds them only when `hold` names "away".
    @Test(arguments: [false, true])
    func idleCountsAsAwayAfterAwayAfter(holdsAway: Bool) throws {
        let desktop = "away_after = \"20m\"" + (holdsAway ? "\nhold = [\"away\"]" : "")
        let rig = try Rig(PresenceRuleTests.config(desktop: desktop), at: .utc("2026-12-07 09:00"))
        rig.send(HoldRuleTests.server(doNotDisturb: false))
        rig.send(PresenceRuleTests.session(idleSince: .utc("2026-12-07 09:50")))
        rig.advance(to: .utc("2026-12-07 10:00"))
        // Ten minutes idle: still at the desk.
        #expect(rig.notifier.shown.count == 1 && rig.sender.events(through: "phone").isEmpty)
        rig.advance(to: .utc("2026-12-07 10:30"))
        #expect(rig.sender.events(through: "phone") == ["walk:reminded-again"], "forty minutes idle: away")
        #expect(rig.records(.held).map(\.reason) == (holdsAway ? ["away"] : []))
        #expect(rig.notifier.shown.count == (holdsAway ? 1 : 2))
        rig.send(PresenceRuleTests.session())
        #expect(rig.notifier.shown.count == 2, "back: the reminder shown, once")
    }

    /// `hold = []` holds nothing, locked or not; `hold = false` on a ritual breaks through.
    @Test(arguments: ["hold = []", ""])
    func nothingHeldWhenNotAsked(desktop: String) throws {
        var config = PresenceRuleTests.config(desktop: desktop)
        if desktop.isEmpty { config = config.replacingOccurrences(of: "remind_again_limit = 1", with: "hold = false") }
        let rig = try Rig(config, at: .utc("2026-12-07 09:00"))
        rig.send(PresenceRuleTests.session(locked: true))
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.notifier.shown.count == 1 && rig.records(.held).isEmpty)
        #expect(rig.sender.events(through: "phone") == ["walk:fired"], "locked is away whatever holds")
    }

    /// Held by a locked screen before a restart: it waits until logind is heard again, whatever
    /// the notification server says first.
    @Test func aRestartWaitsForLogind() throws {
        let rig = try Rig(PresenceRuleTests.config(), at: .utc("2026-12-07 09:00"))
        rig.send(PresenceRuleTests.session(locked: true))
        rig.advance(to: .utc("2026-12-07 10:05"))
        try rig.restart()
        rig.send(HoldRuleTests.server(doNotDisturb: false))
        #expect(rig.notifier.shown.isEmpty && rig.ask(.status).status?.held?.first?.reason == .locked)
        rig.send(PresenceRuleTests.session(locked: true))
        #expect(rig.notifier.shown.isEmpty)
        rig.send(PresenceRuleTests.session(locked: false))
        #expect(rig.notifier.shown.map(\.occurrence) == [PresenceRuleTests.walk])
    }

    /// A reload whose `hold` no longer names what holds a notification shows it at once.
    @Test func aReloadThatHoldsLessShowsWhatWaits() throws {
        let rig = try Rig(PresenceRuleTests.config(), at: .utc("2026-12-07 09:00"))
        rig.send(HoldRuleTests.server(doNotDisturb: false))
        rig.send(PresenceRuleTests.session(locked: true))
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.notifier.shown.isEmpty)
        try PresenceRuleTests.config(desktop: "hold = [\"do-not-disturb\"]").write(
            toFile: rig.configPath, atomically: true, encoding: .utf8)
        #expect(rig.ask(.reload).ok)
        rig.settle()
        #expect(rig.notifier.shown.count == 1, "shown once the reload is in")
        #expect(rig.ask(.status).status?.held == nil)
    }

    /// Where the desktop has an idle monitor of its own (GNOME Shell), it says how long the
    /// computer went unused, not logind.
    @Test func theDesktopsIdleMonitorWinsOverLogind() throws {
        let desktop = "away_after = \"20m\"\nhold = [\"away\"]"
        let rig = try Rig(PresenceRuleTests.config(desktop: desktop), at: .utc("2026-12-07 09:00"))
        rig.send(PresenceRuleTests.session())
        var gnome = DesktopStatus(server: "gnome-shell 43.9", capabilities: ["actions"])
        gnome.idleFollowed = true
        gnome.idleSince = .utc("2026-12-07 09:30")
        rig.send(.notificationServer(gnome))
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.records(.held).map(\.reason) == ["away"] && rig.notifier.shown.isEmpty)
        #expect(rig.sender.events(through: "phone") == ["walk:fired"])
        gnome.idleSince = nil
        rig.send(.notificationServer(gnome))
        #expect(rig.notifier.shown.map(\.occurrence) == [PresenceRuleTests.walk])
    }
}
