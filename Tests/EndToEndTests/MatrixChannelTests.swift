import Foundation
import Testing

/// A partner answers from the phone through a real Matrix homeserver (Synapse on 127.0.0.1):
/// rituald posts the ritual with its three answer reactions, follows the room, and records the
/// partner's reaction as the partner's answer; a stranger's is ignored, a restart reads nothing
/// twice, and a homeserver that goes away and comes back loses no answer.
@Suite(.serialized)
struct MatrixChannelTests {
    /// Alex's config with the channel sam: `hs`'s room (or `room`), through `url` when given
    /// (pantalaimon), as whom `token` makes rituald, Sam's answers counting.
    static func config(
        _ hs: MatrixHomeserver, token: String, rituals: String, room: String? = nil, url: String? = nil
    ) -> String {
        RitualdRunner.couple(
            channel: "[channels.sam]\nkind = \"matrix\"\nhomeserver = \"\(url ?? hs.url)\"\n"
                + "room = \"\(room ?? hs.room)\"\n"
                + "token_file = \"\(token)\"\nanswers = true\nperson = \"Sam\"\nanswerer = \"\(hs.partner)\"\n",
            rituals: rituals)
    }

    /// A ritual of the channel sam due a second ago, or once `seconds` from now.
    static func ritual(_ id: String, _ title: String, in seconds: Int = -1, extra: String = "") -> String {
        RitualdRunner.dueRitual(id, title, channel: "sam", in: seconds, extra: extra)
    }

    func start(_ run: RitualdRunner) throws -> Process { try run.launchWithCurl() }

