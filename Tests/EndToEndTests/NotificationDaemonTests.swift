import Foundation
import Testing

/// A second notification server, GNOME's notification-daemon, on a display and bus of its own
/// (the desktop harness): a button clicked as a person would, and a notification that waited for
/// the server to come up.
@Suite(
    .serialized,
    .enabled(
        if: (try? ScriptCall.run("servers/desktop_server.py", ["available", "notification-daemon"])) != nil,
        "needs Xvfb, notification-daemon, xdotool, imagemagick"))
struct NotificationDaemonTests {
    /// Where screenshots are kept for people to look at.
    static let screenshots = FileManager.default.currentDirectoryPath + "/.build/screenshots"

    @Test func aPersonClicksDoneOnTheNotification() throws {
        let desktop = try RealDesktop("notification-daemon")
        defer { desktop.stop() }
        let id = DesktopTests.unique("click")
        let run = try RitualdRunner(
            config: DesktopTests.once(id: id, title: "Evening check-in", in: -1, prompt: "How was your day, really?"))
        try run.handledLongAgo()
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: desktop.environment)
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(TestDesktop.poll(within: 20) { !desktop.shown().isEmpty })
        let shot = try desktop.screenshot("notification-daemon")
        print("screenshot of a notification: \(shot)")
        if let png = FileManager.default.contents(atPath: shot) {
            Attachment.record(png, named: "notification-daemon.png")
        }
        // Done, Snooze 15 min, Skip: three buttons, Done first.
        try desktop.press(0, of: 3)
        #expect(TestDesktop.poll(within: 10) { run.records("done").count == 1 })
        #expect(run.records("done").first?["ritual"] as? String == id)
    }

    /// rituald started before the session: the firing finds no bus, is journaled, and is shown
    /// when the bus and its notification server come.
    @Test func aNotificationWaitsForTheServerToComeUp() throws {
        let desktop = try RealDesktop("notification-daemon", later: true)
        defer { desktop.stop() }
        let id = DesktopTests.unique("early")
        let run = try RitualdRunner(config: DesktopTests.once(id: id, title: "Before the session", in: -1))
        try run.handledLongAgo()
        let notify = try NotifyListener()
        var environment = desktop.environment
        // The session bus appears in the runtime directory: rituald watches for it there.
        environment["XDG_RUNTIME_DIR"] = desktop.dir
        let p = try run.launch(notify: notify, environment: environment)
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        let log = run.dir + "/rituald.log"
        #expect(
            TestDesktop.poll(within: 20) {
                ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("delivery-failed: Could not show")
            })
        #expect(desktop.shown().isEmpty)
        func desktopStatus() -> String { (try? run.ctl(["status"]).stdout) ?? "" }
        #expect(desktopStatus().contains("no session bus"), "\(desktopStatus())")
        let served = try desktop.serve()
        #expect(TestDesktop.poll(within: 30) { !desktop.shown().isEmpty }, "shown once the server came")
        #expect(run.fired().count == 1)
        #expect(
            TestDesktop.poll(within: 10) {
                desktopStatus().contains("\(served["name"] ?? "") \(served["version"] ?? "")")
            },
            "\(desktopStatus())")
        // Nothing was tried blindly meanwhile: one attempt before the server, one once it came.
        #expect(run.log.components(separatedBy: "delivery-failed: Could not show").count == 2, "\(run.log)")
    }
}
