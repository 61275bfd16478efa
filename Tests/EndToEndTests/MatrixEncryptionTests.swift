import Foundation
import Testing

/// An end-to-end encrypted room (as Element makes private rooms and direct chats). Straight on a
/// homeserver, rituald cannot read it, and says so plainly in status, the journal and
/// test-channel. Through pantalaimon (the documented set-up), the partner's encrypted reply and
/// encrypted reaction, from a real encrypting client, count.
@Suite(.serialized)
struct MatrixEncryptionTests {

    @Test func anEncryptedRoomStraightOnTheHomeserverIsSaidPlainly() throws {
        let hs = try MatrixHomeserver()
        let room = try hs.encryptedRoom()
        let run = try RitualdRunner(
            config: MatrixChannelTests.config(
                hs, token: try hs.botTokenFile(), rituals: MatrixChannelTests.ritual("walk", "Walk", in: 6 * 3600),
                room: room))
        let p = try run.launchWithCurl()
        defer { p.terminate() }
        let said = "the room \(room) is end-to-end encrypted"
        #expect(TestDesktop.poll(within: 20) { run.log.contains(said) }, "\(run.log)")
        let status = try run.ctl(["status"]).stdout
        #expect(status.contains(said) && status.contains("pantalaimon"), "\(status)")
        let test = try Ritualctl.run([
            "test-channel", "sam", "--config", run.configPath, "--state-dir", run.dir + "/test-state", "--wait", "30s",
        ])
        #expect(test.status == 1)
        #expect(test.stderr.contains("end-to-end encrypted") && test.stderr.contains("pantalaimon"), "\(test.stderr)")
    }

    @Test func throughPantalaimonTheEncryptedAnswersCount() throws {
        let hs = try MatrixHomeserver()
        let room = try hs.encryptedRoom()
        let pan = try Pantalaimon(before: hs)
        try pan.partnerLogsIn()
        let tag = UUID().uuidString.prefix(6)
        let rituals =
            MatrixChannelTests.ritual("walk", "Walk \(tag)", in: 6 * 3600)
            + MatrixChannelTests.ritual("talk", "Talk \(tag)", in: 6 * 3600)
        let run = try RitualdRunner(
            config: MatrixChannelTests.config(
                hs, token: try pan.botTokenFile(), rituals: rituals, room: room, url: pan.url))
        let p = try run.launchWithCurl()
        defer { p.terminate() }
        func answers(_ ritual: String) -> [[String: Any]] {
            run.records().filter { $0["ritual"] as? String == ritual && $0["by"] as? String == "Sam" }
        }
        // An encrypted reply.
        #expect(try run.ctl(["fire", "walk"]).status == 0)
        try pan.partnerAnswers(in: room, post: "Walk \(tag)", "snooze 20m")
        #expect(TestDesktop.poll(within: 20) { answers("walk").count == 1 }, "\(run.log)")
        #expect(answers("walk").first?["event"] as? String == "snoozed")
        // An encrypted reaction.
        #expect(try run.ctl(["fire", "talk"]).status == 0)
        try pan.partnerAnswers(in: room, post: "Talk \(tag)", "react:\u{2705}")
        #expect(TestDesktop.poll(within: 20) { answers("talk").count == 1 }, "\(run.log)")
        #expect(answers("talk").first?["event"] as? String == "done")
        // Read through pantalaimon, the room is no problem.
        let status = try run.ctl(["status"]).stdout
        #expect(!status.contains("encrypted") && !run.log.contains("encrypted"), "\(status)")
    }
}
