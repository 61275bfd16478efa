import Foundation
import Testing

/// rituald on the notification servers of GNOME Shell, Xfce and KDE Plasma: its notification is
/// shown with its three buttons, Done pressed with the pointer is recorded, a reminder replaces
/// the open notification, and a partner's answer withdraws it from that desktop.
@Suite(
    .serialized, .enabled(if: !RealDesktop.testable.isEmpty, "needs gnome-shell or xfce4-notifyd (make test-desktops)"))
struct RealDesktopTests {
    /// A ritual that is not due for an hour: it shows when `ritualctl fire` asks.
    static func later(_ id: String, _ title: String) -> String {
        DesktopTests.once(id: id, title: title, in: 3600, prompt: "Tell each other one thing you noticed today")
    }

    func launch(_ run: RitualdRunner, on desktop: RealDesktop) throws -> Process {
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: desktop.environment)
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        return p
    }

    /// The notifications of `title` shown on `desktop` (GNOME Shell names them; on X, rituald's
    /// are the only windows there).
    func shown(_ desktop: RealDesktop, _ title: String) -> [[String: Any]] {
        desktop.shown().filter { $0["title"] == nil || $0["title"] as? String == title }
    }

    /// rituald on `kind`'s desktop with one ritual, `title`, fired by `ritualctl fire` and shown.
    struct Fired {
        let desktop: RealDesktop
        let run: RitualdRunner
        let process: Process
        let id: String
        let title: String

        func stop() {
            process.terminate()
            desktop.stop()
        }
    }

    func fire(on kind: String, _ title: String) throws -> Fired {
        let desktop = try RealDesktop(kind)
        let id = DesktopTests.unique(kind)
        let run = try RitualdRunner(config: RealDesktopTests.later(id, title))
        let p = try launch(run, on: desktop)
        let fired = Fired(desktop: desktop, run: run, process: p, id: id, title: title)
        #expect(try run.ctl(["fire", id]).status == 0)
        #expect(TestDesktop.poll(within: 20) { shown(desktop, title).count == 1 }, "shown by \(desktop.server)")
        return fired
    }

    /// `ritualctl status` names the server as it names itself over the session bus.
    func serverInStatus(_ f: Fired) throws -> String? {
        let out = try f.run.ctl(["status", "--json"]).stdout
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        return (json?["desktop"] as? [String: Any])?["server"] as? String
    }

    @Test(arguments: RealDesktop.testable)
    func aPersonPressesDone(on kind: String) throws {
        let f = try fire(on: kind, "Check-in on \(kind)")
        defer { f.stop() }
        // What the server says of itself when the harness asks, rituald says too: "NAME VERSION".
        #expect(try serverInStatus(f) == "\(f.desktop.name ?? "") \(f.desktop.version ?? "")", "\(f.desktop.server)")
        // GNOME Shell: kept in the message tray once the banner goes (not transient), where it is
        // not lost, though its buttons are (GNOME Shell shows them on banners only).
        if let transient = shown(f.desktop, f.title).first?["transient"] as? Bool { #expect(!transient) }
        if let buttons = shown(f.desktop, f.title).first?["buttons"] as? [String] {
            #expect(buttons.count == 3 && buttons.first == "Done" && buttons.last == "Skip")
            #expect(buttons.dropFirst().first?.hasPrefix("Snooze 15") == true)
        }
        try f.desktop.hover()
        let shot = try f.desktop.screenshot(kind)
        print("screenshot of a notification on \(f.desktop.server): \(shot)")
        let pressed = try f.desktop.press(0, of: 3)
        if let label = pressed["label"] as? String { #expect(label == "Done") }
        #expect(TestDesktop.poll(within: 10) { f.run.records("done").count == 1 }, "pressed \(pressed)")
        #expect(f.run.records("done").first?["ritual"] as? String == f.id)
        // Answered: the notification is gone from the screen and from the tray.
        #expect(TestDesktop.poll(within: 10) { shown(f.desktop, f.title).isEmpty })
    }

    /// GNOME Shell lets no one but a notification's own sender replace it: there rituald closes
    /// the old one and shows the new one apart; elsewhere it is replaced in place.
    @Test(arguments: RealDesktop.testable)
    func aReminderReplacesTheOpenNotification(on kind: String) throws {
        let f = try fire(on: kind, "Walk on \(kind)")
        defer { f.stop() }
        #expect(try f.run.ctl(["fire", f.id]).status == 0)
        #expect(TestDesktop.poll(within: 20) { f.run.fired().count == 2 })
        // The second is shown in place of the first: one to answer, and its answer counts.
        #expect(TestDesktop.poll(within: 10) { shown(f.desktop, f.title).count == 1 })
        try f.desktop.press(2, of: 3)
        #expect(TestDesktop.poll(within: 10) { f.run.records("skipped").count == 1 })
        #expect(TestDesktop.poll(within: 10) { shown(f.desktop, f.title).isEmpty })
    }

    @Test(arguments: RealDesktop.testable)
    func aPartnersAnswerWithdrawsIt(on kind: String) throws {
        let desktop = try RealDesktop(kind)
        defer { desktop.stop() }
        let id = DesktopTests.unique(kind)
        let title = "Date night on \(kind)"
        let couple = try TwoComputers(rituals: DesktopTests.shared(id: id, title: title))
        try couple.sam.handledLongAgo()
        try couple.alex.handledLongAgo()
        let sam = try launch(couple.sam, on: desktop)
        defer { sam.terminate() }
        // Alex's computer has no desktop here: Alex answers with ritualctl.
        let notify = try NotifyListener()
        let alex = try couple.alex.launch(
            notify: notify,
            environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=\(couple.alex.dir)/no-bus", "DISPLAY": nil])
        defer { alex.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(TestDesktop.poll(within: 20) { shown(desktop, title).count == 1 })
        #expect(TestDesktop.poll(within: 10) { (try? couple.alex.ctl(["done", id]).status) == 0 })
        #expect(TestDesktop.poll(within: 15) { shown(desktop, title).isEmpty }, "withdrawn from \(desktop.server)")
        #expect(TwoComputers.answers(couple.sam, "done", by: "Alex").count == 1)
    }

    /// GNOME Shell's message list shows no buttons: a click on the notification there (as a
    /// person clicks it) shows it again as a banner with its buttons, and Done on it counts.
    @Test(.enabled(if: RealDesktop.testable.contains("gnome-shell")))
    func aClickInGnomeShellsMessageListShowsItAgain() throws {
        let desktop = try RealDesktop("gnome-shell")
        let id = DesktopTests.unique("click")
        let run = try RitualdRunner(config: RealDesktopTests.later(id, "Eye contact"))
        let f = Fired(desktop: desktop, run: run, process: try launch(run, on: desktop), id: id, title: "Eye contact")
        defer { f.stop() }
        // Known as GNOME Shell (its notifications get the default action from then on).
        #expect(TestDesktop.poll(within: 30) { (try? serverInStatus(f))??.hasPrefix("gnome-shell") == true })
        #expect(try run.ctl(["fire", id]).status == 0)
        #expect(TestDesktop.poll(within: 20) { shown(desktop, f.title).count == 1 })
        try f.desktop.click()
        #expect(TestDesktop.poll(within: 30) { f.run.log.contains("notification shown again") }, "\(f.run.log)")
        #expect(
            TestDesktop.poll(within: 30) {
                shown(f.desktop, f.title).contains {
                    $0["banner"] as? Bool == true && ($0["buttons"] as? [String])?.count == 3
                }
            }, "\(f.desktop.shown())")
        #expect(f.run.records("done").isEmpty, "a click is no answer")
        try f.desktop.press(0, of: 3)
        #expect(TestDesktop.poll(within: 30) { f.run.records("done").count == 1 }, "\(f.run.log)")
    }
}
