import Foundation
import Testing

/// The person's session as logind tells of it (python3-dbusmock's logind on a system bus of its
/// own): a locked screen holds a ritual's notification (never handed to dunst) and sends it
/// through a `when = "away"` channel; unlocked, it is shown, and Done on it is recorded. Idle for
/// longer than `away_after` is away too.
@Suite(.serialized, .enabled(if: LogindMock.available, "needs python3-dbusmock (make test installs it)"))
struct LockedAndAwayTests {
    static func config(_ id: String, away: String) -> String {
        """
        [settings]
        timezone = "UTC"
        catch_up = "1h"
        channels = ["desktop", "phone"]
        [channels.desktop]
        hold = ["do-not-disturb", "locked", "away"]
        away_after = "10m"
        [channels.phone]
        kind = "command"
        argv = ["/bin/sh", "-c", "echo \\"$RITUAL_EVENT $RITUAL_ID\\" >> \(away)"]
        when = "away"
        \(ritual(id))
        """
    }

    /// The evening check-in, not due for an hour (`ritualctl fire` shows it).
    static func ritual(_ id: String) -> String {
        """
        [[ritual]]
        id = "\(id)"
        title = "Evening check-in"
        when = "\(RitualdRunner.moment(3600))"
        quiet_hours = "ignore"
        prompts = ["What do you need from me tomorrow?"]
        """
    }

    /// What `status --json` says of the session.
    static func session(_ run: RitualdRunner) -> [String: Any] {
        guard let out = try? run.ctl(["status", "--json"]).stdout,
            let json = try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        else { return [:] }
        return json["session"] as? [String: Any] ?? [:]
    }

    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test(arguments: ["locked", "away"])
    func heldWhileAwaySentToThePhoneShownOnReturn(by reason: String) throws {
        let desktop = try RealDesktop("dunst")
        defer { desktop.stop() }
        let logind = try LogindMock()
        defer { logind.stop() }
        let id = DesktopTests.unique(reason)
        let away = desktop.dir + "/phone"
        let run = try RitualdRunner(config: LockedAndAwayTests.config(id, away: away))
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: desktop.environment.merging(logind.environment) { $1 })
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(
            TestDesktop.poll(within: 30) { LockedAndAwayTests.session(run)["locked"] as? Bool == false },
            "\(LockedAndAwayTests.session(run)) \(run.log)")

        // At the desk a while ago: idle for five minutes is not away yet.
        try logind.idle(since: 300)
        #expect(TestDesktop.poll(within: 30) { LockedAndAwayTests.session(run)["idleSince"] != nil })
        if reason == "locked" {
            try logind.lock(true)
            #expect(TestDesktop.poll(within: 30) { LockedAndAwayTests.session(run)["locked"] as? Bool == true })
            #expect(try run.ctl(["status"]).stdout.contains("screen locked"))
        } else {
            try logind.idle(since: 900)
        }
        // Said by status once logind told of it: then the firing is held.
        #expect(try run.ctl(["fire", id]).status == 0)
        #expect(TestDesktop.poll(within: 30) { run.records("held").count == 1 }, "\(run.log)")
        #expect(run.records("held").first?["reason"] as? String == reason)
        #expect(TestDesktop.poll(within: 30) { LockedAndAwayTests.lines(away) == ["fired \(id)"] }, "the phone has it")
        #expect(try DoNotDisturbTests.dunstctl(["count", "displayed"], on: desktop) == "0", "nothing on screen")
        let next = try run.ctl(["next"]).stdout
        #expect(next.contains("Held since") && next.contains(id), "\(next)")

        // Back: shown at once, once; Done on it recorded; the phone gets nothing more.
        if reason == "locked" { try logind.lock(false) }
        try logind.idle(since: nil)
        #expect(
            TestDesktop.poll(within: 30) {
                (try? DoNotDisturbTests.dunstctl(["count", "displayed"], on: desktop)) == "1"
            },
            "\(run.log)")
        try DoNotDisturbTests.pressDone(on: desktop)
        #expect(TestDesktop.poll(within: 30) { run.records("done").count == 1 }, "\(run.log)")
        #expect(LockedAndAwayTests.lines(away) == ["fired \(id)"])
        #expect(run.records("held").count == 1 && run.records("fired").count == 1)
    }

    /// Two computers: Alex's reminder held while Alex's screen is locked shows in Sam's `status`
    /// (whose, why; the folder carries no text of the ritual), and goes once Alex is back.
    @Test func thePartnerSeesTheHold() throws {
        let desktop = try RealDesktop("dunst")
        defer { desktop.stop() }
        let logind = try LogindMock()
        defer { logind.stop() }
        let id = DesktopTests.unique("both")
        let couple = try TwoComputers(rituals: LockedAndAwayTests.ritual(id))
        let alexNotify = try NotifyListener()
        let alex = try couple.alex.launch(
            notify: alexNotify, environment: desktop.environment.merging(logind.environment) { $1 })
        defer { alex.terminate() }
        let samNotify = try NotifyListener()
        let sam = try couple.sam.launch(
            notify: samNotify, environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"])
        defer { sam.terminate() }
        #expect(alexNotify.wait(for: "READY=1", within: 30) != nil && samNotify.wait(for: "READY=1", within: 30) != nil)
        #expect(TestDesktop.poll(within: 30) { LockedAndAwayTests.session(couple.alex)["locked"] as? Bool == false })

        try logind.lock(true)
        #expect(TestDesktop.poll(within: 30) { LockedAndAwayTests.session(couple.alex)["locked"] as? Bool == true })
        #expect(try couple.alex.ctl(["fire", id]).status == 0)
        #expect(TestDesktop.poll(within: 30) { couple.alex.records("held").count == 1 }, "\(couple.alex.log)")
        let samSees = {
            ((try? couple.sam.ctl(["status"]).stdout) ?? "").split(separator: "\n").filter { $0.hasPrefix("Alex:") }
                .joined()
        }
        #expect(
            TestDesktop.poll(within: 30) { samSees().contains("Evening check-in held since") },
            "\(samSees()) \((try? String(contentsOfFile: couple.shared + "/alex.jsonl", encoding: .utf8)) ?? "")")
        #expect(samSees().contains("screen locked"))
        let folder = (try? String(contentsOfFile: couple.shared + "/alex.jsonl", encoding: .utf8)) ?? ""
        #expect(folder.contains("\"reason\":\"locked\"") && !folder.contains("What do you need"), "\(folder)")

        try logind.lock(false)
        #expect(
            TestDesktop.poll(within: 30) { !samSees().contains("held since") },
            "\(samSees()) \((try? String(contentsOfFile: couple.shared + "/alex.jsonl", encoding: .utf8)) ?? "")")
    }
}
