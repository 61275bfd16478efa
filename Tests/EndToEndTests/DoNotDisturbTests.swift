import Foundation
import Testing

/// A notification server's Do Not Disturb, followed on the session bus from the server's own
/// signals: dunst paused by `dunstctl` (on a desktop of its own, so that no other test's
/// notifications wait) is said by `ritualctl status`, and said no more once it is resumed.
@Suite(.serialized)
struct DoNotDisturbTests {
    static func dunstctl(_ arguments: [String], on desktop: RealDesktop) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/dunstctl")
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(["DBUS_SESSION_BUS_ADDRESS": desktop.bus]) {
            $1
        }
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "dunstctl \(arguments)")
    }

    /// What `status --json` says of the desktop.
    static func desktop(_ run: RitualdRunner) -> [String: Any] {
        guard let out = try? run.ctl(["status", "--json"]).stdout,
            let json = try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        else { return [:] }
        return json["desktop"] as? [String: Any] ?? [:]
    }

    @Test func dunstPausedIsSaidAndResumedIsNot() throws {
        let desktop = try RealDesktop("dunst")
        defer { desktop.stop() }
        let run = try RitualdRunner(
            config: RealDesktopTests.later(DesktopTests.unique("dnd"), "Evening check-in"))
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: desktop.environment)
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(TestDesktop.poll(within: 30) { DoNotDisturbTests.desktop(run)["doNotDisturb"] as? Bool == false })

        try DoNotDisturbTests.dunstctl(["set-paused", "true"], on: desktop)
        #expect(TestDesktop.poll(within: 30) { DoNotDisturbTests.desktop(run)["doNotDisturb"] as? Bool == true })
        let text = try run.ctl(["status"]).stdout
        #expect(text.contains("Do Not Disturb on"), "\(text)")

        try DoNotDisturbTests.dunstctl(["set-paused", "false"], on: desktop)
        #expect(TestDesktop.poll(within: 30) { DoNotDisturbTests.desktop(run)["doNotDisturb"] as? Bool == false })
        #expect(!(try run.ctl(["status"]).stdout.contains("Do Not Disturb")))
    }
}
