import Foundation
import Testing

/// Sam's note from the phone, through a real Synapse: a reply to the bot's post in Sam's room is
/// Sam's note, held unseen on Alex's computer until Alex writes; then Alex's desktop shows Sam's
/// note and Sam's room gets Alex's.
@Suite(.serialized)
struct MatrixNotesTests {
    @Test func samsReplyIsANoteThatOpensWhenAlexWrites() throws {
        let hs = try MatrixHomeserver()
        let title = "Walk \(UUID().uuidString.prefix(6))"
        let config = MatrixChannelTests.config(
            hs, token: try hs.botTokenFile(),
            rituals: MatrixChannelTests.ritual(
                "walk", title, in: 6 * 3600, extra: "notes = \"sealed\"\nprompts = [\"What did the walk give you?\"]")
        ).replacingOccurrences(of: "answers = true\n", with: "answers = true\nnotes = true\n")
        let run = try RitualdRunner(config: config)
        // curl for the room, notify-send for the desktop: nothing else.
        let bin = run.dir + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        for tool in ["curl", "notify-send"] {
            try FileManager.default.createSymbolicLink(
                atPath: bin + "/" + tool, withDestinationPath: "/usr/bin/" + tool)
        }
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: ["PATH": bin])
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)

        #expect(try run.ctl(["fire", "walk"]).status == 0)
        #expect(TestDesktop.poll(within: 20) { !hs.posts(containing: title).isEmpty }, "\(run.log)")
        let post = try #require(hs.posts(containing: title).first)
        let samText = "The river at dusk, and your hand in mine."
        _ = try hs.say("partner", samText, replyTo: post)
        let samsEntry = { () -> [String: Any]? in
            guard let out = try? run.ctl(["notes", "walk", "--json"]).stdout,
                let pairs = try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]],
                let notes = pairs.first?["notes"] as? [[String: Any]]
            else { return nil }
            return notes.first { $0["person"] as? String == "Sam" }
        }
        #expect(TestDesktop.poll(within: 30) { samsEntry()?["state"] as? String == "sealed" }, "\(run.log)")
        #expect(samsEntry()?["text"] == nil, "sealed until Alex writes")
        #expect(!TestDesktop.history().contains { $0.body.contains("river at dusk") })
        // A reaction still answers the post.
        _ = try hs.react("partner", to: post, "\u{2705}")
        #expect(TestDesktop.poll(within: 30) { run.othersAnswers("walk").count == 1 }, "\(run.log)")

        let alexText = "The quiet, and the heron."
        #expect(try run.ctl(["note", "walk", alexText]).status == 0)
        // dunst keeps what it shows out of its history until it is closed.
        #expect(
            TestDesktop.poll(within: 30) {
                _ = TestDesktop.run("dunstctl", ["close-all"])
                return TestDesktop.history().contains {
                    $0.summary == "Sam wrote: \(title)" && $0.body.contains("river at dusk")
                }
            }, "\(run.log)")
        #expect(TestDesktop.poll(within: 30) { !hs.posts(containing: alexText).isEmpty }, "\(run.log)")
        #expect(samsEntry()?["text"] as? String == samText)
        // No text of either in the history or the log.
        let history = (try? String(contentsOfFile: run.dir + "/state/history.jsonl", encoding: .utf8)) ?? ""
        #expect(!history.contains("river") && !history.contains("heron") && !run.log.contains("heron"))
    }
}
