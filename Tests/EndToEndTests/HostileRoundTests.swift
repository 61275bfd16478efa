import Foundation
import Testing

/// What the outside sends cannot stop rituald, against the real binaries: a journald that does
/// not read, a disk full and then freed, a command channel with a long timeout, a config with a
/// line of a hundred thousand values, text made to drive a terminal.
struct HostileRoundTests {
    static let mountPrivately = ["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c"]

    /// A journald whose socket is there and never read (a datagram socket bound in a private
    /// mount namespace and handed to rituald, which never reads it): firing and status go on,
    /// and status says the journal is not taking entries.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")))
    func aStalledJournaldHoldsNothing() throws {
        let run = try RitualdRunner(config: SocketAbuseTests.everySecond)
        let notify = try NotifyListener()
        let bind = """
            import os, socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind("/run/systemd/journal/socket")
            os.set_inheritable(s.fileno(), True)
            os.execv(sys.argv[1], sys.argv[1:])
            """
        let p = try run.launch(
            notify: notify, environment: DaemonTests.noDesktop,
            prefix: HostileRoundTests.mountPrivately + [
                "/bin/mkdir -p /run/systemd/journal && /bin/mount -t tmpfs tmpfs /run/systemd/journal && "
                    + "exec /usr/bin/python3 -c \"$0\" \"$@\"",
                bind,
            ])
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil, "\(run.log)")
        #expect(
            TestDesktop.poll(within: 60) {
                (try? run.ctl(["status"]))?.stdout.contains("journald is not taking entries") == true
            }, "status answers and says so")
        let before = run.records("fired").count
        #expect(TestDesktop.poll(within: 60) { run.records("fired").count >= before + 5 }, "firing goes on")
        let status = try run.ctl(["status"])
        #expect(status.status == 0 && status.stdout.contains("Journal:"), "\(status.stdout)")
    }

    /// A disk that refused the history and then has room again: what waited is written without a
    /// new record to carry it, status clears, and a kill -9 then loses nothing.
    @Test(.enabled(if: getuid() == 0, "needs root to mount a tmpfs"))
    func aDoneTheFullDiskRefusedIsWrittenOnceThereIsRoom() throws {
        let config = "[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\nwhen = \"*-*-* 00/6:00\"\n"
        let run = try RitualdRunner(config: config)
        let notify = try NotifyListener()
        let p = try StateSafetyTests().onTinyDisk(run, notify)
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        let state = "/proc/\(p.processIdentifier)/root\(run.dir)/state"
        #expect(try run.ctl(["fire", "walk"]).status == 0)
        _ = FileManager.default.createFile(atPath: state + "/filler", contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: state + "/filler"))
        while (try? handle.write(contentsOf: Data(repeating: 0x78, count: 512))) != nil {}
        try? handle.close()
        // Records until one finds no room (the history's last page had some).
        var snoozes = 0
        var refused = false
        while snoozes < 200 && !refused {
            let snooze = try run.ctl(["snooze", "walk", "5m"])
            snoozes += 1
            refused = snooze.stdout.contains("Not yet saved")
        }
        #expect(refused)
        try FileManager.default.removeItem(atPath: state + "/filler")
        #expect(
            TestDesktop.poll(within: 60) { (try? run.ctl(["status"]))?.stdout.contains("No space left") == false },
            "written on a timer, no new record needed")
        let history = String(
            decoding: FileManager.default.contents(atPath: state + "/history.jsonl") ?? Data(), as: UTF8.self)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(history.components(separatedBy: "\"event\":\"snoozed\"").count - 1 == snoozes, "\(history)")
    }

    /// A command channel with a long timeout: each program's pipes close when it ends, not when
    /// its timeout passes, so descriptors do not grow with firings.
    @Test func aFinishedCommandKeepsNoDescriptors() throws {
        let config =
            "[settings]\nquiet_hours = \"03:00-03:01\"\n"
            + "[channels.log]\nkind = \"command\"\nargv = [\"/bin/true\"]\ntimeout = \"10min\"\n"
            + "[[ritual]]\nid = \"tick\"\ntitle = \"Tick\"\nwhen = \"*:*:*\"\nquiet_hours = \"ignore\"\n"
            + "channels = [\"log\"]\n"
        let run = try RitualdRunner(config: config)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: DaemonTests.noDesktop)
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        func sent() -> Int { run.log.components(separatedBy: "rituald: sent:").count - 1 }
        func descriptors() -> Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(p.processIdentifier)/fd")) ?? []).count
        }
        #expect(TestDesktop.poll(within: 60) { sent() >= 3 }, "\(run.log)")
        let early = descriptors()
        let at = sent()
        #expect(TestDesktop.poll(within: 60) { sent() >= at + 10 })
        #expect(descriptors() <= early + 4, "\(early) → \(descriptors()) after 10 more runs")
    }

    /// A config with a line of 100,000 values: `check` reads it and says where it is wrong; a
    /// reload of it is refused with the same words while the rituals already loaded go on firing.
    @Test func aLongLineIsReadOnceAndNeverHoldsTheTimer() throws {
        let run = try RitualdRunner(config: SocketAbuseTests.everySecond)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: DaemonTests.noDesktop)
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        let values = (0..<100_000).map { String($0 % 10) }.joined(separator: ", ")
        let hostile = SocketAbuseTests.everySecond + "numbers = [\(values)]\n"
        let file = run.dir + "/hostile.toml"
        try hostile.write(toFile: file, atomically: true, encoding: .utf8)
        let check = try Ritualctl.run(["check", file])
        #expect(check.status == 1 && check.stderr.contains("numbers: unknown key"), "\(check.stderr)")
        try hostile.write(toFile: run.configPath, atomically: true, encoding: .utf8)
        let before = run.records("fired").count
        let reload = try run.ctl(["reload"])
        #expect(reload.status != 0 && reload.stderr.contains("numbers: unknown key"), "\(reload.stderr)")
        #expect(TestDesktop.poll(within: 60) { run.records("fired").count >= before + 3 })
        #expect(run.records("missed").isEmpty)
    }

    /// Text from outside (here a key of the user's file) never reaches the terminal raw.
    @Test func controlCharactersAreShownNotObeyed() throws {
        let run = try RitualdRunner(config: "\"\\u001b]0;owned\\u0007\\u001b[2J\" = 1\n")
        let check = try Ritualctl.run(["check", run.configPath])
        #expect(check.status == 1)
        #expect(
            !check.stderr.contains("\u{1B}") && !check.stderr.contains("\u{07}"), "\(check.stderr.debugDescription)")
        #expect(check.stderr.contains("\\x1B]0;owned\\x07"), "\(check.stderr)")
    }
}
