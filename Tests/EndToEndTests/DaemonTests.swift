import Foundation
import Testing

/// The real rituald with temporary XDG directories and a ritual every few seconds.
struct DaemonTests {
    /// No notify-send: deliveries fail and are journaled, firing goes on.
    static let noDesktop: [String: String?] = ["PATH": "/nonexistent"]

    func launch(_ run: RitualdRunner, notify: NotifyListener, watchdog: Int? = nil) throws -> Process {
        var env = DaemonTests.noDesktop
        env["WATCHDOG_USEC"] = watchdog.map(String.init)
        return try run.launch(notify: notify, environment: env)
    }

    static let config = """
        [settings]
        quiet_hours = "03:00-03:01"
        [[ritual]]
        id = "tick"
        title = "Tick"
        when = "*:*:0/2"
        quiet_hours = "ignore"
        prompts = ["one", "two"]

        """

    /// SIGTERM the moment READY=1 arrives, again and again: each stop is taken, none is lost
    /// while the daemon finishes starting.
    @Test func stopsOnSignalsSentRightAfterReady() throws {
        for round in 0..<20 {
            let run = try RitualdRunner(config: DaemonTests.config)
            let notify = try NotifyListener()
            let p = try launch(run, notify: notify)
            defer { if p.isRunning { p.terminate() } }
            _ = try #require(notify.wait(for: "READY=1", within: 30))
            p.terminate()
            #expect(notify.wait(for: "STOPPING=1", within: 10) != nil, "round \(round)")
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "round \(round)")
        }
    }

    @Test func firesRecordsTellsSystemdAndStopsCleanly() throws {
        let run = try RitualdRunner(config: DaemonTests.config)
        let notify = try NotifyListener()
        let p = try launch(run, notify: notify)
        defer { if p.isRunning { p.terminate() } }
        let ready = try #require(notify.wait(for: "READY=1", within: 30))
        #expect(ready.contains("STATUS=1 ritual; next: Tick at"))
        // Every firing re-arms the timer and updates STATUS=; two updates mean at least one firing.
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        p.terminate()
        #expect(notify.wait(for: "STOPPING=1", within: 5) != nil)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let records = run.records("fired")
        #expect(!records.isEmpty)
        // ritualctl is not on PATH here: --verbose names it by its full path, with this socket.
        let log = try String(contentsOfFile: run.dir + "/rituald.log", encoding: .utf8)
        #expect(log.contains("to see one now: \(Ritualctl.path) fire tick --socket \(run.socketPath)"))
        #expect(records.allSatisfy { ($0["occurrence"] as? Int).map { $0 % 2_000_000 == 0 } == true })
    }

    @Test func reloadWithABrokenFileKeepsFiring() throws {
        let run = try RitualdRunner(config: DaemonTests.config)
        let notify = try NotifyListener()
        let p = try launch(run, notify: notify)
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        try "[[ritual]]\nid = \"x\"\n".write(toFile: run.configPath, atomically: true, encoding: .utf8)
        kill(p.processIdentifier, SIGHUP)
        #expect(notify.wait(for: "RELOADING=1", within: 5) != nil)
        let again = try #require(notify.wait(for: "READY=1", within: 5))
        #expect(again.contains("next: Tick at"))
        let before = run.records("fired").count
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        #expect(run.records("fired").count > before)
    }

    @Test func catchUpAtStartAndNoDoubleFiringAfterKill() throws {
        let run = try RitualdRunner(config: DaemonTests.config)
        try FileManager.default.createDirectory(atPath: "\(run.dir)/state", withIntermediateDirectories: true)
        // The last handled occurrence was a minute ago: about 30 were missed since.
        let now = Int(Date().timeIntervalSince1970) / 2 * 2
        let last = (now - 60) * 1_000_000
        try "{\"at\":\(last),\"event\":\"fired\",\"occurrence\":\(last),\"ritual\":\"tick\"}\n"
            .write(toFile: "\(run.dir)/state/history.jsonl", atomically: true, encoding: .utf8)
        let notify = try NotifyListener()
        let first = try launch(run, notify: notify)
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let text = try String(contentsOfFile: "\(run.dir)/state/history.jsonl", encoding: .utf8)
        let records = text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let missed = records.filter { $0["event"] as? String == "missed" }
        #expect(missed.count >= 25)
        let second = try launch(run, notify: notify)
        defer { if second.isRunning { second.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        second.terminate()
        second.waitUntilExit()
        let occurrences = run.records("fired").compactMap { $0["occurrence"] as? Int }
        #expect(occurrences.count >= 3)
        #expect(Set(occurrences).count == occurrences.count, "an occurrence fired twice")
    }

    @Test func pingsTheWatchdogWhenAsked() throws {
        let run = try RitualdRunner(config: DaemonTests.config)
        let notify = try NotifyListener()
        let p = try launch(run, notify: notify, watchdog: 400_000)
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "WATCHDOG=1", within: 30) != nil)
    }

    /// As another user, the state directory (made by root) cannot be written: the daemon goes on
    /// firing and says so in STATUS=.
    @Test(.enabled(if: getuid() == 0, "needs root to run rituald as nobody"))
    func aStateDirectoryItCannotWriteIsReportedAndFiringGoesOn() throws {
        let run = try RitualdRunner(config: DaemonTests.config)
        try FileManager.default.createDirectory(atPath: run.dir + "/state", withIntermediateDirectories: true)
        chmod(run.dir, 0o755)
        chmod(run.configPath, 0o644)
        let notify = try NotifyListener()
        chmod(notify.path, 0o666)
        let setpriv = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        var env = DaemonTests.noDesktop
        env["HOME"] = "/nonexistent"
        let p = try run.launch(notify: notify, environment: env, prefix: setpriv)
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        let status = try #require(notify.wait(for: "not saved", within: 10))
        #expect(status.contains("Permission denied"))
        #expect(notify.wait(for: "not saved", within: 10) != nil)
        #expect(p.isRunning)
        #expect(run.records().isEmpty)
    }

    /// A history someone filled with garbage: a copy is kept, the readable records still count.
    @Test func aGarbledHistoryIsKeptAsideAndFiringGoesOn() throws {
        let run = try RitualdRunner(config: DaemonTests.config)
        try FileManager.default.createDirectory(atPath: run.dir + "/state", withIntermediateDirectories: true)
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) })
        try garbage.write(to: URL(fileURLWithPath: run.historyPath))
        try "{ not json".write(toFile: run.dir + "/state/state.json", atomically: true, encoding: .utf8)
        let notify = try NotifyListener()
        let p = try launch(run, notify: notify)
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        p.terminate()
        p.waitUntilExit()
        let files = try FileManager.default.contentsOfDirectory(atPath: run.dir + "/state")
        #expect(files.contains { $0.hasPrefix("history.jsonl.damaged-") })
        #expect(files.contains { $0.hasPrefix("state.json.damaged-") })
        let copy = try #require(files.first { $0.hasPrefix("history.jsonl.damaged-") })
        #expect(FileManager.default.contents(atPath: run.dir + "/state/" + copy) == garbage)
        #expect(!run.records("fired").isEmpty)
    }

    /// A journald of its own, in a private mount namespace, killed while rituald runs: firing goes
    /// on (entries then go to standard error).
    static var canUnshare: Bool {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/lib/systemd/systemd-journald") else {
            return false
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        p.arguments = ["--mount", "/bin/true"]
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    @Test(.enabled(if: DaemonTests.canUnshare, "needs root and mount namespaces"))
    func aJournalThatGoesAwayDoesNotStopFiring() throws {
        let run = try RitualdRunner(config: DaemonTests.config)
        let notify = try NotifyListener()
        let script = """
            set -e
            saved=$PATH
            PATH=/usr/sbin:/usr/bin:/sbin:/bin
            mount -t tmpfs tmpfs /run/systemd/journal
            mount -t tmpfs tmpfs /run/log
            if [ -d /var/log/journal ]; then mount -t tmpfs tmpfs /var/log/journal; fi
            env -u NOTIFY_SOCKET /lib/systemd/systemd-journald >/dev/null 2>&1 &
            echo $! > "$0/journald.pid"
            for i in $(seq 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.05; done
            PATH=$saved
            exec "$@"
            """
        let p = try run.launch(
            notify: notify, environment: DaemonTests.noDesktop,
            prefix: ["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script, run.dir])
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        let pid = try #require(
            Int32(
                (try String(contentsOfFile: run.dir + "/journald.pid", encoding: .utf8)).trimmingCharacters(
                    in: .whitespacesAndNewlines)))
        kill(pid, SIGKILL)
        let before = run.fired().count
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        #expect(run.fired().count > before)
        #expect(p.isRunning)
    }
}
