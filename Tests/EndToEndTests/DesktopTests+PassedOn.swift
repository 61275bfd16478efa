import Foundation
import Testing

/// Sam answers on the phone through Alex's ntfy channel; Alex's rituald records it as Sam's and
/// passes it on in the shared folder, where Sam's own rituald takes it as Sam's answer and
/// withdraws its notification (dunst). Against the ntfy double (scripts/servers/ntfy_double.py).
extension DesktopTests {
    @Test func anAnswerOnThePhoneReachesTheOtherComputerThroughTheFolder() throws {
        TestDesktop.run("dunstctl", ["close-all"])
        let ntfy = try NtfyDouble()
        let topic = try NtfyChannelTests.topic(ntfy)
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("relay-\(UUID().uuidString)").path
        let shared = base + "/shared"
        try FileManager.default.createDirectory(
            atPath: shared, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let id = DesktopTests.unique("relay")
        let ritual = DesktopTests.once(id: id, title: "Relay \(id)", in: -1, extra: "ack = \"both\"CHANNELS")
        func config(me: String, channels: String, extra: String = "") -> String {
            ritual.replacingOccurrences(
                of: "[settings]\n",
                with: "[settings]\npeople = [\"Alex\", \"Sam\"]\nme = \"\(me)\"\nshared_dir = \"\(shared)\"\n"
            ).replacingOccurrences(of: "CHANNELS", with: "\nchannels = \(channels)") + extra
        }
        let alex = try RitualdRunner(
            config: config(
                me: "Alex", channels: "[\"sam-phone\"]",
                extra: "[channels.sam-phone]\nkind = \"ntfy\"\nserver = \"\(ntfy.url)\"\n"
                    + "topic_file = \"\(topic.file)\"\nanswers = true\nperson = \"Sam\"\n"))
        let sam = try RitualdRunner(config: config(me: "Sam", channels: "[\"desktop\"]"))
        try alex.handledLongAgo()
        let a = try alex.launchWithCurl()
        defer { a.terminate() }
        let s = try start(sam, try NotifyListener())
        defer { s.terminate() }
        #expect(TestDesktop.poll(within: 15) { TestDesktop.displayed() == 1 })
        #expect(TestDesktop.poll(within: 20) { ntfy.messages(topic.name).count == 1 })
        try ntfy.press(topic.name, "Done")

        // Alex's rituald has it as Sam's, and passes it on in alex.jsonl.
        #expect(TestDesktop.poll(within: 10) { TwoComputers.answers(alex, "done", by: "Sam").count == 1 })
        let alexFile = (try? String(contentsOfFile: shared + "/alex.jsonl", encoding: .utf8)) ?? ""
        #expect(alexFile.contains(#""by":"Sam""#) && alexFile.contains(#""via":"sam-phone""#), "\(alexFile)")
        // Sam's rituald takes it as Sam's own answer: the notification goes, Sam's file has it.
        #expect(TestDesktop.poll(within: 10) { TwoComputers.answers(sam, "done", by: nil).count == 1 })
        #expect(TestDesktop.poll(within: 10) { TestDesktop.displayed() == 0 })
        #expect(
            TestDesktop.poll(within: 10) {
                ((try? String(contentsOfFile: shared + "/sam.jsonl", encoding: .utf8)) ?? "").contains("\"done\"")
            })
        // Nothing is recorded twice: Alex reads Sam's own line as heard already, and Alex's own
        // count of answers in its file is untouched (no line is written back to complete it).
        a.terminate()
        a.waitUntilExit()
        let again = try alex.launchWithCurl()
        defer { again.terminate() }
        #expect(try alex.ctl(["status"]).status == 0)
        #expect(TwoComputers.answers(alex, "done", by: "Sam").count == 1)
        #expect(TwoComputers.answers(sam, "done", by: nil).count == 1)
        let lines = ((try? String(contentsOfFile: shared + "/alex.jsonl", encoding: .utf8)) ?? "")
            .split(separator: "\n")
        #expect(lines.count == 1, "\(lines)")
        try? FileManager.default.removeItem(atPath: base)
    }
}
