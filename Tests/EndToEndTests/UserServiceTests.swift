import Foundation
import Testing

/// The unit as `make install` ships it, under a real `systemd --user`: start, status, a broken
/// reload, kill -9, the watchdog, stop, uninstall.
@Suite(.serialized, .enabled(if: UserManager.available, "needs root, unshare, systemd and a journald"))
struct UserServiceTests {
    @Test func theShippedUnitRunsUnderARealUserManager() async throws {
        let manager = try UserManager()
        defer { manager.stop() }
        #expect(FileManager.default.fileExists(atPath: manager.runtime + "/systemd/private"), "the manager is up")
        let configDir = manager.home + "/.config/rituals"
        try FileManager.default.createDirectory(atPath: configDir, withIntermediateDirectories: true)
        try DaemonTests.config.write(toFile: configDir + "/rituals.toml", atomically: true, encoding: .utf8)
        let bin = URL(fileURLWithPath: Ritualctl.path).deletingLastPathComponent().path
        let installed = manager.run("scripts/make/install-files", [bin, "--no-catalog"])
        #expect(installed.status == 0, "\(installed.output)")
        let unit = manager.home + "/.config/systemd/user/rituald.service"
        let verify = manager.run("/usr/bin/systemd-analyze", ["--user", "verify", unit])
        #expect(verify.status == 0 && verify.output.isEmpty, "systemd-analyze verify: \(verify.output)")

        #expect(manager.systemctl("start", "rituald").status == 0, "\(manager.systemctl("status", "rituald").output)")
        #expect(manager.property("ActiveState") == "active")
        #expect(manager.property("StatusText").hasPrefix("1 ritual; next: Tick at"))
        let first = manager.property("MainPID")
        let status = manager.run(manager.home + "/.local/bin/ritualctl", ["status"])
        #expect(status.status == 0 && status.output.contains("PID:        \(first)"))

        // A broken file: the reload fails, the same process keeps the old rituals.
        try (DaemonTests.config + "when = \"Mon 25:00\"\n").write(
            toFile: configDir + "/rituals.toml", atomically: true, encoding: .utf8)
        #expect(manager.systemctl("reload", "rituald").status != 0)
        #expect(manager.property("MainPID") == first && manager.property("ActiveState") == "active")
        try DaemonTests.config.write(toFile: configDir + "/rituals.toml", atomically: true, encoding: .utf8)

        // kill -9: restarted (RestartSec=5).
        kill(Int32(first) ?? 0, SIGKILL)
        #expect(
            await TestDesktop.waitUntil(within: 30) {
                let pid = manager.property("MainPID")
                return pid != first && pid != "0" && manager.property("ActiveState") == "active"
            })
        #expect(manager.property("NRestarts") == "1")

        // The watchdog, in a drop-in: a stopped rituald is killed and started again.
        let dropIn = unit + ".d"
        try FileManager.default.createDirectory(atPath: dropIn, withIntermediateDirectories: true)
        try "[Service]\nWatchdogSec=2\nTimeoutAbortSec=2\n".write(
            toFile: dropIn + "/watchdog.conf", atomically: true, encoding: .utf8)
        #expect(manager.systemctl("daemon-reload").status == 0)
        #expect(manager.systemctl("restart", "rituald").status == 0)
        let watched = manager.property("MainPID")
        kill(Int32(watched) ?? 0, SIGSTOP)
        #expect(
            await TestDesktop.waitUntil(within: 40) {
                let pid = manager.property("MainPID")
                return pid != watched && pid != "0" && manager.property("ActiveState") == "active"
            }, "restarted by the watchdog")

        // A clean stop.
        #expect(manager.systemctl("stop", "rituald").status == 0)
        #expect(manager.property("Result") == "success")
        #expect(manager.property("ActiveState") == "inactive")

        // Across the kill and the watchdog, no occurrence fired twice.
        let history =
            (try? String(contentsOfFile: manager.home + "/.local/state/rituals/history.jsonl", encoding: .utf8)) ?? ""
        let fired = history.split(separator: "\n").compactMap { line -> Int? in
            guard let r = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                r["event"] as? String == "fired"
            else { return nil }
            return r["occurrence"] as? Int
        }
        #expect(fired.count >= 3)
        #expect(Set(fired).count == fired.count, "an occurrence fired twice")

        // make uninstall: what install put there is gone; the config and the history stay.
        let removed = manager.run("scripts/make/uninstall-files", [])
        #expect(removed.status == 0, "\(removed.output)")
        for path in [unit, manager.home + "/.local/bin/rituald", manager.home + "/.local/bin/ritualctl"] {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) is left")
        }
        #expect(FileManager.default.fileExists(atPath: configDir + "/rituals.toml"))
        #expect(!history.isEmpty)
    }
}
