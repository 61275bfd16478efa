import Foundation
import Testing

/// A partner answers from the ntfy app: rituald publishes the ritual with Done / Snooze / Skip
/// buttons that publish a signed answer to the reply topic, follows that topic only while an
/// answer is awaited, records the button's answer as the channel's person once, and refuses
/// forged and replayed answers. Against a double of ntfy's documented HTTP API
/// (scripts/servers/ntfy_double.py): no ntfy server can be installed here.
@Suite(.serialized)
struct NtfyChannelTests {
    static func config(_ ntfy: NtfyDouble, topicFile: String, rituals: String) -> String {
        RitualdRunner.couple(
            channel: "[channels.sam-phone]\nkind = \"ntfy\"\nserver = \"\(ntfy.url)\"\n"
                + "topic_file = \"\(topicFile)\"\nanswers = true\nperson = \"Sam\"\n", rituals: rituals)
    }

    /// A ritual of the channel sam-phone due a second ago, or once `seconds` from now.
    static func ritual(_ id: String, _ title: String, in seconds: Int = -1, extra: String = "") -> String {
        RitualdRunner.dueRitual(id, title, channel: "sam-phone", in: seconds, extra: extra)
    }

    /// A topic of its own, in a file only its owner reads.
    static func topic(_ ntfy: NtfyDouble) throws -> (name: String, file: String) {
        let name = "rituals-" + UUID().uuidString.prefix(13).lowercased()
        let file = ntfy.dir + "/topic"
        try (name + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        return (name, file)
    }

    func start(_ run: RitualdRunner) throws -> Process { try run.launchWithCurl() }

    func answerChannel(_ run: RitualdRunner) throws -> [String: Any]? {
        let status = try run.ctl(["status", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        return (json?["answerChannels"] as? [[String: Any]])?.first
    }

    @Test func thePartnersButtonIsTheirAnswerAndForgeriesAreNot() throws {
        let ntfy = try NtfyDouble()
        let topic = try NtfyChannelTests.topic(ntfy)
        let tag = UUID().uuidString.prefix(6)
        let run = try RitualdRunner(
            config: NtfyChannelTests.config(
                ntfy, topicFile: topic.file,
                rituals: NtfyChannelTests.ritual("walk", "Walk \(tag)", extra: "ack = \"both\"")
                    + NtfyChannelTests.ritual("talk", "Talk \(tag)")))
        try run.handledLongAgo()
        var p = try start(run)
        defer { p.terminate() }
        #expect(TestDesktop.poll(within: 20) { ntfy.messages(topic.name).count == 2 }, "\(run.log)")
        let pushes = ntfy.messages(topic.name)
        for push in pushes {
            let actions = push["actions"] as? [[String: Any]] ?? []
            #expect(actions.map { $0["label"] as? String } == ["Done", "Snooze", "Skip"])
            #expect(actions.allSatisfy { $0["action"] as? String == "http" && $0["clear"] as? Bool == true })
            #expect(actions.allSatisfy { $0["url"] as? String == ntfy.url + "/" + topic.name + "-answers" })
        }
        #expect(pushes.contains { ($0["title"] as? String) == "Walk \(tag)" })
        #expect(TestDesktop.poll(within: 10) { (try? answerChannel(run)?["reading"] as? Bool) == true })

        // Whoever knows the topic can publish to the reply topic; only a signed answer counts.
        let walkDone = try #require(
            (pushes.first { ($0["title"] as? String)?.hasPrefix("Walk") == true }?["actions"] as? [[String: Any]])?
                .first?["body"] as? String)
        let forged = walkDone.dropLast(4) + "0000"
        try ntfy.publish(topic.name + "-answers", String(forged))
        try ntfy.publish(topic.name + "-answers", "done")
        try ntfy.publish(topic.name + "-answers", walkDone.replacingOccurrences(of: "walk", with: "talk"))
        try ntfy.press(topic.name, "Snooze", on: "Talk")
        #expect(TestDesktop.poll(within: 10) { run.othersAnswers("talk").count == 1 }, "\(run.log)")
        #expect(run.othersAnswers("talk").first?["event"] as? String == "snoozed")
        try ntfy.publish(topic.name + "-answers", walkDone)
        #expect(TestDesktop.poll(within: 10) { run.othersAnswers("walk").count == 1 }, "\(run.log)")
        #expect(run.othersAnswers("walk").first?["by"] as? String == "Sam")
        #expect(run.othersAnswers("walk").first?["event"] as? String == "done")
        #expect(TestDesktop.poll(within: 10) { (try? answerChannel(run)?["ignored"] as? Int) == 3 })
        // Both answered: the reply topic is no longer followed.
        #expect(TestDesktop.poll(within: 10) { ntfy.openSubscriptions == 0 })
        #expect(try answerChannel(run)?["reading"] as? Bool == false)
        // ack = "both": Sam's answer leaves it open for Alex here.
        #expect(try run.ctl(["done", "walk"]).status == 0)

        // A replayed answer, and a restart: nothing is recorded twice.
        try ntfy.publish(topic.name + "-answers", walkDone)
        p.terminate()
        p.waitUntilExit()
        p = try start(run)
        try ntfy.publish(topic.name + "-answers", walkDone)
        #expect(TestDesktop.poll(within: 10) { ntfy.openSubscriptions == 0 })
        #expect(run.othersAnswers("walk").filter { $0["by"] as? String == "Sam" }.count == 1)
        #expect(run.othersAnswers("talk").filter { $0["by"] as? String == "Sam" }.count == 1)
        #expect(!run.log.contains(topic.name), "the topic is a secret")
    }

    /// "Let's walk now", hours before the walk's time: the push goes out, and Sam's button counts
    /// at once.
    @Test func aButtonForARitualFiredByHandCountsAtOnce() throws {
        let ntfy = try NtfyDouble()
        let topic = try NtfyChannelTests.topic(ntfy)
        let run = try RitualdRunner(
            config: NtfyChannelTests.config(
                ntfy, topicFile: topic.file, rituals: NtfyChannelTests.ritual("walk", "Walk", in: 6 * 3600)))
        let p = try start(run)
        defer { p.terminate() }
        #expect(try run.ctl(["fire", "walk"]).status == 0)
        #expect(TestDesktop.poll(within: 20) { ntfy.messages(topic.name).count == 1 }, "\(run.log)")
        try ntfy.press(topic.name, "Done")
        #expect(TestDesktop.poll(within: 10) { run.othersAnswers("walk").count == 1 }, "\(run.log)")
        #expect(run.othersAnswers("walk").first?["occurrence"] as? Int == run.fired().first?["occurrence"] as? Int)
        #expect(try run.ctl(["done", "walk"]).status != 0, "nothing is left to answer")
    }

    /// A button pressed while rituald was stopped and the server was away is read when both are back.
    @Test func anAnswerGivenWhileItWasDownIsNotLost() throws {
        let ntfy = try NtfyDouble()
        let topic = try NtfyChannelTests.topic(ntfy)
        let run = try RitualdRunner(
            config: NtfyChannelTests.config(
                ntfy, topicFile: topic.file, rituals: NtfyChannelTests.ritual("walk", "Walk")))
        try run.handledLongAgo()
        var p = try start(run)
        defer { p.terminate() }
        #expect(TestDesktop.poll(within: 20) { ntfy.messages(topic.name).count == 1 }, "\(run.log)")
        p.terminate()
        p.waitUntilExit()
        try ntfy.press(topic.name, "Skip")
        ntfy.stop()
        p = try start(run)
        #expect(TestDesktop.poll(within: 10) { (try? answerChannel(run)?["problem"] as? String) != nil })
        let problem = try answerChannel(run)?["problem"] as? String ?? ""
        #expect(problem.contains("could not be reached") && !problem.contains(topic.name), "\(problem)")
        try ntfy.start()
        #expect(TestDesktop.poll(within: 30) { run.othersAnswers("walk").count == 1 }, "\(run.log)")
        #expect(run.othersAnswers("walk").first?["event"] as? String == "skipped")
        #expect(TestDesktop.poll(within: 10) { (try? answerChannel(run)?["problem"] as? String) == nil })
    }

    @Test func testChannelWaitsForTheButton() throws {
        let ntfy = try NtfyDouble()
        let topic = try NtfyChannelTests.topic(ntfy)
        let run = try RitualdRunner(
            config: NtfyChannelTests.config(
                ntfy, topicFile: topic.file, rituals: NtfyChannelTests.ritual("walk", "Walk")))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Ritualctl.path)
        p.arguments = [
            "test-channel", "sam-phone", "--config", run.configPath, "--state-dir", run.dir + "/state", "--wait", "60s",
        ]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        #expect(TestDesktop.poll(within: 20) { !ntfy.messages(topic.name).isEmpty })
        try ntfy.publish(topic.name + "-answers", "done test 1 " + String(repeating: "a", count: 64))
        try ntfy.press(topic.name, "Done")
        let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(said.contains("Sam answered done"), "\(said)")
        #expect(said.contains("1 other message(s)"), "\(said)")
        #expect(!said.contains(topic.name))
    }

    /// No button pressed: the wait ends as asked, not as a failure of the server.
    @Test func testChannelSaysWhenNoAnswerCame() throws {
        let ntfy = try NtfyDouble()
        let topic = try NtfyChannelTests.topic(ntfy)
        let run = try RitualdRunner(
            config: NtfyChannelTests.config(
                ntfy, topicFile: topic.file, rituals: NtfyChannelTests.ritual("walk", "Walk")))
        let r = try run.ctl([
            "test-channel", "sam-phone", "--config", run.configPath, "--state-dir", run.dir + "/state", "--wait", "3s",
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no answer from Sam within 3s"), "\(r.stderr)")
        #expect(!r.stderr.contains("could not be reached"), "\(r.stderr)")
        #expect(ntfy.messages(topic.name).count == 1)
    }
}
