import Foundation
import Testing

/// A second notification server, GNOME's notification-daemon, on a display of its own: a button
/// clicked as a person would, and a notification that waited for the server to come up.
@Suite(.serialized, .enabled(if: SecondDesktop.available, "needs Xvfb, notification-daemon, xdotool, imagemagick"))
struct NotificationDaemonTests {
    /// Where screenshots are kept for people to look at.
    static let screenshots = FileManager.default.currentDirectoryPath + "/.build/screenshots"

    @Test func aPersonClicksDoneOnTheNotification() throws {
        let desktop = try SecondDesktop()
        defer { desktop.stop() }
        try desktop.startServer()
        let id = DesktopTests.unique("click")
        let run = try RitualdRunner(
            config: DesktopTests.once(id: id, title: "Evening check-in", in: -1, prompt: "How was your day, really?"))
        try run.handledLongAgo()
        let notify = try NotifyListener()
        let p = try run.launch(
            notify: notify, environment: ["DBUS_SESSION_BUS_ADDRESS": desktop.busAddress, "DISPLAY": desktop.display])
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        var window: String?
        #expect(
            TestDesktop.poll(within: 20) {
                window = desktop.notificationWindow(); return window != nil
            })
        let shown = try #require(window)
        try FileManager.default.createDirectory(
            atPath: NotificationDaemonTests.screenshots, withIntermediateDirectories: true)
        let shot = NotificationDaemonTests.screenshots + "/notification-daemon.png"
        desktop.screenshot(shot)
        print("screenshot of a notification: \(shot)")
        if let png = FileManager.default.contents(atPath: shot) {
            Attachment.record(png, named: "notification-daemon.png")
        }
        // Done, Snooze 15 min, Skip: three buttons, Done first.
        var buttons: [(x: Int, y: Int)] = []
        #expect(
            TestDesktop.poll(within: 10) {
                buttons = desktop.buttons(of: shown); return buttons.count == 3
            })
        let done = try #require(buttons.first)
        _ = desktop.x(
            "/usr/bin/xdotool", ["mousemove", "--window", shown, String(done.x), String(done.y), "click", "1"])
        #expect(TestDesktop.poll(within: 10) { run.records("done").count == 1 })
        #expect(run.records("done").first?["ritual"] as? String == id)
    }

    /// rituald started before the session: the firing finds no bus, is journaled, and is shown
    /// when the bus and its notification server come.
    @Test func aNotificationWaitsForTheServerToComeUp() throws {
        let desktop = try SecondDesktop()
        defer { desktop.stop() }
        let id = DesktopTests.unique("early")
        let run = try RitualdRunner(config: DesktopTests.once(id: id, title: "Before the session", in: -1))
        try run.handledLongAgo()
        let notify = try NotifyListener()
        let p = try run.launch(
            notify: notify,
            environment: [
                "DBUS_SESSION_BUS_ADDRESS": desktop.busAddress, "DISPLAY": desktop.display,
                "XDG_RUNTIME_DIR": desktop.dir,
            ])
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        let log = run.dir + "/rituald.log"
        #expect(
            TestDesktop.poll(within: 20) {
                ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("delivery-failed: Could not show")
            })
        #expect(desktop.notificationWindow() == nil)
        try desktop.startServer()
        #expect(TestDesktop.poll(within: 30) { desktop.notificationWindow() != nil }, "shown once the server came")
        #expect(run.fired().count == 1)
    }
}
