import Foundation
import Testing

/// Where no journald listens (a container without one), rituald's entries go to standard error,
/// and `status` says so. Root only: the journal's socket is hidden in a mount namespace of its own.
@Suite(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")))
struct JournalTests {
    @Test func withoutAJournalEntriesGoToStandardErrorAndStatusSaysSo() throws {
        let run = try RitualdRunner(config: DaemonTests.config)
        let notify = try NotifyListener()
        let p = try run.launch(
            notify: notify, environment: ["PATH": "/nonexistent"],
            prefix: [
                "/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
                "/bin/mkdir -p /run/systemd/journal && /bin/mount -t tmpfs tmpfs /run/systemd/journal && exec \"$@\"",
                "sh",
            ])
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil, "\(run.log)")
        #expect(TestDesktop.poll(within: 10) { run.log.contains("rituald: fired: Tick") }, "\(run.log)")
        let status = try run.ctl(["status"]).stdout
        #expect(status.contains("Journal:") && status.contains("no journald listens"), "\(status)")
        let json = try JSONSerialization.jsonObject(with: Data(try run.ctl(["status", "--json"]).stdout.utf8))
        #expect(((json as? [String: Any])?["journal"] as? String)?.contains("standard error") == true)
    }

    @Test func withAJournalStatusSaysNothingOfIt() throws {
        guard TestDesktop.hasJournal else { return }
        let run = try RitualdRunner(config: DaemonTests.config)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: ["PATH": "/nonexistent"])
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(!(try run.ctl(["status"]).stdout.contains("Journal:")))
    }
}
