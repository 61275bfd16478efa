import Foundation
import Testing

/// What the daemon's files survive: a full disk, a link planted in the state directory, an
/// unsafe socket directory, a config deleted under a running daemon.
struct StateSafetyTests {
    /// Runs rituald with its state directory on a 64 KiB tmpfs of a private mount namespace; the
    /// directory is reached from here through /proc/PID/root.
    func onTinyDisk(_ run: RitualdRunner, _ notify: NotifyListener) throws -> Process {
        try FileManager.default.createDirectory(atPath: run.dir + "/state", withIntermediateDirectories: true)
        let script = """
            set -e
            /bin/mount -t tmpfs -o size=64k tmpfs "$0/state"
            exec "$@"
            """
        return try run.launch(
            notify: notify, environment: DaemonTests.noDesktop,
            prefix: ["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script, run.dir])
    }

    /// A ritual every second whose records are long (its prompt), so that each append needs a
    /// new page of the tmpfs soon after the disk is full.
    static let longRecords =
        SocketAbuseTests.everySecond
        + "prompts = [\"\(String(repeating: "Say one thing you noticed today. ", count: 40))\"]\n"

    @Test(.enabled(if: getuid() == 0, "needs root to mount a tmpfs"))
    func aFullDiskLeavesEveryRecordWholeAndLosesNone() throws {
        let run = try RitualdRunner(config: StateSafetyTests.longRecords)
        let notify = try NotifyListener()
        let p = try onTinyDisk(run, notify)
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        let state = "/proc/\(p.processIdentifier)/root\(run.dir)/state"
        let history = state + "/history.jsonl"
        func lines() -> [Substring] {
            String(decoding: FileManager.default.contents(atPath: history) ?? Data(), as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false)
        }
        #expect(TestDesktop.poll(within: 20) { lines().count > 3 })
        // Fill the disk to the last byte.
        FileManager.default.createFile(atPath: state + "/filler", contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: state + "/filler"))
        while (try? handle.write(contentsOf: Data(repeating: 0x78, count: 512))) != nil {}
        try? handle.close()
        #expect(
            TestDesktop.poll(within: 20) {
                (try? run.ctl(["status"]))?.stdout.contains("No space left on device") == true
            }, "status says what is wrong")
        // Firing goes on while nothing can be written.
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        try FileManager.default.removeItem(atPath: state + "/filler")
        #expect(
            TestDesktop.poll(within: 20) {
                (try? run.ctl(["status"]))?.stdout.contains("No space left") == false
            }, "the records kept in memory are written once there is room")
        let text = lines()
        #expect(text.last == "", "the file ends with a whole line")
        let records = text.dropLast().map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(records.allSatisfy { $0 != nil }, "every line is a whole record: \(text)")
        let fired = records.compactMap { $0 }.filter { $0["event"] as? String == "fired" }.compactMap {
            $0["occurrence"] as? Int
        }
        #expect(fired == fired.sorted() && Set(fired).count == fired.count, "no occurrence lost or doubled")
        let shown = try run.ctl(["history", "--state-dir", state, "--json"])
        let listed = (try? JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [[String: Any]]) ?? []
        #expect(listed.count == records.count, "ritualctl history shows every record")
    }

    @Test func aLinkPlantedAsTheHistoryIsRefusedAndNotFollowed() throws {
        let run = try RitualdRunner(config: DaemonTests.config)
        let target = run.dir + "/precious"
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createDirectory(atPath: run.dir + "/state", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: run.historyPath, withDestinationPath: target)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: DaemonTests.noDesktop)
        p.waitUntilExit()
        #expect(p.terminationStatus == 1)
        let log = try String(contentsOfFile: run.dir + "/rituald.log", encoding: .utf8)
        #expect(log.contains("\(run.historyPath): it is a symbolic link, which is never followed here"))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
        let copies = try FileManager.default.contentsOfDirectory(atPath: run.dir + "/state")
        #expect(!copies.contains { $0.contains("damaged") })
    }

    @Test(.enabled(if: getuid() == 0, "needs root to make a directory of another user's"))
    func aSocketDirectoryOfAnotherUsersIsRefusedByBoth() throws {
        let run = try RitualdRunner(config: DaemonTests.config)
        let planted = run.dir + "/rituals-\(getuid())"
        try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: true)
        chown(planted, 65534, 65534)
        chmod(planted, 0o1777)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: DaemonTests.noDesktop, socket: planted + "/control.sock")
        p.waitUntilExit()
        #expect(p.terminationStatus == 1)
        let log = try String(contentsOfFile: run.dir + "/rituald.log", encoding: .utf8)
        #expect(log.contains("\(planted) belongs to uid 65534, not to you"))
        let ctl = try Ritualctl.run(["status", "--socket", planted + "/control.sock"])
        #expect(ctl.status == 1)
        #expect(ctl.stderr.contains("belongs to uid 65534"))
        // The fallback without XDG_RUNTIME_DIR is checked the same way.
        if !FileManager.default.fileExists(atPath: "/run/user/\(getuid())") {
            let fallback = try Ritualctl.run(["status"], environment: ["XDG_RUNTIME_DIR": "", "TMPDIR": run.dir])
            #expect(fallback.status == 1)
            #expect(fallback.stderr.contains("\(planted) belongs to uid 65534"))
        }
    }

    @Test func aConfigDeletedUnderARunningDaemonKeepsItsRituals() throws {
        let run = try RitualdRunner(config: ControlTests.config)
        let home = run.dir + "/config"
        try FileManager.default.createDirectory(atPath: home + "/rituals", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: run.configPath, toPath: home + "/rituals/rituals.toml")
        let notify = try NotifyListener()
        let p = try run.launch(
            notify: notify, environment: ["PATH": "/nonexistent", "XDG_CONFIG_HOME": home], configFile: false)
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        try FileManager.default.removeItem(atPath: home + "/rituals/rituals.toml")
        let reload = try run.ctl(["reload"])
        #expect(reload.status == 1)
        #expect(reload.stderr.contains("no such file any more; put it back"))
        let list = try run.ctl(["list"])
        #expect(list.stdout.contains("walk") && !list.stdout.contains("check-in"), "\(list.stdout)")
    }
}
