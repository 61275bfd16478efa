import Foundation
import Testing

/// Channels with the real apprise against loopback receivers, and command channels.
struct ChannelTests {
    /// In every apprise URL of these tests; it must never show anywhere but in the URLs file.
    static let password = "pw-\(UUID().uuidString.prefix(8))"

    /// A private URLs file holding `lines`.
    static func urlsFile(_ dir: String, _ name: String, _ lines: [String], mode: mode_t = 0o600) throws -> String {
        let path = dir + "/" + name
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode)
        return path
    }

    static func settings(_ extra: String = "") -> String {
        "[settings]\ntimezone = \"UTC\"\npartner = \"Sam\"\nquiet_hours = \"03:00-03:01\"\n\(extra)\n"
    }

    static func ritual(_ id: String, _ when: String, channels: [String], extra: String = "") -> String {
        let list = channels.map { "\"\($0)\"" }.joined(separator: ", ")
        return "[[ritual]]\nid = \"\(id)\"\ntitle = \"\(id) with {partner}\"\nwhen = \"\(when)\"\n"
            + "quiet_hours = \"ignore\"\nchannels = [\(list)]\n\(extra)\n"
    }

    /// rituald with apprise on its PATH and no notify-send (the test desktop's dunst stays out of it).
    func start(_ config: String) throws -> (RitualdRunner, Process) {
        let run = try RitualdRunner(config: config)
        try FileManager.default.createDirectory(atPath: run.dir + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: run.dir + "/bin/apprise", withDestinationPath: "/usr/bin/apprise")
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: ["PATH": run.dir + "/bin"])
        _ = notify.wait(for: "READY=1", within: 30)
        return (run, p)
    }

    @Test func firingsAndAnswersReachThePartnerAndACommandSeesTheEvent() throws {
        let receiver = try Receiver()
        defer { receiver.stop() }
        let dir = receiver.dir
        let phone = try ChannelTests.urlsFile(
            dir, "phone.urls", ["json://sam:\(ChannelTests.password)@127.0.0.1:\(receiver.port)/hook"])
        let ntfy = try ChannelTests.urlsFile(dir, "ntfy.urls", ["ntfy://127.0.0.1:\(receiver.port)/our-topic"])
        let config =
            ChannelTests.settings()
            + "[channels.phone]\nkind = \"apprise\"\nurls_file = \"\(phone)\"\nevents = [\"fired\", \"done\"]\n"
            + "[channels.ntfy]\nkind = \"apprise\"\nurls_file = \"\(ntfy)\"\n"
            + "[channels.log]\nkind = \"command\"\nargv = [\"/bin/sh\", \"-c\", \"/usr/bin/env | /bin/grep ^RITUAL_ > \(dir)/env; echo noted\"]\n"
            + ChannelTests.ritual(
                "tick", "*:*:0/2", channels: ["phone", "ntfy", "log"], extra: "prompts = [\"Say one kind thing.\"]")
            + ChannelTests.ritual("alone", "*:*:0/2", channels: ["desktop"])
        let (run, p) = try start(config)
        defer { p.terminate() }
        #expect(TestDesktop.poll(within: 20) { receiver.received().contains { $0.path == "/hook" } })
        let fired = try #require(receiver.received().first { $0.path == "/hook" }?.body)
        #expect(fired["title"] as? String == "tick with Sam")
        #expect(fired["message"] as? String == "Say one kind thing.")
        #expect(fired["type"] as? String == "info")
        #expect(
            TestDesktop.poll(within: 20) { receiver.received().contains { $0.body["topic"] as? String == "our-topic" } }
        )
        let topic = try #require(receiver.received().first { $0.body["topic"] as? String == "our-topic" }?.body)
        #expect(topic["title"] as? String == "tick with Sam" && topic["message"] as? String == "Say one kind thing.")
        #expect(TestDesktop.poll(within: 20) { FileManager.default.fileExists(atPath: dir + "/env") })
        let env = (try? String(contentsOfFile: dir + "/env", encoding: .utf8)) ?? ""
        for line in [
            "RITUAL_ID=tick", "RITUAL_TITLE=tick with Sam", "RITUAL_EVENT=fired", "RITUAL_PARTNER=Sam",
            "RITUAL_PROMPT=Say one kind thing.",
        ] {
            #expect(env.contains(line + "\n"), "\(line) in \(env)")
        }
        #expect(env.contains("RITUAL_SCHEDULED_USEC=") && env.contains("+00:00\n"))
        #expect(TestDesktop.poll(within: 10) { run.log.contains("sent through log") })
        let done = try run.ctl(["done", "tick"])
        #expect(done.status == 0)
        #expect(
            TestDesktop.poll(within: 20) {
                receiver.received().contains { $0.body["message"] as? String == "tick with Sam: done." }
            })
        let answer = receiver.received().first { $0.body["message"] as? String == "tick with Sam: done." }
        #expect(answer?.body["type"] as? String == "success")
        #expect(answer?.path == "/hook", "only phone asked for answers")
        #expect(!receiver.received().contains { ($0.body["title"] as? String)?.hasPrefix("alone") == true })
        // Everything it printed and journaled, and what ritualctl says, without the password.
        var outputs = [run.log]
        for command in [["show", "tick"], ["list", "--json"], ["status", "--json"], ["history", "--json"]] {
            outputs.append(try run.ctl(command).stdout)
        }
        outputs.append(try Ritualctl.run(["check", run.configPath]).stdout)
        outputs.append(try Ritualctl.run(["test-channel", "phone", "--config", run.configPath]).stdout)
        if TestDesktop.hasJournal {
            outputs.append(TestDesktop.run("journalctl", ["-o", "json", "--no-pager", "SYSLOG_IDENTIFIER=rituald"]))
        }
        #expect(!outputs.contains { $0.contains(ChannelTests.password) })
        #expect(
            try run.ctl(["show", "tick"]).stdout.contains(
                "phone (apprise: fired, done), ntfy (apprise: fired), log (command: fired)"))
    }

    /// A receiver that is down, or slower than the timeout: delivery-failed names the channel
    /// after the last attempt, and firing goes on meanwhile.
    @Test func downOrSlowEndsInDeliveryFailedWhileFiringGoesOn() async throws {
        let slow = try Receiver(delay: 6)
        defer { slow.stop() }
        let down = try ChannelTests.urlsFile(
            slow.dir, "down.urls", ["json://sam:\(ChannelTests.password)@127.0.0.1:\(Receiver.closedPort())/x"])
        let late = try ChannelTests.urlsFile(slow.dir, "slow.urls", ["json://127.0.0.1:\(slow.port)/slow"])
        let config =
            ChannelTests.settings()
            + "[channels.down]\nkind = \"apprise\"\nurls_file = \"\(down)\"\n"
            + "[channels.slow]\nkind = \"apprise\"\nurls_file = \"\(late)\"\ntimeout = \"2s\"\n"
            + ChannelTests.ritual("tick", "*:*:0/3", channels: ["down", "slow"])
        let (run, p) = try start(config)
        defer { p.terminate() }
        let firstFired = await TestDesktop.waitUntil(within: 10) { !run.records("fired").isEmpty }
        #expect(firstFired)
        #expect(
            await TestDesktop.waitUntil(within: 40) {
                let text = run.log
                return text.contains("through down (3 attempts)")
                    && text.contains("through slow (3 attempts): no answer within 2 s")
            })
        #expect(p.isRunning)
        #expect(run.records("fired").count >= 4, "firing went on")
        #expect(!run.log.contains(ChannelTests.password))
        if TestDesktop.hasJournal {
            #expect(
                await TestDesktop.waitUntil(within: TestDesktop.journalWait) {
                    TestDesktop.journal("RITUAL_CHANNEL", "down").contains { $0["RITUAL_EVENT"] == "delivery-failed" }
                })
        }
    }

    @Test func aURLsFileOthersCanReadIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("urls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let urls = try ChannelTests.urlsFile(
            dir, "open.urls", ["json://u:\(ChannelTests.password)@127.0.0.1/x"], mode: 0o644)
        let config =
            ChannelTests.settings() + "[channels.phone]\nkind = \"apprise\"\nurls_file = \"\(urls)\"\nbogus = 3\n"
            + "[channels.other]\nkind = \"pigeon\"\n" + ChannelTests.ritual("tick", "daily", channels: ["phone"])
        try config.write(toFile: dir + "/r.toml", atomically: true, encoding: .utf8)
        let check = try Ritualctl.run(["check", dir + "/r.toml"])
        #expect(check.status == 1)
        #expect(check.stderr.contains("channels.phone.urls_file: \(urls): readable or writable by group or others"))
        #expect(check.stderr.contains("run `chmod 600 \(urls)`"))
        #expect(check.stderr.contains("channels.phone.bogus: unknown key"))
        #expect(check.stderr.contains("channels.other.kind: unknown kind \"pigeon\""))
        #expect(!check.stderr.contains(ChannelTests.password))
        chmod(urls, 0o600)
        let fixed = try Ritualctl.run(["check", dir + "/r.toml"])
        #expect(!fixed.stderr.contains("readable or writable"))
    }

    @Test func testChannelReportsSuccessAndApprisesReason() throws {
        let receiver = try Receiver()
        defer { receiver.stop() }
        let good = try ChannelTests.urlsFile(receiver.dir, "good.urls", ["json://127.0.0.1:\(receiver.port)/t"])
        let bad = try ChannelTests.urlsFile(
            receiver.dir, "bad.urls", ["json://u:\(ChannelTests.password)@127.0.0.1:\(Receiver.closedPort())/t"])
        let config =
            ChannelTests.settings() + "[channels.good]\nkind = \"apprise\"\nurls_file = \"\(good)\"\n"
            + "[channels.bad]\nkind = \"apprise\"\nurls_file = \"\(bad)\"\n"
            + ChannelTests.ritual("tick", "daily", channels: ["good"])
        let path = receiver.dir + "/r.toml"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let ok = try Ritualctl.run(["test-channel", "good", "--config", path])
        #expect(ok.status == 0)
        #expect(ok.stdout == "Sent a test message through good (apprise).\n")
        #expect(receiver.received().first?.body["title"] as? String == "Rituals test")
        let failed = try Ritualctl.run(["test-channel", "bad", "--config", path])
        #expect(failed.status == 1)
        #expect(failed.stderr.hasPrefix("ritualctl: bad (apprise) failed: A Connection error occurred"))
        #expect(!failed.stderr.contains(ChannelTests.password))
        let unknown = try Ritualctl.run(["test-channel", "nope", "--config", path])
        #expect(unknown.status == 1 && unknown.stderr.contains("the channels are: bad, good"))
    }

    /// Every secret of a URLs file is kept out of what is printed, however far down it is; a file
    /// too long to be a list of URLs is refused.
    @Test func aSecretPastTheFirst64KiBIsKeptOutAndAHugeFileRefused() throws {
        let receiver = try Receiver()
        defer { receiver.stop() }
        let padding = (0..<2000).map { "# \($0): " + String(repeating: "x", count: 40) }
        let far = try ChannelTests.urlsFile(
            receiver.dir, "far.urls",
            padding + ["json://u:\(ChannelTests.password)@"])
        let huge = try ChannelTests.urlsFile(
            receiver.dir, "huge.urls", padding + padding + padding + padding + padding + padding)
        let config =
            ChannelTests.settings() + "[channels.far]\nkind = \"apprise\"\nurls_file = \"\(far)\"\n"
            + "[channels.huge]\nkind = \"apprise\"\nurls_file = \"\(huge)\"\n"
            + ChannelTests.ritual("tick", "daily", channels: ["far"])
        let path = receiver.dir + "/r.toml"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let failed = try Ritualctl.run(["test-channel", "far", "--config", path])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("Unparseable"), "apprise quotes the line: \(failed.stderr)")
        #expect(!failed.stderr.contains(ChannelTests.password) && !failed.stdout.contains(ChannelTests.password))
        let refused = try Ritualctl.run(["test-channel", "huge", "--config", path])
        #expect(refused.status == 1 && refused.stderr.contains("too long for a list of Apprise URLs"))
    }
}
