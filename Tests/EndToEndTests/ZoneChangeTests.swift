import Foundation
import Testing

/// The system's time zone changing under a running daemon, in a private mount namespace (the
/// machine's own /etc/localtime is never touched): by a new link, as timedatectl makes it, and
/// by a bind mount over it.
@Suite(.enabled(if: getuid() == 0, "needs root for a private mount namespace"))
struct ZoneChangeTests {
    /// A ritual at 21:00 local time, with no zone of its own.
    static let config = """
        [settings]
        quiet_hours = "03:00-03:01"
        [[ritual]]
        id = "evening"
        title = "Evening"
        when = "21:00"

        """

    /// The zone rituald reports and the offset of its next event.
    func zone(_ run: RitualdRunner) -> (name: String, next: String)? {
        guard let r = try? run.ctl(["status", "--json"]),
            let object = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any],
            let name = object["timezone"] as? String, let next = (object["next"] as? [String: Any])?["at"] as? String
        else { return nil }
        return (name, next)
    }

    /// Starts rituald in a mount namespace of its own, after `setup` ran there; `TZ` unset so
    /// that /etc/localtime decides.
    func launch(_ run: RitualdRunner, _ notify: NotifyListener, setup: String) throws -> Process {
        let script = "set -e\n\(setup)\nexec \"$@\"\n"
        return try run.launch(
            notify: notify, environment: ["PATH": "/nonexistent", "TZ": nil],
            prefix: ["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script, run.dir])
    }

    @Test func aNewLinkForLocaltimeIsFollowed() throws {
        let run = try RitualdRunner(config: ZoneChangeTests.config)
        // A copy of /etc of our own stands in for the system's, bound over it in the namespace.
        let etc = run.dir + "/etc"
        try FileManager.default.createDirectory(atPath: etc, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: etc + "/localtime", withDestinationPath: "/usr/share/zoneinfo/Europe/Lisbon")
        let notify = try NotifyListener()
        let p = try launch(run, notify, setup: "/bin/mount --bind \"$0/etc\" /etc")
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(zone(run)?.name == "Europe/Lisbon")
        try FileManager.default.createSymbolicLink(
            atPath: etc + "/.localtime", withDestinationPath: "/usr/share/zoneinfo/Asia/Tokyo")
        #expect(rename(etc + "/.localtime", etc + "/localtime") == 0)
        #expect(TestDesktop.poll(within: 10) { zone(run)?.name == "Asia/Tokyo" })
        #expect(zone(run)?.next.hasSuffix("T21:00:00+09:00") == true, "\(String(describing: zone(run)))")
    }

    @Test func aBindMountOverLocaltimeIsNoticed() throws {
        let run = try RitualdRunner(config: ZoneChangeTests.config)
        let notify = try NotifyListener()
        let p = try launch(run, notify, setup: "/bin/mount --bind /usr/share/zoneinfo/America/New_York /etc/localtime")
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(zone(run)?.next.hasSuffix("T21:00:00-05:00") == true, "\(String(describing: zone(run)))")
        let nsenter = Process()
        nsenter.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
        nsenter.arguments = [
            "-t", String(p.processIdentifier), "-m", "/bin/mount", "--bind", "/usr/share/zoneinfo/Asia/Tokyo",
            "/etc/localtime",
        ]
        try nsenter.run()
        nsenter.waitUntilExit()
        #expect(nsenter.terminationStatus == 0)
        #expect(TestDesktop.poll(within: 10) { zone(run)?.name == "Asia/Tokyo" })
        #expect(zone(run)?.next.hasSuffix("T21:00:00+09:00") == true, "\(String(describing: zone(run)))")
    }
}
