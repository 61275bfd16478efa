import Foundation
import Testing

/// A partner's answer from the phone, through a real Matrix homeserver, withdraws the
/// notification on this desktop (dunst) as an answer from the other computer does.
extension DesktopTests {
    @Test func aReactionOnThePhoneWithdrawsTheDesktopNotification() throws {
        TestDesktop.run("dunstctl", ["close-all"])
        let hs = try MatrixHomeserver()
        let token = try hs.botTokenFile()
        let id = DesktopTests.unique("phone")
        let title = "Phone \(id)"
        let config =
            DesktopTests.once(id: id, title: title, in: -1, extra: "channels = [\"desktop\", \"sam\"]")
            .replacingOccurrences(
                of: "[settings]\n",
                with: "[settings]\npeople = [\"Alex\", \"Sam\"]\nme = \"Alex\"\n")
                + """
                [channels.sam]
                kind = "matrix"
                homeserver = "\(hs.url)"
                room = "\(hs.room)"
                token_file = "\(token)"
                answers = true
                answerer = "\(hs.partner)"

                """
        let run = try RitualdRunner(config: config)
        let p = try start(run, try NotifyListener())
        defer { p.terminate() }
        #expect(TestDesktop.poll(within: 15) { TestDesktop.displayed() == 1 })
        #expect(TestDesktop.poll(within: 20) { !hs.posts(containing: title).isEmpty })
        let post = try #require(hs.posts(containing: title).first)
        _ = try hs.react("partner", to: post, "\u{2705}")
        #expect(TestDesktop.poll(within: 10) { TestDesktop.displayed() == 0 })
        let answers = run.records("done")
        #expect(answers.count == 1)
        #expect(answers.first?["by"] as? String == "Sam")
        let status = try run.ctl(["status", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let channels = json?["answerChannels"] as? [[String: Any]]
        #expect(channels?.first?["channel"] as? String == "sam")
        #expect(channels?.first?["person"] as? String == "Sam")
        #expect(channels?.first?["waiting"] as? Int == 0)
    }
}
