import Foundation
import Testing

/// A notification server's Do Not Disturb, followed on the session bus from its own signals:
/// dunst paused by `dunstctl`, Xfce's switched in xfconf (each on a desktop of its own, so that no
/// other test's notifications wait), is said by `ritualctl status`, and said no more once it ends.
@Suite(.serialized)
struct DoNotDisturbTests {
    @discardableResult
    static func dunstctl(_ arguments: [String], on desktop: RealDesktop) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/dunstctl")
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(["DBUS_SESSION_BUS_ADDRESS": desktop.bus]) {
            $1
        }
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "dunstctl \(arguments)")
        return said.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What `status --json` says of the desktop.
    static func desktop(_ run: RitualdRunner) -> [String: Any] {
        guard let out = try? run.ctl(["status", "--json"]).stdout,
            let json = try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        else { return [:] }
        return json["desktop"] as? [String: Any] ?? [:]
    }

    /// The desktops whose switch is followed and that this machine runs: dunst always, mako,
    /// GNOME Shell and Xfce when installed, Plasma with `make test-desktops`.
    static let kinds =
        ["dunst"] + RealDesktop.testable
        + ["mako"].filter { (try? ScriptCall.run("servers/desktop_server.py", ["available", $0])) != nil }

    /// Switches Do Not Disturb on `desktop` as its person does: dunstctl, `makoctl mode`,
    /// GSettings (GNOME Shell's switch in its message list writes the same key), or xfconf (Xfce's
    /// settings and panel plugin write the same setting).
    static func set(_ on: Bool, on desktop: RealDesktop) throws {
        if desktop.kind == "dunst" {
            try dunstctl(["set-paused", on ? "true" : "false"], on: desktop)
            return
        }
        if desktop.kind == "mako" {
            try ScriptCall.run("servers/desktop_server.py", ["mode", desktop.dir, "do-not-disturb", on ? "on" : "off"])
            return
        }
        if desktop.kind == "plasma" {
            // As an application asks for it (Inhibit), which Inhibited tells.
            try ScriptCall.run("servers/desktop_server.py", ["inhibit", desktop.dir, on ? "on" : "off"])
            return
        }
        let p = Process()
        var environment = ["DBUS_SESSION_BUS_ADDRESS": desktop.bus]
        if desktop.kind == "gnome-shell" {
            // GNOME Shell's switch sets show-banners off, in the desktop's dconf.
            p.executableURL = URL(fileURLWithPath: "/usr/bin/gsettings")
            p.arguments = ["set", "org.gnome.desktop.notifications", "show-banners", on ? "false" : "true"]
            environment["XDG_CONFIG_HOME"] = desktop.configHome
        } else {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/xfconf-query")
            p.arguments = [
                "-c", "xfce4-notifyd", "-p", "/do-not-disturb", "-n", "-t", "bool", "-s", on ? "true" : "false",
            ]
        }
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "xfconf-query")
    }

    @Test(arguments: DoNotDisturbTests.kinds)
    func doNotDisturbIsSaidAndItsEndToo(kind: String) throws {
        let desktop = try RealDesktop(kind)
        defer { desktop.stop() }
        let run = try RitualdRunner(
            config: RealDesktopTests.later(DesktopTests.unique("dnd"), "Evening check-in"))
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: desktop.environment)
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(TestDesktop.poll(within: 30) { DoNotDisturbTests.desktop(run)["doNotDisturb"] as? Bool == false })

        try DoNotDisturbTests.set(true, on: desktop)
        #expect(TestDesktop.poll(within: 30) { DoNotDisturbTests.desktop(run)["doNotDisturb"] as? Bool == true })
        let text = try run.ctl(["status"]).stdout
        #expect(text.contains("Do Not Disturb on"), "\(text)")

        try DoNotDisturbTests.set(false, on: desktop)
        #expect(TestDesktop.poll(within: 30) { DoNotDisturbTests.desktop(run)["doNotDisturb"] as? Bool == false })
        #expect(!(try run.ctl(["status"]).stdout.contains("Do Not Disturb")))
    }

    /// Paused before rituald starts: a ritual fired meanwhile is held (recorded, said in status,
    /// never handed to dunst), and shown by dunst once the pause ends.
    @Test func aRitualFiredWhilePausedIsHeldAndShownWhenResumed() throws {
        let desktop = try RealDesktop("dunst")
        defer { desktop.stop() }
        try DoNotDisturbTests.dunstctl(["set-paused", "true"], on: desktop)
        let id = DesktopTests.unique("held")
        let run = try RitualdRunner(config: RealDesktopTests.later(id, "Evening check-in"))
        let notify = try NotifyListener()
        var p = try run.launch(notify: notify, environment: desktop.environment)
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(TestDesktop.poll(within: 30) { DoNotDisturbTests.desktop(run)["doNotDisturb"] as? Bool == true })

        #expect(try run.ctl(["fire", id]).status == 0)
        #expect(TestDesktop.poll(within: 30) { run.records("held").count == 1 }, "\(run.log)")
        #expect(run.records("held").first?["reason"] as? String == "do-not-disturb")
        #expect(run.records("fired").count == 1, "fired as without the hold")
        let status = try run.ctl(["status"]).stdout
        #expect(status.contains("Held:") && status.contains("Evening check-in") && status.contains("Do Not Disturb"))
        #expect(try DoNotDisturbTests.dunstctl(["count", "waiting"], on: desktop) == "0", "nothing handed to dunst")

        // A restart while Do Not Disturb is still on keeps the hold: the server is told of with
        // its switch, never without it first.
        p.terminate()
        p.waitUntilExit()
        let again = try NotifyListener()
        p = try run.launch(notify: again, environment: desktop.environment)
        #expect(again.wait(for: "READY=1", within: 30) != nil)
        #expect(TestDesktop.poll(within: 30) { DoNotDisturbTests.desktop(run)["doNotDisturb"] as? Bool == true })
        #expect(try run.ctl(["status"]).stdout.contains("Held:"), "still held after the restart")

        try DoNotDisturbTests.dunstctl(["set-paused", "false"], on: desktop)
        #expect(
            TestDesktop.poll(within: 30) {
                (try? DoNotDisturbTests.dunstctl(["count", "displayed"], on: desktop)) == "1"
            }, "\(run.log)")
        #expect(!(try run.ctl(["status"]).stdout.contains("Held:")))
        #expect(run.records("held").count == 1 && run.records("fired").count == 1)
    }

    /// On each desktop: a ritual fired while Do Not Disturb is on is held (never on screen), is
    /// shown once it ends, and Done pressed on it with the pointer is recorded.
    @Test(arguments: DoNotDisturbTests.kinds)
    func heldThenShownAndDone(on kind: String) throws {
        let desktop = try RealDesktop(kind)
        defer { desktop.stop() }
        try DoNotDisturbTests.set(true, on: desktop)
        let id = DesktopTests.unique("held")
        let title = "Held on \(kind)"
        let run = try RitualdRunner(config: RealDesktopTests.later(id, title))
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: desktop.environment)
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(TestDesktop.poll(within: 30) { DoNotDisturbTests.desktop(run)["doNotDisturb"] as? Bool == true })

        #expect(try run.ctl(["fire", id]).status == 0)
        #expect(TestDesktop.poll(within: 30) { run.records("held").count == 1 }, "\(run.log)")
        let mine = { desktop.shown().filter { $0["title"] == nil || $0["title"] as? String == title } }
        #expect(mine().isEmpty, "held, not shown: \(desktop.shown())")

        try DoNotDisturbTests.set(false, on: desktop)
        #expect(TestDesktop.poll(within: 30) { mine().count == 1 }, "shown once released: \(run.log)")
        try DoNotDisturbTests.pressDone(on: desktop)
        #expect(TestDesktop.poll(within: 30) { run.records("done").count == 1 }, "\(run.log)")
        #expect(run.records("held").count == 1 && run.records("fired").count == 1)
    }

    /// Done pressed as a person does: with the pointer, or on dunst in its context menu (opened
    /// with `dunstctl context`, its pick script choosing the Done line).
    static func pressDone(on desktop: RealDesktop) throws {
        guard desktop.kind == "dunst" else {
            try desktop.hover()
            try desktop.press(0, of: 3)
            return
        }
        let menu = desktop.dir + "/menu"
        try "\\[[0-9]+,done\\]".write(toFile: desktop.dir + "/pick", atomically: true, encoding: .utf8)
        // dunst ignores a request while it still reads the previous menu's answer: ask again.
        for _ in 0..<10 {
            try dunstctl(["context"], on: desktop)
            if TestDesktop.check(every: 50_000, for: 1, { FileManager.default.fileExists(atPath: menu) }) { break }
        }
    }
}