    @Test func thePartnersReactionIsTheirAnswerAndNothingIsReadTwiceOrLost() throws {
        let hs = try MatrixHomeserver()
        let tag = UUID().uuidString.prefix(6)
        let walk = "Walk \(tag)"
        let talk = "Talk \(tag)"
        let token = try hs.botTokenFile()
        let run = try RitualdRunner(
            config: MatrixChannelTests.config(
                hs, token: token,
                rituals: MatrixChannelTests.ritual("walk", walk, extra: "ack = \"both\"")
                    + MatrixChannelTests.ritual("talk", talk)))
        try run.handledLongAgo()
        var p = try start(run)
        defer { p.terminate() }
        #expect(
            TestDesktop.poll(within: 30) { !hs.posts(containing: walk).isEmpty && !hs.posts(containing: talk).isEmpty })
        let walkPost = try #require(hs.posts(containing: walk).first, "\(run.log)")
        let talkPost = try #require(hs.posts(containing: talk).first)
        #expect(TestDesktop.poll(within: 10) { hs.botReactions(to: walkPost).count == 3 })
        #expect(
            hs.events().contains { (($0["content"] as? [String: Any])?["body"] as? String)?.contains("snooze") == true }
        )

        // A stranger in the room taps Done first; only the partner's answer counts.
        _ = try hs.react("stranger", to: walkPost, "\u{2705}")
        _ = try hs.react("partner", to: walkPost, "\u{2705}")
        #expect(TestDesktop.poll(within: 10) { run.othersAnswers("walk").count == 1 }, "\(run.log)")
        let first = run.othersAnswers("walk")
        #expect(first.first?["by"] as? String == "Sam")
        #expect(first.first?["event"] as? String == "done")
        // ack = "both": Sam's answer leaves it open for Alex here.
        #expect(try run.ctl(["done", "walk"]).status == 0)

        // rituald restarts while the homeserver is away; the talk post still waits.
        p.terminate()
        p.waitUntilExit()
        hs.stop()
        p = try start(run)
        try hs.start()
        _ = try hs.say("partner", "skip", replyTo: talkPost)
        #expect(TestDesktop.poll(within: 60) { run.othersAnswers("talk").count == 1 }, "\(run.log)")
        #expect(run.othersAnswers("talk").first?["event"] as? String == "skipped")
        #expect(run.othersAnswers("talk").first?["by"] as? String == "Sam")
        // Nothing of before the restart was read again.
        #expect(run.othersAnswers("walk").filter { $0["by"] as? String == "Sam" }.count == 1)
        #expect(!run.records().contains { ($0["by"] as? String)?.contains("stranger") == true })
    }

    /// More came while rituald was stopped than one sync holds (the homeserver says "limited"):
    /// what it left out is read back, and the answer among it counts.
    @Test func anAnswerInABusyRoomIsNotLost() throws {
        let hs = try MatrixHomeserver()
        let token = try hs.botTokenFile()
        let run = try RitualdRunner(
            config: MatrixChannelTests.config(hs, token: token, rituals: MatrixChannelTests.ritual("walk", "Walk")))
        try run.handledLongAgo()
        var p = try start(run)
        defer { p.terminate() }
        #expect(TestDesktop.poll(within: 30) { !hs.posts(containing: "Walk").isEmpty })
        let post = try #require(hs.posts(containing: "Walk").first)
        #expect(TestDesktop.poll(within: 10) { hs.botReactions(to: post).count == 3 })
        // The bot's reactions were read: the next reading goes on from after them.
        let state = run.dir + "/state/matrix-sam.json"
        #expect(
            TestDesktop.poll(within: 10) {
                ((try? String(contentsOfFile: state, encoding: .utf8)) ?? "").contains("readTo")
            })
        p.terminate()
        p.waitUntilExit()
        // The long poll rituald left open ends at the first message; Synapse keeps its answer for
        // the same request: the answer comes after it, in the gap.
        try hs.chatter("stranger", 1)
        _ = try hs.say("partner", "done", replyTo: post)
        try hs.chatter("stranger", 70)
        p = try start(run)
        #expect(TestDesktop.poll(within: 30) { run.othersAnswers("walk").count == 1 }, "\(run.log)")
        #expect(run.othersAnswers("walk").first?["by"] as? String == "Sam")
    }

    @Test func testChannelWaitsForTheAnswerAndSaysWhoGaveIt() throws {
        let hs = try MatrixHomeserver()
        let token = try hs.botTokenFile()
        let run = try RitualdRunner(
            config: MatrixChannelTests.config(hs, token: token, rituals: MatrixChannelTests.ritual("walk", "Walk")))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Ritualctl.path)
        p.arguments = ["test-channel", "sam", "--config", run.configPath, "--wait", "60s"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        #expect(TestDesktop.poll(within: 20) { !hs.posts(containing: "Rituals test").isEmpty })
        let post = try #require(hs.posts(containing: "Rituals test").first)
        #expect(TestDesktop.poll(within: 10) { hs.botReactions(to: post).count == 3 })
        _ = try hs.react("stranger", to: post, "\u{2705}")
        _ = try hs.react("partner", to: post, "\u{1F4A4}")
        let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(said.contains("Sam answered snoozed (as \(hs.partner))"), "\(said)")
        #expect(!said.contains(hs.bot.token))
    }

    /// With ack = "both" an occurrence Sam answered from the phone stays open for Alex, and
    /// escalates on; but not through a channel that reaches Sam.
    @Test func whoAnsweredIsNotNagged() throws {
        let hs = try MatrixHomeserver()
        let token = try hs.botTokenFile()
        let tag = UUID().uuidString.prefix(6)
        let nudged = hs.dir + "/nudged"
        func nudge(_ name: String, person: String?, after: String) -> String {
            "[channels.\(name)]\nkind = \"command\"\nargv = [\"/bin/sh\", \"-c\", \"echo \(name) >> \(nudged)\"]\n"
                + "after = \"\(after)\"\n" + (person.map { "person = \"\($0)\"\n" } ?? "")
        }
        let walk = MatrixChannelTests.ritual("walk", "Walk \(tag)", extra: "ack = \"both\"")
            .replacingOccurrences(
                of: "channels = [\"sam\"]", with: "channels = [\"sam\", \"sam-phone\", \"alex-phone\"]")
        let rituals =
            nudge("sam-phone", person: "Sam", after: "9s") + nudge("alex-phone", person: nil, after: "11s") + walk
        let run = try RitualdRunner(config: MatrixChannelTests.config(hs, token: token, rituals: rituals))
        try run.handledLongAgo()
        let p = try start(run)
        defer { p.terminate() }
        #expect(TestDesktop.poll(within: 20) { !hs.posts(containing: "Walk \(tag)").isEmpty }, "\(run.log)")
        let post = try #require(hs.posts(containing: "Walk \(tag)").first)
        _ = try hs.react("partner", to: post, "\u{2705}")
        #expect(TestDesktop.poll(within: 8) { run.othersAnswers("walk").count == 1 })
        // Alex has not answered: the occurrence escalates, but only to Alex's own channel.
        #expect(TestDesktop.poll(within: 30) { (try? String(contentsOfFile: nudged, encoding: .utf8)) != nil })
        let sent = (try? String(contentsOfFile: nudged, encoding: .utf8)) ?? ""
        #expect(sent == "alex-phone\n", "\(run.log)")
        #expect(run.records("escalated").compactMap { $0["channel"] as? String } == ["alex-phone"])
    }
}
