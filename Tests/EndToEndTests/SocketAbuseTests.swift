import Foundation
import Testing

/// The control socket under misuse: other users, floods, silence, noise, a second daemon.
struct SocketAbuseTests {
    func started() throws -> (RitualdRunner, Process) {
        let run = try RitualdRunner(config: ControlTests.config)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: ["PATH": "/nonexistent"])
        _ = notify.wait(for: "READY=1", within: 30)
        return (run, p)
    }

    func answersStatus(_ run: RitualdRunner) throws -> Bool {
        let r = try run.ctl(["status"])
        return r.status == 0 && r.stdout.contains("running")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run a client as nobody"))
    func anotherUserIsRefused() throws {
        let (run, p) = try started()
        defer { p.terminate() }
        let asNobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", Ritualctl.path]
        func nobodyAsks() throws -> Ritualctl.Result {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: asNobody[0])
            process.arguments = Array(asNobody.dropFirst()) + ["status", "--socket", run.socketPath]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return Ritualctl.Result(status: process.terminationStatus, stdout: "", stderr: text)
        }
        chmod(run.dir, 0o755)
        let blocked = try nobodyAsks()
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("Permission denied"))
        // With the file modes opened up, the daemon's own peer check still refuses.
        chmod(run.socketPath, 0o666)
        let refused = try nobodyAsks()
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("not your rituald"))
        #expect(try answersStatus(run))
        if TestDesktop.hasJournal {
            #expect(
                TestDesktop.poll(within: TestDesktop.journalWait) {
                    TestDesktop.journal("SYSLOG_IDENTIFIER", "rituald").contains {
                        $0["MESSAGE"]?.contains("Refused a control connection from uid 65534") == true
                    }
                })
        }
        // A flood of them is journaled as a count, not one entry each.
        for _ in 0..<50 { _ = try nobodyAsks() }
        #expect(try answersStatus(run))
        let log = try String(contentsOfFile: run.dir + "/rituald.log", encoding: .utf8)
        #expect(log.components(separatedBy: "Refused ").count - 1 <= 3, "\(log)")
    }

    @Test func tenMegabytesWithoutANewlineAreRefused() throws {
        let (run, p) = try started()
        defer { p.terminate() }
        let client = try #require(RawClient(path: run.socketPath))
        let sent = client.send(Data(repeating: 0x61, count: 10 * 1024 * 1024))
        #expect(sent < 10 * 1024 * 1024)
        let answer = String(decoding: client.readToEnd() ?? Data(), as: UTF8.self)
        #expect(answer.contains("request longer than 65536 bytes"))
        #expect(try answersStatus(run))
    }

    @Test func aSilentClientIsDroppedAndOthersAreServed() throws {
        let (run, p) = try started()
        defer { p.terminate() }
        let silent = try #require(RawClient(path: run.socketPath))
        #expect(try answersStatus(run))
        #expect(silent.readToEnd() == Data(), "the daemon closes a silent client within its 2 s timeout")
        let slow = try #require(RawClient(path: run.socketPath))
        slow.send(Data("{\"command\":".utf8))
        let answer = String(decoding: slow.readToEnd() ?? Data(), as: UTF8.self)
        #expect(answer.contains("no complete request within 2 s"))
    }

    @Test func halfClosedAndMalformedRequestsGetErrors() throws {
        let (run, p) = try started()
        defer { p.terminate() }
        let half = try #require(RawClient(path: run.socketPath))
        half.send(Data("{\"command\":\"status\"}".utf8))
        half.finish()
        #expect(String(decoding: half.readToEnd() ?? Data(), as: UTF8.self).contains("\"ok\":true"))
        let bad = try #require(RawClient(path: run.socketPath))
        bad.send(Data("{\"command\":\"explode\"}\n".utf8))
        bad.finish()
        #expect(String(decoding: bad.readToEnd() ?? Data(), as: UTF8.self).contains("malformed request"))
    }

    @Test func aThousandRandomByteStringsLeaveItAnswering() throws {
        let (run, p) = try started()
        defer { p.terminate() }
        var generator = SystemRandomNumberGenerator()
        for i in 0..<1000 {
            guard let client = RawClient(path: run.socketPath) else {
                Issue.record("connection \(i) refused")
                break
            }
            let length = Int.random(in: 0...300, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if i % 2 == 0 { bytes.append(0x0A) }
            client.send(Data(bytes))
            client.finish()
            _ = client.readToEnd()
        }
        #expect(try answersStatus(run))
        #expect(p.isRunning)
    }

    @Test func aSecondDaemonRefusesAndAStaleSocketIsReplaced() throws {
        let (run, p) = try started()
        let notify = try NotifyListener()
        let second = try run.launch(notify: notify, environment: ["PATH": "/nonexistent"])
        second.waitUntilExit()
        #expect(second.terminationStatus == 1)
        let log = try String(contentsOfFile: run.dir + "/rituald.log", encoding: .utf8)
        #expect(log.contains("another rituald (pid \(p.processIdentifier)) keeps its history in \(run.dir)/state"))
        // Another socket does not make it a second user: the state directory is locked.
        let elsewhere = try run.launch(
            notify: notify, environment: ["PATH": "/nonexistent"], socket: run.dir + "/other.sock")
        elsewhere.waitUntilExit()
        #expect(elsewhere.terminationStatus == 1)
        #expect(
            try String(contentsOfFile: run.dir + "/rituald.log", encoding: .utf8).contains(
                "another rituald (pid \(p.processIdentifier))"))
        #expect(try answersStatus(run))
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: run.socketPath))
        let third = try run.launch(notify: notify, environment: ["PATH": "/nonexistent"])
        defer { third.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(try answersStatus(run))
    }

    /// A ritual every second, for tests that watch firing go on.
    static let everySecond = """
        [settings]
        quiet_hours = "03:00-03:01"
        [[ritual]]
        id = "tick"
        title = "Tick"
        when = "*:*:*"
        quiet_hours = "ignore"

        """

    @Test func aClientThatDoesNotReadStallsNothing() throws {
        let run = try RitualdRunner(config: SocketAbuseTests.everySecond)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: ["PATH": "/nonexistent"])
        defer { p.terminate() }
        _ = notify.wait(for: "READY=1", within: 30)
        // Expensive requests, each answered at length, sent without reading a byte back.
        let flood = try #require(RawClient(path: run.socketPath))
        let request = Data("{\"command\":\"next\",\"count\":1000,\"days\":3660}\n".utf8)
        let sent = flood.send(Data((0..<2500).map { _ in request }.joined()))
        #expect(sent > 0)
        // Firing goes on and other clients are answered while it sits there.
        let before = run.fired().count
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        #expect(run.fired().count > before)
        #expect(try answersStatus(run))
        // Not reading its answers for the timeout gets it dropped (seen without reading a byte).
        let peerClosed = Int16(0x2000)  // POLLRDHUP
        #expect(
            TestDesktop.poll(within: 20) {
                var fds = [pollfd(fd: flood.fd, events: peerClosed, revents: 0)]
                return poll(&fds, 1, 0) > 0 && fds[0].revents & (peerClosed | Int16(POLLHUP)) != 0
            }, "the daemon closes a client that does not read")
        #expect(p.isRunning)
    }

    @Test func silentClientsDoNotLockOutRealOnes() throws {
        let (run, p) = try started()
        defer { p.terminate() }
        let silent = (0..<80).compactMap { _ in RawClient(path: run.socketPath) }
        #expect(silent.count == 80)
        for _ in 0..<3 { #expect(try answersStatus(run)) }
        // Many at once: each is answered (a reset connection is tried again).
        let results = try (0..<100).map { _ -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Ritualctl.path)
            process.arguments = ["status", "--socket", run.socketPath]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for r in results { r.waitUntilExit() }
        #expect(results.filter { $0.terminationStatus == 0 }.count == 100)
        withExtendedLifetime(silent) {}
    }

    @Test func aSilentDaemonIsSaidToBeSoAndPlannedFromItsOwnConfig() throws {
        let (run, p) = try started()
        defer {
            kill(p.processIdentifier, SIGCONT)
            p.terminate()
        }
        kill(p.processIdentifier, SIGSTOP)
        let next = try run.ctl(["next", "--count", "2"])
        #expect(next.status == 0)
        #expect(next.stderr.contains("rituald did not answer within 15 s"))
        #expect(next.stderr.contains("planning offline from \(run.configPath)"))
        #expect(
            next.stdout.contains("tick  Tick") && !next.stdout.contains("check-in"),
            "the daemon's own rituals, not the built-in ones: \(next.stdout)")
        let status = try run.ctl(["status"])
        #expect(status.status == 3)
        #expect(status.stderr.contains("did not answer"))
    }
}
