import Foundation
import Testing

/// GNOME Shell's own idle monitor: unused for `away_after` (a minute here, awaited as the monitor
/// tells it) a firing is held as away; the pointer moved, it is shown.
@Suite(.enabled(if: RealDesktop.testable.contains("gnome-shell"), "needs GNOME Shell"))
struct IdleMonitorTests {
    @Test func awayByGnomeShellsIdleMonitor() throws {
        let desktop = try RealDesktop("gnome-shell")
        defer { desktop.stop() }
        let id = DesktopTests.unique("idle")
        let config = """
            [settings]
            timezone = "UTC"
            [channels.desktop]
            hold = ["away"]
            away_after = "1m"
            \(LockedAndAwayTests.ritual(id))
            """
        let run = try RitualdRunner(config: config)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: desktop.environment)
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        let idle = { DoNotDisturbTests.desktop(run)["idleSince"] }
        #expect(TestDesktop.poll(within: 30) { DoNotDisturbTests.desktop(run)["idleFollowed"] as? Bool == true })
        // A minute without input, as the monitor tells it.
        #expect(TestDesktop.poll(within: 180) { idle() != nil }, "\(DoNotDisturbTests.desktop(run))")
        #expect(try run.ctl(["fire", id]).status == 0)
        #expect(TestDesktop.poll(within: 30) { run.records("held").count == 1 }, "\(run.log)")
        #expect(run.records("held").first?["reason"] as? String == "away")
        #expect(desktop.shown().isEmpty)

        try desktop.nudge()
        #expect(TestDesktop.poll(within: 30) { idle() == nil }, "\(DoNotDisturbTests.desktop(run))")
        #expect(TestDesktop.poll(within: 30) { desktop.shown().count == 1 }, "\(run.log)")
    }
}
