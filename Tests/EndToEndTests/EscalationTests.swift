import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An escalation (a channel's `after`) goes out once per occurrence, whatever restarts follow.
struct EscalationTests {
    @Test(arguments: [SIGTERM, SIGKILL])
    func anEscalationSentIsNotSentAgainByARestart(stop: Int32) throws {
        let run = try RitualdRunner(config: "")
        let sent = run.dir + "/sent"
        let config =
            ChannelTests.settings()
            + "[channels.nag]\nkind = \"command\"\nafter = \"1s\"\n"
            + "argv = [\"/bin/sh\", \"-c\", \"echo $RITUAL_ID >> \(sent)\"]\n"
            + ChannelTests.ritual("open", "Sun 2099-01-04 10:00", channels: ["nag"])
            + ChannelTests.ritual("probe", "Sun 10:00", channels: ["nag"])
        try config.write(toFile: run.configPath, atomically: true, encoding: .utf8)
        func lines() -> [String] {
            String(decoding: FileManager.default.contents(atPath: sent) ?? Data(), as: UTF8.self)
                .split(separator: "\n").map(String.init)
        }
        func start() throws -> Process {
            let notify = try NotifyListener()
            let p = try run.launch(notify: notify, environment: ["PATH": "/usr/bin:/bin"])
            _ = try #require(notify.wait(for: "READY=1", within: 30))
            return p
        }
        var p = try start()
        #expect(try run.ctl(["fire", "open"]).status == 0)
        #expect(TestDesktop.poll(within: 20) { lines() == ["open"] })
        let escalated = run.records("escalated")
        #expect(escalated.count == 1 && escalated.first?["channel"] as? String == "nag", "\(run.records())")
        for round in 0..<2 {
            kill(p.processIdentifier, stop)
            p.waitUntilExit()
            p = try start()
            // The channel's messages go out in order: once the probe's is there, a repeat would be too.
            #expect(try run.ctl(["fire", "probe"]).status == 0)
            #expect(TestDesktop.poll(within: 20) { lines().filter { $0 == "probe" }.count == round + 1 })
            #expect(lines().filter { $0 == "open" }.count == 1, "round \(round): \(lines())")
            #expect(try run.ctl(["done", "probe"]).status == 0)
        }
        p.terminate()
    }
}
